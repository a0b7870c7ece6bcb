"""Attribution quality on digits: LDS and wall time of the BIF vs TRAK, influence functions and TracIn.

Run in the benchmark's own virtualenv (peers are never interplit dependencies):

    bash benchmarks/setup_lds_venv.sh
    OMP_NUM_THREADS=1 benchmarks/.venv-lds/bin/python benchmarks/attribution_lds.py [--quick]

Setup: sklearn digits (pixels / 16), shuffled with seed 0; the first `--n-train` images are the training set,
the next `--n-query` the queries. Two models: a logistic regression (64→10) and an MLP (64→32→10), both trained
with Adam on mean cross-entropy + (λ/2)‖θ‖². Ground truth: `--m` random half-subsets (α = 0.5), each retrained
with `--seeds` seeds; the query output is the query's cross-entropy LOSS, averaged over seeds. The retrained
outputs are cached under benchmarks/.cache/ (interplit.lds.retrain_outputs), so reruns skip the retraining.
Every method attributes the model trained on the full training set with seed 0. The time of a method is the
wall time of its attribution compute (for TRAK-k it includes training the k−1 extra checkpoints); retraining
for the ground truth is not timed. LDS = mean over queries of the Spearman correlation between the predicted and
actual loss over the subsets, ± its standard error over queries (interplit.lds.lds).
"""
from __future__ import annotations
import argparse, os, shutil, sys, tempfile, time, traceback, warnings
from pathlib import Path
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

HERE = Path(__file__).resolve().parent
warnings.filterwarnings("ignore")

from interplit.lds import lds, lds_subsets, retrain_outputs
from interplit.bif import bif
from interplit.sampling import cross_entropy_loss

# ---------------------------------------------------------------- data and models
def load_data(n_train, n_query):
    from sklearn.datasets import load_digits
    d = load_digits()
    X, y = torch.tensor(d.data, dtype=torch.float32) / 16, torch.tensor(d.target)
    p = torch.tensor(np.random.default_rng(0).permutation(len(X)))
    X, y = X[p], y[p]
    return X[:n_train], y[:n_train], X[n_train:n_train + n_query], y[n_train:n_train + n_query]

RECIPES = {  # model sizes and training recipe: part of the cache key
    "logreg": dict(sizes=(64, 10), steps=300, lr=0.05, batch=None, wd=1e-3),
    "mlp": dict(sizes=(64, 32, 10), steps=800, lr=3e-3, batch=128, wd=1e-3),
}

def make_model(name):
    s = RECIPES[name]["sizes"]
    layers = []
    for i, (a, b) in enumerate(zip(s[:-1], s[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(s) - 2: layers.append(nn.ReLU())
    return nn.Sequential(*layers)

def train(name, X, y, seed):
    r = RECIPES[name]
    torch.manual_seed(seed)
    model = make_model(name)
    opt = torch.optim.Adam(model.parameters(), lr=r["lr"])
    g = torch.Generator().manual_seed(seed)
    n, bs = len(X), (len(X) if r["batch"] is None else min(r["batch"], len(X)))
    order, pos = None, n
    for _ in range(r["steps"]):
        if bs == n: xb, yb = X, y
        else:
            if pos + bs > n: order, pos = torch.randperm(n, generator=g), 0
            idx = order[pos:pos + bs]; pos += bs; xb, yb = X[idx], y[idx]
        loss = F.cross_entropy(model(xb), yb) + 0.5 * r["wd"] * sum((p ** 2).sum() for p in model.parameters())
        opt.zero_grad(); loss.backward(); opt.step()
    return model.eval()

def query_losses(model, Xq, yq):
    with torch.no_grad(): return F.cross_entropy(model(Xq), yq, reduction="none").numpy()

# ---------------------------------------------------------------- own implementations (labelled "own")
def _flat_fns(model, wd):
    names = [k for k, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    theta = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    def unflat(t):
        out, i = {}, 0
        for k, s in zip(names, shapes):
            k_n = int(np.prod(s)); out[k] = t[i:i + k_n].reshape(s); i += k_n
        return out
    def sample_loss(t, x, y):
        return F.cross_entropy(torch.func.functional_call(model, unflat(t), (x[None],)), y[None])
    return theta, unflat, sample_loss

def per_sample_grads(model, X, y, wd):
    theta, _, sl = _flat_fns(model, wd)
    return torch.func.vmap(torch.func.grad(sl), in_dims=(None, 0, 0))(theta, X, y)

def own_graddot(model, Xtr, ytr, Xq, yq, wd):
    "Gradient dot product = TracIn on the final checkpoint: ∇ℓ_i·∇ℓ_q, positive = helps."
    return (per_sample_grads(model, Xtr, ytr, wd) @ per_sample_grads(model, Xq, yq, wd).T).numpy(), "positive"

def own_if(model, Xtr, ytr, Xq, yq, wd, damping):
    "Exact damped influence function: −∇ℓ_q (H + δI)⁻¹ ∇ℓ_i with the exact Hessian of the training objective (negative = helps)."
    theta, unflat, sl = _flat_fns(model, wd)
    def objective(t):
        out = torch.func.functional_call(model, unflat(t), (Xtr,))
        return F.cross_entropy(out, ytr) + 0.5 * wd * (t ** 2).sum()
    H = torch.func.hessian(objective)(theta).double()
    H = 0.5 * (H + H.T) + damping * torch.eye(len(theta), dtype=torch.float64)
    Gq = per_sample_grads(model, Xq, yq, wd).double()
    Gtr = per_sample_grads(model, Xtr, ytr, wd).double()
    return (-(Gtr @ torch.linalg.solve(H, Gq.T)) / len(Xtr)).numpy(), "negative"

# ---------------------------------------------------------------- peers
def trak_scores(name, model, Xtr, ytr, Xq, yq, n_ckpt, proj_dim):
    from trak import TRAKer
    models = [model] + [train(name, Xtr, ytr, seed) for seed in range(1, n_ckpt)]
    d = os.path.join(tempfile.mkdtemp(prefix="trak-"), "res")
    try:
        traker = TRAKer(model=make_model(name), task="image_classification", train_set_size=len(Xtr), save_dir=d,
                        device="cpu", use_half_precision=False, proj_dim=proj_dim)
        for mid, m in enumerate(models):
            traker.load_checkpoint(m.state_dict(), model_id=mid)
            for i in range(0, len(Xtr), 100):
                traker.featurize(batch=(Xtr[i:i + 100], ytr[i:i + 100]), num_samples=len(Xtr[i:i + 100]))
        traker.finalize_features()
        for mid, m in enumerate(models):
            traker.start_scoring_checkpoint(exp_name="q", checkpoint=m.state_dict(), model_id=mid, num_targets=len(Xq))
            traker.score(batch=(Xq, yq), num_samples=len(Xq))
        s = traker.finalize_scores(exp_name="q")
        return np.asarray(s, dtype=np.float64), "positive"
    finally:
        shutil.rmtree(os.path.dirname(d), ignore_errors=True)

def _dattri_task(model):
    from dattri.task import AttributionTask
    def f(params, data):
        x, y = data
        if x.dim() == 1: x, y = x.unsqueeze(0), y.unsqueeze(0)   # called per sample (vmap) or per batch
        return F.cross_entropy(torch.func.functional_call(model, params, (x,)), y)
    return AttributionTask(loss_func=f, model=model, checkpoints=model.state_dict())

def _loaders(Xtr, ytr, Xq, yq):
    from torch.utils.data import DataLoader, TensorDataset
    return (DataLoader(TensorDataset(Xtr, ytr), batch_size=100, shuffle=False),
            DataLoader(TensorDataset(Xq, yq), batch_size=100, shuffle=False))

def dattri_scores(kind, model, Xtr, ytr, Xq, yq, damping):
    from dattri.algorithm.influence_function import IFAttributorCG, IFAttributorEKFAC, IFAttributorExplicit
    from dattri.algorithm.tracin import TracInAttributor
    tl, ql = _loaders(Xtr, ytr, Xq, yq)
    if kind == "cg": att = IFAttributorCG(task=_dattri_task(model), device="cpu", max_iter=20, regularization=damping)
    elif kind == "explicit": att = IFAttributorExplicit(task=_dattri_task(model), device="cpu", regularization=damping)
    elif kind == "ekfac":
        from dattri.task import AttributionTask
        def fm(params, data):
            x, y = data
            return F.cross_entropy(torch.func.functional_call(model, params, (x,)), y)
        att = IFAttributorEKFAC(task=AttributionTask(loss_func=fm, model=model, checkpoints=model.state_dict()), device="cpu", damping=damping)
    elif kind == "graddot": att = TracInAttributor(task=_dattri_task(model), weight_list=torch.ones(1), normalized_grad=False, device="cpu")
    else: raise ValueError(kind)
    if kind != "graddot": att.cache(tl)
    s = att.attribute(tl, ql)
    return s.detach().double().numpy(), "positive"

def bif_scores(model, Xtr, ytr, Xq, yq, cfg):
    r = bif(model, (Xtr, ytr), (Xq, yq), cross_entropy_loss, progress=False, seed=0, **cfg)
    return r.per_sample(), "negative"

BIF_CFG = {
    # nβ = n (the training objective's own temperature); γ = 60 was the best of a small sweep on logreg
    # (γ ∈ {0.6, 6, 60}, ε ∈ {1e-3, 3e-3}, nβ ∈ {100, 600}; LDS 0.26–0.43 on a 10-subset check); ε below 2/(nβ·λ_max(H)).
    "logreg": dict(lr=3e-3, n_beta=600.0, gamma=60.0, num_chains=4, num_draws=400, num_burnin=200, batch_size=None),
    "mlp": dict(lr=1e-3, n_beta=600.0, gamma=60.0, num_chains=4, num_draws=400, num_burnin=200, batch_size=None),
}

# more chains and draws, less damping: 0.54 vs 0.43 on the 10-subset logreg check, at 3.5× the time
BIF_LONG = dict(gamma=20.0, num_chains=8, num_draws=600, num_burnin=300)

# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="logreg,mlp")
    ap.add_argument("--methods", default="bif,bif-long,trak1,trak5,dattri-cg,dattri-ekfac,dattri-graddot,own-if,own-graddot")
    ap.add_argument("--n-train", type=int, default=600); ap.add_argument("--n-query", type=int, default=60)
    ap.add_argument("--m", type=int, default=50); ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--damping", type=float, default=1e-3, help="damping δ added to the Hessian for the influence functions")
    ap.add_argument("--proj-dim", type=int, default=128, help="TRAK projection dimension (≪ n_train: its kernel is unregularized)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="m=10 subsets, 1 seed")
    ap.add_argument("--out", default=str(HERE / "results_attribution_lds.md"))
    a = ap.parse_args()
    if a.quick: a.m, a.seeds = 10, 1
    torch.set_num_threads(a.threads)
    Xtr, ytr, Xq, yq = load_data(a.n_train, a.n_query)
    subsets = lds_subsets(a.n_train, m=a.m, alpha=0.5, seed=0)
    rows, versions = [], {}
    for pkg in ("torch", "interplit", "traker", "dattri", "kronfluence"):
        try:
            from importlib.metadata import version; versions[pkg] = version(pkg)
        except Exception: versions[pkg] = "not installed"
    print("versions:", versions, flush=True)
    for name in a.models.split(","):
        r = RECIPES[name]
        t0 = time.perf_counter()
        model = train(name, Xtr, ytr, 0)
        with torch.no_grad():
            acc_q = (model(Xq).argmax(1) == yq).float().mean().item(); acc_t = (model(Xtr).argmax(1) == ytr).float().mean().item()
        print(f"\n== {name}: {sum(p.numel() for p in model.parameters())} params, train acc {acc_t:.3f}, query acc {acc_q:.3f} "
              f"(trained in {time.perf_counter() - t0:.1f} s)", flush=True)
        key = f"digits-perm0-{a.n_train}-{a.n_query}|{name}|{r}"
        t0 = time.perf_counter()
        out = retrain_outputs(lambda idx, seed: query_losses(train(name, Xtr[idx], ytr[idx], seed), Xq, yq),
                              subsets, seeds=range(a.seeds), cache=HERE / ".cache" / "lds", key=key)
        print(f"ground truth: {a.m} subsets × {a.seeds} seeds in {time.perf_counter() - t0:.1f} s (cached after the first run)", flush=True)
        ref = None
        for meth in a.methods.split(","):
            try:
                t0 = time.perf_counter()
                if meth == "bif":
                    c = BIF_CFG[name]; s, helps = bif_scores(model, Xtr, ytr, Xq, yq, c)
                    label = f"BIF (interplit, {c['num_chains']}×{c['num_draws']} draws, γ={c['gamma']:g})"
                elif meth == "bif-long":
                    c = {**BIF_CFG[name], **BIF_LONG}; s, helps = bif_scores(model, Xtr, ytr, Xq, yq, c)
                    label = f"BIF (interplit, {c['num_chains']}×{c['num_draws']} draws, γ={c['gamma']:g})"
                elif meth.startswith("trak"):
                    k = int(meth[4:]); s, helps = trak_scores(name, model, Xtr, ytr, Xq, yq, k, min(a.proj_dim, sum(p.numel() for p in model.parameters())))
                    label = f"TRAK-{k} (traker, proj {a.proj_dim})"
                elif meth.startswith("dattri-"):
                    kind = meth[7:]; s, helps = dattri_scores(kind, model, Xtr, ytr, Xq, yq, a.damping)
                    label = {"cg": "IF, CG (dattri)", "explicit": "IF, explicit (dattri)", "ekfac": "IF, EK-FAC (dattri)", "graddot": "Grad-Dot / TracIn-last (dattri)"}[kind]
                elif meth == "own-if": s, helps = own_if(model, Xtr, ytr, Xq, yq, r["wd"], a.damping); label = "IF, exact Hessian (own, by hand)"
                elif meth == "own-graddot": s, helps = own_graddot(model, Xtr, ytr, Xq, yq, r["wd"]); label = "Grad-Dot (own, by hand)"
                else: raise ValueError(f"unknown method {meth}")
                dt = time.perf_counter() - t0
                res = lds(s, subsets, out, target="loss", helps=helps)
                hf = -s if helps == "negative" else s          # helpfulness, for a sign sanity check
                if meth == "own-if": ref = hf
                agree = ""
                if ref is not None and meth != "own-if":
                    agree = f", corr with own IF {np.corrcoef(hf.ravel(), ref.ravel())[0, 1]:+.2f}"
                print(f"{label:40s} LDS {res.mean:+.3f} ± {res.se:.3f}   {dt:7.2f} s{agree}", flush=True)
                rows.append((name, label, f"{res.mean:+.3f} ± {res.se:.3f}", f"{dt:.2f}"))
            except Exception as e:
                traceback.print_exc()
                print(f"{meth}: FAILED ({type(e).__name__}: {e})", flush=True)
                rows.append((name, meth, f"failed: {type(e).__name__}: {str(e)[:80]}", "–"))
    md = ["| model | method | LDS ± s.e. | wall time (s) |", "|---|---|---|---|"] + [f"| {' | '.join(r)} |" for r in rows]
    head = (f"Digits: {a.n_train} train / {a.n_query} queries, {a.m} half-subsets × {a.seeds} seeds, target = query loss, "
            f"damping {a.damping}, {a.threads} thread(s). Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".\n")
    txt = head + "\n" + "\n".join(md) + "\n"
    print("\n" + txt)
    Path(a.out).write_text("# Attribution LDS on digits (`attribution_lds.py`)\n\n" + txt)

if __name__ == "__main__":
    main()
