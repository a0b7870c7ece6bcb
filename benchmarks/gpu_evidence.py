"""GPU evidence: the claims that need a large accelerator, in one script of at most ~8 minutes on one H200.

Run:  python benchmarks/gpu_evidence.py                 # on a GPU; writes benchmarks/results_gpu.md
      python benchmarks/gpu_evidence.py --tiny          # every code path on CPU in seconds (tiny models; numbers mean nothing)
      python benchmarks/gpu_evidence.py --parts dln,lens --out /tmp/r.md --budget 300

Three parts, each with its own share of the time budget (--budget seconds in all, default 450):

1. **dln** — deep linear networks of ~10M and ~100M parameters against Aoyagi's exact learning coefficient
   (`interplit.theory.dln_lc`), the headline of Furman & Lau, arXiv:2402.03698. Teacher at w* (a rank-r map,
   `rank_r_teacher`, low-rank layers chosen at random), x ~ U[−10, 10], noise-free targets, MSE, nβ = n/log n.
   The sampler is RMSProp-SGLD, its step size chosen by `interplit.llc.calibrate` on the network itself (no
   hand-chosen ε); the number of draws is sized from the measured step time so the part fits its budget.
   Pass: |λ̂ − λ|/λ ≤ 15% (the DLN tutorial's criterion).
2. **rllc** — refined LLCs of every attention head of a GPT-2 (4 layers × 8 heads, width 256) briefly trained on
   the Python standard library, all 32 heads × 4 chains in ONE vectorised sampler run (`vectorize=True`; the
   engine halves its chain groups on out-of-memory), timed against one full-model LLC with the same chains and draws.
3. **lens** — a tuned lens trained on a ≥ 100M-parameter GPT-2 built from a config (no hub download), itself
   trained briefly on the Python standard library; KL to the model's output per layer, tuned vs logit lens on
   held-out files. Pass: the tuned lens's mean KL is below the logit lens's.

Nothing here requires a GPU: without one (or with --tiny) the same code runs on CPU.
"""
import argparse, json, math, platform, sys, time, warnings
from pathlib import Path
import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parent.parent

def log(msg): print(msg, file=sys.stderr, flush=True)

def sync(dev):
    if dev.type == "cuda": torch.cuda.synchronize(dev)

# ---------------------------------------------------------------- 1. deep linear networks vs Aoyagi
DLN_SHAPES = {   # name: (widths, rank, fraction of layers made low rank)
    "full": [("DLN ~10M", (1000,) * 11, 40, 0.5), ("DLN ~100M", (2000,) * 26, 100, 0.5)],
    "tiny": [("DLN tiny A", (8,) * 4, 2, 0.5), ("DLN tiny B", (10,) * 5, 3, 0.5)],
}

def dln_part(dev, tiny:bool, budget:float, seed:int=0)->list:
    from interplit.models import rank_r_teacher
    from interplit.theory import dln_lc, dln_param_count
    from interplit.sampling import mse_loss
    from interplit.llc import calibrate, estimate_llc
    shapes = DLN_SHAPES["tiny" if tiny else "full"]
    n, batch = (200, 50) if tiny else (100_000, 500)
    rows, share = [], budget / len(shapes)
    for name, widths, rank, frac in shapes:
        t0 = time.perf_counter()
        rng = np.random.default_rng(seed)
        L = len(widths) - 1
        low = sorted(rng.choice(L, size=max(1, int(round(frac * L))), replace=False).tolist())
        teacher = rank_r_teacher(widths, rank, seed=seed, low_rank_layers=low, device=dev)
        g = torch.Generator(device="cpu").manual_seed(seed)
        x = (20 * torch.rand(n, widths[0], generator=g) - 10).to(dev)
        with torch.no_grad(): y = teacher(x)
        lam = float(dln_lc(widths, rank))      # the end-to-end rank is `rank` whichever layers are low rank
        d = dln_param_count(widths)
        kw = dict(sampler="rmsprop_sgld", rmsprop_alpha=0.999, batch_size=batch, seed=seed, progress=False)
        cal_draws = 40 if tiny else 200
        lrs = (1e-4, 3e-4, 1e-3, 3e-3) if tiny else (1e-6, 1e-5, 1e-4, 1e-3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = calibrate(teacher, (x, y), mse_loss, lrs=lrs, gammas=(1.0, 10.0), num_chains=2, num_draws=cal_draws, **kw)
        try: rec = cal.recommend()
        except ValueError as e:
            rows.append(dict(shape=name, params=d, layers=L, rank=rank, llc_theory=lam, llc=np.nan, llc_se=np.nan, rel_err=np.nan,
                             rhat=np.nan, ess=np.nan, lr=np.nan, gamma=np.nan, draws=0, seconds=time.perf_counter() - t0, passed=False, note=str(e)))
            continue
        steps_done = 2 * (cal_draws + cal_draws // 4) * len(cal.table)        # chain-steps the calibration ran
        rate = steps_done / max(time.perf_counter() - t0, 1e-9)               # chain-steps per second, measured
        left = max(share - (time.perf_counter() - t0), 0.0)
        chains = 4
        draws = 60 if tiny else int(min(20_000, max(500, 0.9 * left * rate / chains / 1.25)))
        r = estimate_llc(teacher, (x, y), mse_loss, lr=rec["lr"], gamma=rec["gamma"], num_chains=chains, num_draws=draws,
                         num_burnin=draws // 4, **kw)
        err = (r.mean - lam) / lam
        rows.append(dict(shape=name, params=d, layers=L, rank=rank, llc_theory=lam, llc=r.mean, llc_se=r.stderr, rel_err=err,
                         rhat=r.diagnostics["rhat"], ess=r.diagnostics["ess"], lr=rec["lr"], gamma=rec["gamma"], draws=draws,
                         seconds=time.perf_counter() - t0, passed=bool(abs(err) <= 0.15), note=""))
        log(f"  {name}: {d:,} parameters, λ = {lam:g}, λ̂ = {r.mean:.4g} ± {r.stderr:.2g} ({100 * err:+.1f}%), {rows[-1]['seconds']:.0f} s")
        del teacher, x, y
        if dev.type == "cuda": torch.cuda.empty_cache()
    return rows

# ---------------------------------------------------------------- a GPT-2 trained briefly on the standard library
def stdlib_lm(dev, vocab:int, n_layer:int, n_head:int, n_embd:int, block:int, steps:int, batch:int, max_bytes:int, seed:int=0):
    "A GPT-2 from a config, trained `steps` Adam steps on the Python standard library; returns (model, train blocks, held-out blocks, bytes/token, losses)."
    from interplit.data import python_corpus, train_tokenizer, token_blocks, bytes_per_token
    from interplit.models import gpt2
    from interplit.sampling import causal_lm_loss
    docs = python_corpus(max_bytes=max_bytes, seed=seed)
    k = max(1, len(docs) // 10)
    tok = train_tokenizer(docs[:-k], vocab)
    tr, ho = token_blocks(docs[:-k], tok, block), token_blocks(docs[-k:], tok, block)
    m = gpt2(len(tok), n_layer=n_layer, n_head=n_head, n_embd=n_embd, n_positions=block, seed=seed).to(dev)
    opt = torch.optim.AdamW(m.parameters(), lr=6e-4 if n_embd >= 512 else 3e-3, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    g, losses = torch.Generator().manual_seed(seed), []
    m.train()
    for s in range(steps):
        b = tr[torch.randint(0, len(tr), (batch,), generator=g)].to(dev)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            loss = causal_lm_loss(m, b).mean()
        opt.zero_grad(set_to_none=True); loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step(); sched.step()
        losses.append(loss.item())
    m.eval(); m.zero_grad(set_to_none=True)
    return m, tr, ho, bytes_per_token(docs[-k:], tok), losses

# ---------------------------------------------------------------- 2. refined LLCs of all heads, vectorised
def rllc_part(dev, tiny:bool, budget:float, seed:int=0)->dict:
    from interplit.sampling import causal_lm_loss
    from interplit.llc import estimate_llc
    from interplit.refine import refined_llc
    t0 = time.perf_counter()
    cfg = dict(vocab=300, n_layer=2, n_head=2, n_embd=16, block=16, steps=20, batch=8, max_bytes=30_000) if tiny else \
          dict(vocab=4096, n_layer=4, n_head=8, n_embd=256, block=128, steps=400, batch=32, max_bytes=4_000_000)
    m, tr, _, _, losses = stdlib_lm(dev, **cfg, seed=seed)
    t_train = time.perf_counter() - t0
    data = tr[:64 if tiny else 4096].to(dev)
    chains, draws = (2, 10) if tiny else (4, 200)
    kw = dict(lr=1e-5 if not tiny else 1e-4, gamma=1000.0, num_chains=chains, num_draws=draws, num_burnin=draws // 4,
              batch_size=8 if tiny else 16, seed=seed, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sync(dev); ts = time.perf_counter()
        full = estimate_llc(m, data, causal_lm_loss, **kw, vectorize=dev.type == "cuda")
        sync(dev); t_full = time.perf_counter() - ts
        ts = time.perf_counter()
        r = refined_llc(m, data, causal_lm_loss, "heads", **kw, vectorize=True)
        sync(dev); t_heads = time.perf_counter() - ts
    df = r.to_frame()
    K = len(df)
    log(f"  {K} heads × {chains} chains in one vectorised run: {t_heads:.1f} s (one full-model LLC: {t_full:.1f} s)")
    return {"model": f"GPT-2 {cfg['n_layer']} layers × {cfg['n_head']} heads, width {cfg['n_embd']}", "parameters": sum(p.numel() for p in m.parameters()),
            "train steps": cfg["steps"], "final train loss": float(np.mean(losses[-20:])), "train seconds": t_train,
            "heads": K, "chains per head": chains, "draws": draws, "vectorised chains": K * chains,
            "all-heads seconds": t_heads, "full-model LLC seconds": t_full, "ratio": t_heads / t_full,
            "negative heads": int((df.llc_mean < 0).sum()), "rLLC min": float(df.llc_mean.min()), "rLLC median": float(df.llc_mean.median()),
            "rLLC max": float(df.llc_mean.max()), "worst R̂": float(df.rhat.max()), "full-model λ̂": full.mean, "frame": df}

# ---------------------------------------------------------------- 3. tuned lens on a >= 100M-parameter GPT-2
def lens_part(dev, tiny:bool, budget:float, seed:int=0)->dict:
    from interplit.lens import LogitLens
    from interplit.lens_train import train_tuned_lens, evaluate_lenses
    t0 = time.perf_counter()
    cfg = dict(vocab=300, n_layer=2, n_head=2, n_embd=16, block=16, steps=20, batch=8, max_bytes=30_000) if tiny else \
          dict(vocab=8192, n_layer=16, n_head=12, n_embd=768, block=256, steps=600, batch=32, max_bytes=8_000_000)
    m, tr, ho, bpt, losses = stdlib_lm(dev, **cfg, seed=seed)
    n_params = sum(p.numel() for p in m.parameters())
    t_train = time.perf_counter() - t0
    steps = 10 if tiny else 250
    ts = time.perf_counter()
    tuned = train_tuned_lens(m, tr.to(dev) if dev.type == "cuda" else tr, steps=steps, batch_size=4 if tiny else 16, seed=seed, progress=False)
    t_lens = time.perf_counter() - ts
    res = evaluate_lenses(m, ho[:16 if tiny else 512], {"logit lens": LogitLens.from_model(m), "tuned lens": tuned}, bytes_per_token=bpt)
    df = res if isinstance(res, pd.DataFrame) else res.to_frame()
    kl = {n: g.set_index("layer").kl_bpb for n, g in df[df.lens != "model"].groupby("lens")}
    ratio = float(kl["tuned lens"].mean() / kl["logit lens"].mean())
    log(f"  tuned lens on a {n_params / 1e6:.0f}M-parameter GPT-2: mean KL {ratio:.2f}× the logit lens's ({t_lens:.0f} s of lens training)")
    return {"model": f"GPT-2 {cfg['n_layer']} layers, width {cfg['n_embd']}, vocabulary {cfg['vocab']}", "parameters": n_params,
            "model train steps": cfg["steps"], "final train loss": float(np.mean(losses[-20:])), "model train seconds": t_train,
            "lens steps": steps, "lens train seconds": t_lens, "mean KL tuned / logit": ratio, "passed": ratio < 1,
            "kl_logit": {int(k): float(v) for k, v in kl["logit lens"].items()}, "kl_tuned": {int(k): float(v) for k, v in kl["tuned lens"].items()}}

# ---------------------------------------------------------------- the report
def report(path:Path, dev, tiny:bool, parts:dict, total:float):
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else platform.processor() or "CPU"
    md = ["# GPU evidence (`benchmarks/gpu_evidence.py`)", "",
          f"Device: {dev} ({name}); torch {torch.__version__}; {'--tiny (code paths only: the numbers mean nothing)' if tiny else 'full run'}; "
          f"total {total:.0f} s.", ""]
    if "dln" in parts:
        t = pd.DataFrame(parts["dln"])
        md += ["## Deep linear networks vs Aoyagi's λ (arXiv:2402.03698)", "",
               "Teacher at w*, x ~ U[−10, 10], noise-free targets, MSE, nβ = n/log n; RMSProp-SGLD at the step size `calibrate` chose; "
               "4 chains; pass = within 15% of λ.", "",
               "| shape | parameters | layers | rank | λ (Aoyagi) | λ̂ ± SE | error | R̂ | ESS | ε | γ | draws | s | |", "|" + "---|" * 14]
        for r in t.itertuples():
            md.append(f"| {r.shape} | {r.params:,} | {r.layers} | {r.rank} | {r.llc_theory:g} | {r.llc:.4g} ± {r.llc_se:.2g} | {100 * r.rel_err:+.1f}% | "
                      f"{r.rhat:.3f} | {r.ess:.0f} | {r.lr:g} | {r.gamma:g} | {r.draws} | {r.seconds:.0f} | {'✓' if r.passed else '✗ ' + r.note} |")
        md.append("")
    if "rllc" in parts:
        p = {k: v for k, v in parts["rllc"].items() if k != "frame"}
        md += ["## Refined LLCs of every head, heads × chains vectorised", "", "| | |", "|---|---|"]
        md += [f"| {k} | {v:.4g} |" if isinstance(v, float) else f"| {k} | {v} |" for k, v in p.items()] + [""]
    if "lens" in parts:
        p = parts["lens"]
        md += ["## Tuned lens on a ≥ 100M-parameter GPT-2", "", "| | |", "|---|---|"]
        md += [f"| {k} | {v:.4g} |" if isinstance(v, float) else f"| {k} | {v} |" for k, v in p.items() if not k.startswith("kl_")]
        md += ["", "| layer | KL logit lens (bits/byte) | KL tuned lens (bits/byte) |", "|---|---|---|"]
        md += [f"| {l} | {p['kl_logit'][l]:.4g} | {p['kl_tuned'][l]:.4g} |" for l in sorted(p["kl_logit"])] + [""]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(md) + "\n"); tmp.replace(path)

PARTS = {"dln": (dln_part, 0.45), "rllc": (rllc_part, 0.2), "lens": (lens_part, 0.35)}

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tiny", action="store_true", help="tiny models on any device: exercises every code path in seconds")
    ap.add_argument("--parts", default="dln,rllc,lens", help="comma-separated parts to run (default: all)")
    ap.add_argument("--out", default=None, help="markdown report (default: benchmarks/results_gpu.md; with --tiny, results_gpu_tiny.md beside it)")
    ap.add_argument("--budget", type=float, default=450.0, help="seconds for the whole run, shared among the parts (default 450)")
    ap.add_argument("--device", default="auto", help="cuda, cpu, ... (default: cuda if available)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    names = [p.strip() for p in a.parts.split(",") if p.strip()]
    if not names or not set(names) <= set(PARTS): ap.error(f"--parts takes a comma-separated subset of {', '.join(PARTS)}")
    dev = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device)
    if dev.type == "cuda": torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
    elif not a.tiny: log("no GPU: the full run on CPU takes hours; pass --tiny to check the code paths")
    out = Path(a.out) if a.out else ROOT / "benchmarks" / ("results_gpu_tiny.md" if a.tiny else "results_gpu.md")
    t0, res = time.perf_counter(), {}
    for n in names:
        fn, share = PARTS[n]
        log(f"[{n}]")
        res[n] = fn(dev, a.tiny, a.budget * share / sum(PARTS[m][1] for m in names), a.seed)
    report(out, dev, a.tiny, res, time.perf_counter() - t0)
    print(f"wrote {out} ({time.perf_counter() - t0:.0f} s)")
    return res

if __name__ == "__main__": main()
