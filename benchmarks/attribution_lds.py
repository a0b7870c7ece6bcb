"""Attribution quality on digits: LDS against wall time for the BIF, TRAK, influence functions (exact, CG, EK-FAC) and TracIn.

Run in the benchmark's own virtualenv (peers are never interplit dependencies):

    bash benchmarks/setup_lds_venv.sh
    OMP_NUM_THREADS=1 nice -n 10 benchmarks/.venv-lds/bin/python benchmarks/attribution_lds.py [--quick]

Setup: sklearn digits (pixels / 16), shuffled with seed 0; the first `--n-train` images are the training set,
the next `--n-query` the queries. Two models: a logistic regression (64→10) and an MLP (64→32→10), both trained
with Adam on mean cross-entropy + (λ/2)‖θ‖², λ = 1e-3. Ground truth, for each subset fraction α in `--alphas`
(default 0.1, 0.25, 0.5: the BIF paper's small-data claim is about small retraining subsets): `--m` random subsets
of α·n samples, each retrained with `--seeds` seeds (`--seeds-small` below α = 0.5); the query output is the query's
cross-entropy LOSS, averaged over seeds. The retrained outputs are cached under benchmarks/.cache/ (interplit.lds.
retrain_outputs), so reruns skip the retraining. Every method attributes the model trained on the full training set
with seed 0, once; its scores are then scored at every α. The time of a method is the wall time of its attribution
compute (for TRAK-k it includes training the k−1 extra checkpoints; for the BIF it includes `calibrate_bif`);
retraining for the ground truth is not timed. LDS = mean over queries of the Spearman correlation between the
predicted and actual loss over the subsets, ± its standard error over queries (interplit.lds.lds). The table goes to
`--out` and the Pareto plot (LDS against wall time, one panel per model and α) beside it as a .png.

BIF settings: `calibrate_bif(model, train, loss, weight_decay=λ)` with its defaults (the documented call; nothing
tuned per model here: 64 chains × 250 draws, thinning 4, BAOAB), at a quarter of that budget (32 × 125 draws), and
the previous round's hand-tuned setting.
"""
from __future__ import annotations
import argparse, json, os, shutil, sys, tempfile, time, traceback, warnings
from pathlib import Path
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

HERE = Path(__file__).resolve().parent
warnings.filterwarnings("ignore")

from interplit.lds import lds, lds_subsets, retrain_outputs
from interplit.bif import bif, calibrate_bif
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

def train_many(name, X, y, masks, seed, Xq, yq):
    """`train` for many subsets at once (torch.func.vmap over models): same recipe, same initialisation per seed, Adam
    written out (PyTorch's update rule); minibatches are drawn from each subset's own permutation, seeded by `seed`.
    Returns the query losses (n_subsets, n_query). Used for the ground truth: sequential retraining of hundreds of
    models does not fit the shared 2-core machine."""
    from torch.func import functional_call, grad, vmap
    r = RECIPES[name]
    torch.manual_seed(seed)
    base = make_model(name)
    M, k = len(masks), int(masks[0].sum())
    params = {n: p.detach().expand(M, *p.shape).clone() for n, p in base.named_parameters()}
    idx = torch.stack([torch.from_numpy(np.flatnonzero(m)) for m in masks])            # (M, k)
    def loss(p, xb, yb):
        return F.cross_entropy(functional_call(base, p, (xb,)), yb) + 0.5 * r["wd"] * sum((v ** 2).sum() for v in p.values())
    g_fn = vmap(grad(loss))
    m1 = {n: torch.zeros_like(v) for n, v in params.items()}; m2 = {n: torch.zeros_like(v) for n, v in params.items()}
    gen = torch.Generator().manual_seed(seed)
    bs = k if r["batch"] is None else min(r["batch"], k)
    order, pos = None, k
    for t in range(1, r["steps"] + 1):
        if bs == k: b = idx
        else:
            if pos + bs > k: order, pos = torch.argsort(torch.rand(M, k, generator=gen), 1), 0
            b = torch.gather(idx, 1, order[:, pos:pos + bs]); pos += bs
        g = g_fn(params, X[b], y[b])
        with torch.no_grad():
            for n in params:
                m1[n].mul_(0.9).add_(g[n], alpha=0.1); m2[n].mul_(0.999).addcmul_(g[n], g[n], value=0.001)
                params[n] -= r["lr"] * (m1[n] / (1 - 0.9 ** t)) / ((m2[n] / (1 - 0.999 ** t)).sqrt() + 1e-8)
    with torch.no_grad():
        out = vmap(lambda p: F.cross_entropy(functional_call(base, p, (Xq,)), yq, reduction="none"))(params)
    return out.numpy()

def ground_truth(name, X, y, Xq, yq, subsets, seeds, cache):
    "Query losses (m, n_query) of models retrained on every subset, averaged over `seeds`; cached as one file per (recipe, subsets, seed)."
    import hashlib
    outs = []
    for seed in range(seeds):
        h = hashlib.sha1(f"{name}|{RECIPES[name]}|{seed}|{len(X)}|{len(Xq)}".encode() + np.packbits(subsets).tobytes()).hexdigest()[:20]
        f = cache / f"batched-{h}.npy"
        if f.exists(): outs.append(np.load(f)); continue
        o = train_many(name, X, y, subsets, seed, Xq, yq)
        cache.mkdir(parents=True, exist_ok=True); tmp = f.with_suffix(".tmp.npy"); np.save(tmp, o); os.replace(tmp, f)
        outs.append(o)
    return np.mean(outs, 0)

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

def kron_scores(model, Xtr, ytr, Xq, yq, damping):
    "kronfluence 1.0.1 EK-FAC (true Fisher: sampled labels), pairwise scores on the query loss; positive = helps."
    from torch.utils.data import TensorDataset
    from kronfluence.analyzer import Analyzer, prepare_model
    from kronfluence.arguments import FactorArguments, ScoreArguments
    from kronfluence.task import Task
    import copy, logging
    logging.disable(logging.WARNING)
    class Cls(Task):
        def compute_train_loss(self, batch, model, sample=False):
            x, y = batch; logits = model(x)
            if sample:
                with torch.no_grad(): y = torch.multinomial(torch.softmax(logits.detach(), -1), 1).flatten()
            return F.cross_entropy(logits, y, reduction="sum")
        def compute_measurement(self, batch, model):
            x, y = batch; return F.cross_entropy(model(x), y, reduction="sum")
    task = Cls()
    m = prepare_model(copy.deepcopy(model), task)
    d = tempfile.mkdtemp(prefix="kron-")
    try:
        an = Analyzer(analysis_name="lds", model=m, task=task, cpu=True, output_dir=d, disable_tqdm=True, disable_model_save=True)
        an.fit_all_factors(factors_name="ekfac", dataset=TensorDataset(Xtr, ytr), per_device_batch_size=100,
                           factor_args=FactorArguments(strategy="ekfac"), overwrite_output_dir=True)
        an.compute_pairwise_scores(scores_name="s", factors_name="ekfac", query_dataset=TensorDataset(Xq, yq),
                                   train_dataset=TensorDataset(Xtr, ytr), per_device_query_batch_size=len(Xq),
                                   per_device_train_batch_size=100, score_args=ScoreArguments(damping_factor=damping),
                                   overwrite_output_dir=True)
        sc = an.load_pairwise_scores(scores_name="s")["all_modules"]          # (n_query, n_train)
        return sc.T.double().numpy(), "positive"
    finally:
        shutil.rmtree(d, ignore_errors=True)

def bif_scores(model, Xtr, ytr, Xq, yq, cfg):
    r = bif(model, (Xtr, ytr), cross_entropy_loss, (Xq, yq), progress=False, seed=0, **cfg)
    return r.per_sample(), "negative"

def _bif_calibrated(chains=None, draws=None):
    "The documented recipe: `calibrate_bif` (training weight decay as the prior, nβ = 10n, δ = max(wd, 3e-3), BAOAB with its step from the Hessian's λ_max); `None` = its default budget."
    def cfg(name, model, Xtr, ytr):
        budget = {k: v for k, v in (("num_chains", chains), ("num_draws", draws)) if v is not None}
        st = calibrate_bif(model, (Xtr, ytr), cross_entropy_loss, weight_decay=RECIPES[name]["wd"], **budget)
        what = "defaults" if not budget else "budget"
        return dict(kwargs=dict(st), label=f"BIF (interplit, calibrate_bif {what}, {st['num_chains']}×{st['num_draws']} draws, thin {st['steps_per_draw']})")
    return cfg

def _bif_legacy(name, model, Xtr, ytr):
    "The previous round's best hand-tuned setting (no weight-decay prior, γ = 20, nβ = n): kept for comparison."
    kw = dict(lr=3e-3 if name == "logreg" else 1e-3, n_beta=600.0, gamma=20.0, num_chains=8, num_draws=600, num_burnin=300, batch_size=None, centre="pool")
    return dict(kwargs=kw, label="BIF (previous hand-tuned: nβ=n, γ=20, no prior, 8×600)")

BIF_CFG = {"bif": _bif_calibrated(), "bif-small": _bif_calibrated(32, 125), "bif-legacy": _bif_legacy}

# ---------------------------------------------------------------- main
LABELS = {"cg": "IF, CG (dattri)", "explicit": "IF, explicit (dattri)", "ekfac": "IF, EK-FAC (dattri)", "graddot": "Grad-Dot / TracIn-last (dattri)"}

def run_method(meth, name, model, Xtr, ytr, Xq, yq, a):
    "Scores (n_train, n_query), their sign convention and a label."
    r = RECIPES[name]
    if meth.startswith("bif"):
        cfg = BIF_CFG[meth](name, model, Xtr, ytr)
        s, helps = bif_scores(model, Xtr, ytr, Xq, yq, cfg["kwargs"]); return s, helps, cfg["label"]
    if meth.startswith("trak"):
        k = int(meth[4:]); P = sum(p.numel() for p in model.parameters())
        s, helps = trak_scores(name, model, Xtr, ytr, Xq, yq, k, min(a.proj_dim, P)); return s, helps, f"TRAK-{k} (traker, proj {a.proj_dim})"
    if meth.startswith("dattri-"):
        kind = meth[7:]; s, helps = dattri_scores(kind, model, Xtr, ytr, Xq, yq, a.damping); return s, helps, LABELS[kind]
    if meth == "kron-ekfac": s, helps = kron_scores(model, Xtr, ytr, Xq, yq, a.damping); return s, helps, "IF, EK-FAC (kronfluence)"
    if meth == "own-if": s, helps = own_if(model, Xtr, ytr, Xq, yq, r["wd"], a.damping); return s, helps, "IF, exact Hessian (own, by hand)"
    if meth == "own-graddot": s, helps = own_graddot(model, Xtr, ytr, Xq, yq, r["wd"]); return s, helps, "Grad-Dot (own, by hand)"
    raise ValueError(f"unknown method {meth}")

def pareto_plot(rows, alphas, path):
    "LDS against wall time, one panel per (model, α); the Pareto front of each panel is drawn as a step line."
    import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
    models = list(dict.fromkeys(r["model"] for r in rows))
    fig, axs = plt.subplots(len(models), len(alphas), figsize=(4.2 * len(alphas), 3.6 * len(models)), squeeze=False)
    fams = {"BIF": "tab:red", "TRAK": "tab:blue", "IF": "tab:green", "Grad": "tab:gray"}
    for i, mo in enumerate(models):
        for j, al in enumerate(alphas):
            ax = axs[i, j]
            pts = [(r["time"], r["lds"][al][0], r["label"]) for r in rows if r["model"] == mo and al in r["lds"]]
            for t, v, lab in pts:
                c = next((col for k, col in fams.items() if lab.startswith(k)), "k")
                ax.scatter(t, v, color=c, s=18); ax.annotate(lab.split(" (")[0] + (" ·" + lab.split("(")[1].split(",")[0] if lab.startswith("IF") else ""),
                                                          (t, v), fontsize=6, xytext=(3, 2), textcoords="offset points")
            front, best = [], -np.inf
            for t, v, _ in sorted(pts):
                if v > best: front.append((t, v)); best = v
            if front: ax.step(*zip(*front), where="post", color="0.6", lw=0.8, zorder=-1)
            ax.set_xscale("log"); ax.set_title(f"{mo}, α = {al}", fontsize=9); ax.set_xlabel("CPU time (s, 1 thread)"); ax.set_ylabel("LDS")
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="logreg,mlp")
    ap.add_argument("--methods", default="bif,bif-small,bif-legacy,trak1,trak5,trak10,trak20,dattri-cg,dattri-ekfac,kron-ekfac,dattri-graddot,own-if,own-graddot")
    ap.add_argument("--n-train", type=int, default=600); ap.add_argument("--n-query", type=int, default=60)
    ap.add_argument("--alphas", default="0.1,0.25,0.5", help="subset fractions α of the LDS")
    ap.add_argument("--m", type=int, default=50); ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--seeds-small", type=int, default=2, help="seeds at α < 0.5 (the retraining budget of the 2-core machine)")
    ap.add_argument("--damping", type=float, default=1e-3, help="damping δ added to the Hessian for the influence functions")
    ap.add_argument("--proj-dim", type=int, default=128, help="TRAK projection dimension (≪ n_train: its kernel is unregularized)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="m=10 subsets, 1 seed, α = 0.5 only")
    ap.add_argument("--out", default=str(HERE / "results_attribution_lds.md"))
    ap.add_argument("--merge", default=None, help="comma-separated .json files of earlier runs (e.g. one per model, run in parallel): write their joint table and plot to --out")
    a = ap.parse_args()
    if a.merge:
        parts = [json.loads(Path(f).read_text()) for f in a.merge.split(",")]
        rows = [dict(r, lds={float(k): v for k, v in r["lds"].items()}) for p in parts for r in p["rows"]]
        write_results(rows, [float(x) for x in parts[0]["alphas"]], " ".join(p["head"] for p in parts), a.out); return
    if a.quick: a.m, a.seeds, a.seeds_small, a.alphas = 10, 1, 1, "0.5"
    alphas = [float(x) for x in a.alphas.split(",")]
    torch.set_num_threads(a.threads)
    Xtr, ytr, Xq, yq = load_data(a.n_train, a.n_query)
    rows, versions, t_start = [], {}, time.perf_counter()
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
        gt = {}
        for al in alphas:
            t0 = time.perf_counter()
            sub = lds_subsets(a.n_train, m=a.m, alpha=al, seed=0)
            seeds = a.seeds if al >= 0.5 else a.seeds_small
            out = ground_truth(name, Xtr, ytr, Xq, yq, sub, seeds, HERE / ".cache" / "lds")
            gt[al] = (sub, out, seeds)
            print(f"ground truth α={al}: {a.m} subsets × {seeds} seeds in {time.perf_counter() - t0:.1f} s (cached after the first run)", flush=True)
        ref = None
        for meth in a.methods.split(","):
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                s, helps, label = run_method(meth, name, model, Xtr, ytr, Xq, yq, a)
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
                res = {al: lds(s, sub, out, target="loss", helps=helps) for al, (sub, out, _) in gt.items()}
                res = {al: (v.mean, v.se) for al, v in res.items()}
                hf = -s if helps == "negative" else s          # helpfulness, for a sign sanity check
                if meth == "own-if": ref = hf
                agree = f", corr with own IF {np.corrcoef(hf.ravel(), ref.ravel())[0, 1]:+.2f}" if ref is not None and meth != "own-if" else ""
                print(f"{label:52s} " + "  ".join(f"α={al}: {m:+.3f} ± {e:.3f}" for al, (m, e) in res.items()) + f"   {cpu:7.2f} s CPU ({dt:.1f} s wall){agree}", flush=True)
                rows.append(dict(model=name, label=label, lds=res, time=cpu, wall=dt))
            except Exception as e:
                traceback.print_exc()
                print(f"{meth}: FAILED ({type(e).__name__}: {e})", flush=True)
                rows.append(dict(model=name, label=f"{meth}: failed ({type(e).__name__}: {str(e)[:80]})", lds={}, time=float("nan"), wall=float("nan")))
    seeds_txt = ", ".join(f"α={al}: {a.m} subsets × {gt[al][2]} seeds" for al in alphas)
    head = (f"[{a.models}] Digits: {a.n_train} train / {a.n_query} queries; ground truth {seeds_txt}; target = query loss; "
            f"IF damping {a.damping}; {a.threads} thread(s); whole run {time.perf_counter() - t_start:.0f} s. Versions: "
            + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".")
    Path(a.out).with_suffix(".json").write_text(json.dumps(dict(rows=rows, alphas=alphas, head=head)))
    write_results(rows, alphas, head, a.out)

def write_results(rows, alphas, head, out):
    "The markdown table (with `head` above it) to `out`, the Pareto plot beside it."
    cell = lambda r, al: f"{r['lds'][al][0]:+.3f} ± {r['lds'][al][1]:.3f}" if al in r["lds"] else "–"
    md = ["| model | method | " + " | ".join(f"LDS α={al}" for al in alphas) + " | CPU time (s) | wall time (s) |", "|---|---|" + "---|" * (len(alphas) + 2)]
    md += [f"| {r['model']} | {r['label']} | " + " | ".join(cell(r, al) for al in alphas) + f" | {r['time']:.2f} | {r.get('wall', float('nan')):.1f} |" for r in rows]
    plot = Path(out).with_suffix(".png")
    pareto_plot(rows, alphas, plot)
    head = head + f"\nPareto plot (LDS against CPU time): `{plot.name}`.\n"
    txt = head + "\n" + "\n".join(md) + "\n"
    print("\n" + txt)
    Path(out).write_text("# Attribution LDS on digits (`attribution_lds.py`)\n\n" + txt)

if __name__ == "__main__":
    main()
