"""LLC speed benchmark: interplit vs devinterp 2.0.1 vs a bare PyTorch SGLD loop.

Runs all three, one after another, in ONE process on the same setups and prints
wall time, LLC estimates (mean ± std across chains, per chain), time ratios and
whether the estimates agree within two standard errors.

    bash benchmarks/setup_venv.sh                     # once: benchmarks/.venv-devinterp
    benchmarks/.venv-devinterp/bin/python benchmarks/llc_speed.py [--quick]

Setups
  rrr    5→3→5 reduced-rank regression (devinterp's old rrr_test: data and init seed 42,
         Adam lr 0.01 × 5000 full-batch steps; theory λ = 6.5), full batch, nβ = n/ln n,
         ε = 6e-4, γ = 1, 3 chains × 2000 draws, no burn-in, sampling seed 42.
  digits ~1.1M-parameter MLP (64→1024→1024→10) on sklearn's load_digits (n = 1797),
         cross-entropy, minibatch 64, nβ = n/ln n, ε = 1e-4, γ = 100, 4 chains × 500 draws.

See benchmarks/README.md for what exactly is timed.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import io
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent


# ─── setups ──────────────────────────────────────────────────────────────────

class RRR(nn.Module):
    "Bias-free two-layer linear net m → h → n (devinterp's `ReducedRankRegressor`)."
    def __init__(self, m=5, h=3, n=5):
        super().__init__()
        self.fc1 = nn.Linear(m, h, bias=False)
        self.fc2 = nn.Linear(h, n, bias=False)

    def forward(self, x):
        return self.fc2(self.fc1(x))


def rrr_loss(model, batch):
    "Per-sample MSE: mean over output dims, so the batch mean equals `F.mse_loss`."
    x, y = batch
    return ((model(x) - y) ** 2).mean(dim=-1)


def ce_loss(model, batch):
    "Per-sample cross-entropy."
    x, y = batch
    return F.cross_entropy(model(x), y, reduction="none")


@dataclass
class Setup:
    name: str
    model: nn.Module
    x: torch.Tensor
    y: torch.Tensor
    loss_fn: object          # (model, (xb, yb)) -> (B,)
    n_beta: float
    lr: float
    gamma: float
    num_chains: int
    num_draws: int
    batch_size: int | None   # None = full batch
    seed: int = 42
    theory: float | None = None
    notes: list = field(default_factory=list)

    @property
    def n(self):
        return len(self.x)

    @property
    def bs(self):
        return self.n if self.batch_size is None else self.batch_size


def make_rrr(num_draws=2000, data_seed=42):
    n = 1000
    torch.manual_seed(data_seed)
    np.random.seed(data_seed)
    x = torch.randn(n, 5)
    y = torch.randn(n, 5)
    model = RRR(5, 3, 5)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(5000):
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()
    with torch.no_grad():
        final = F.mse_loss(model(x), y).item()
    nparams = sum(p.numel() for p in model.parameters())
    return Setup(
        "rrr 5→3→5", model, x, y, rrr_loss, n_beta=n / math.log(n), lr=6e-4, gamma=1.0,
        num_chains=3, num_draws=num_draws, batch_size=None, seed=42, theory=6.5,
        notes=[f"{nparams} params, n={n}, trained L_n(w*)={final:.5f}, full batch"])


def make_digits(num_draws=500, hidden=1024, batch_size=64, lr=1e-4, gamma=100.0):
    from sklearn.datasets import load_digits
    d = load_digits()
    x = torch.tensor(d.data, dtype=torch.float32) / 16.0
    y = torch.tensor(d.target, dtype=torch.long)
    n = len(x)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                          nn.Linear(hidden, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(0)
    for _ in range(30):  # epochs, minibatch 128
        for idx in torch.randperm(n, generator=g).split(128):
            opt.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    with torch.no_grad():
        logits = model(x)
        final = F.cross_entropy(logits, y).item()
        acc = (logits.argmax(-1) == y).float().mean().item()
    nparams = sum(p.numel() for p in model.parameters())
    return Setup(
        f"digits MLP 64→{hidden}→{hidden}→10", model, x, y, ce_loss, n_beta=n / math.log(n), lr=lr,
        gamma=gamma, num_chains=4, num_draws=num_draws, batch_size=batch_size, seed=42,
        notes=[f"{nparams:,} params, n={n}, trained CE={final:.4f}, train acc={acc:.4f}, "
               f"minibatch {batch_size}"])


def full_loss(model, loss_fn, x, y, chunk=4096):
    "L_n(w): mean per-sample loss over the whole data set, no grad."
    with torch.no_grad():
        tot = 0.0
        for s in range(0, len(x), chunk):
            tot += loss_fn(model, (x[s:s + chunk], y[s:s + chunk])).double().sum().item()
    return tot / len(x)


# ─── method 1: interplit ─────────────────────────────────────────────────────

INTERPLIT_API = []  # which interplit entry point ran (recorded for the report)


def run_interplit(s: Setup, num_chains, num_draws, **extra):
    try:
        from interplit.llc import estimate_llc
    except ImportError:
        # Fallback while interplit.llc is not written yet: the sampler itself, with
        # λ̂ = nβ·(mean draw loss − L_n(w*)) per chain (what estimate_llc computes).
        from interplit.sampling import sample
        api = "interplit.sampling.sample (interplit.llc not importable)"
        if api not in INTERPLIT_API:
            INTERPLIT_API.append(api)
        r = sample(s.model, (s.x, s.y), s.loss_fn, n_beta=s.n_beta, lr=s.lr, gamma=s.gamma,
                   num_chains=num_chains, num_draws=num_draws, num_burnin=0,
                   batch_size=s.batch_size, sampler="sgld", seed=s.seed, progress=False, **extra)
        return r.n_beta * (r.loss.mean(axis=1) - r.init_loss)
    if "interplit.llc.estimate_llc" not in INTERPLIT_API:
        INTERPLIT_API.append("interplit.llc.estimate_llc")
    res = estimate_llc(s.model, (s.x, s.y), s.loss_fn, n_beta=s.n_beta, lr=s.lr, gamma=s.gamma,
                       num_chains=num_chains, num_draws=num_draws, num_burnin=0,
                       batch_size=s.batch_size, sampler="sgld", seed=s.seed, progress=False, **extra)
    return np.asarray(res.per_chain, dtype=float).reshape(-1)


def run_interplit_nodiag(s: Setup, num_chains, num_draws):
    "Optional variant (not in the default --methods): interplit without MALA/distance diagnostics."
    return run_interplit(s, num_chains, num_draws, diagnostics=False)


# ─── method 2: devinterp 2.0.1 ───────────────────────────────────────────────

_DI_DATASETS = {}
CLEANUP = []  # callables run after each timed section (deleting devinterp's Zarr output)


def cleanup():
    while CLEANUP:
        CLEANUP.pop()()


def run_devinterp(s: Setup, num_chains, num_draws):
    """devinterp 2.0.1 is LM-only: each row index i is stored as input_ids=[i, i] and the
    loss_fn looks (x, y) up by index, returning a (batch, 1) 'per-token' loss."""
    from datasets import Dataset
    from devinterp.slt.llc import compute_llc
    from devinterp.slt.sampling import sample

    if s.n not in _DI_DATASETS:  # built once per setup, during the (untimed) warm-up
        _DI_DATASETS[s.n] = Dataset.from_dict({"input_ids": [[i, i] for i in range(s.n)]}).with_format("torch")
    ds = _DI_DATASETS[s.n]
    x, y, loss_fn = s.x, s.y, s.loss_fn

    def di_loss(model, input_ids):
        idx = input_ids[:, 0]
        return loss_fn(model, (x[idx], y[idx]))[:, None]

    out = Path(tempfile.mkdtemp(prefix="llc_speed_devinterp_"))
    CLEANUP.append(lambda: shutil.rmtree(out, ignore_errors=True))  # run after the timer stops
    try:
        # silence its per-chain tqdm bars and its warnings (writing to a StringIO is cheap)
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            samples = sample(
                s.model, ds, observables={}, lr=s.lr, n_beta=s.n_beta, localization=s.gamma,
                num_chains=num_chains, num_draws=num_draws, num_burnin_steps=0,
                batch_size=s.bs,
                # one pass over the data for init_loss (devinterp's default is 32 batches)
                num_init_loss_batches=max(1, s.n // s.bs),
                init_seed=s.seed, sampling_method="sgmcmc_sgld", device="cpu",
                output_path=out / "samples.zarr", loss_fn=di_loss)
            r = compute_llc(samples)
            per_chain = np.asarray(r["llc_per_chain"].values, dtype=float)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return per_chain


# ─── method 3: bare hand-written SGLD loop ───────────────────────────────────

def run_bare(s: Setup, num_chains, num_draws):
    "Plain PyTorch SGLD, one chain after another; λ̂ = nβ·(mean minibatch loss − L_n(w*))."
    init_loss = full_loss(s.model, s.loss_fn, s.x, s.y)
    lams = []
    for c in range(num_chains):
        m = copy.deepcopy(s.model)
        ps = [p for p in m.parameters() if p.requires_grad]
        p0 = [p.detach().clone() for p in ps]
        torch.manual_seed(s.seed + c)                       # noise stream (as devinterp)
        g = torch.Generator().manual_seed(s.seed + c)       # minibatch order
        order, pos = None, s.n
        losses = torch.empty(num_draws)
        for t in range(num_draws):
            if s.batch_size is None:
                xb, yb = s.x, s.y
            else:
                if pos + s.bs > s.n:                        # new epoch, drop last partial batch
                    order, pos = torch.randperm(s.n, generator=g), 0
                idx = order[pos:pos + s.bs]
                pos += s.bs
                xb, yb = s.x[idx], s.y[idx]
            loss = s.loss_fn(m, (xb, yb)).mean()
            grads = torch.autograd.grad(loss, ps)
            with torch.no_grad():
                for p, gr, w0 in zip(ps, grads, p0):
                    p.add_(gr.mul(s.n_beta).add_(p - w0, alpha=s.gamma), alpha=-0.5 * s.lr)
                    p.add_(torch.randn_like(p), alpha=s.lr ** 0.5)
            losses[t] = loss.detach()
        lams.append(s.n_beta * (losses.double().mean().item() - init_loss))
    return np.array(lams)


# Speed targets the interplit sampler is held to (ratios of wall times).
TARGETS = {"rrr": {"interplit/bare": 1.0, "devinterp/interplit": 4.0},
           "digits": {"devinterp/interplit": 1.5}}

METHODS = {"interplit": run_interplit, "devinterp": run_devinterp, "bare": run_bare,
           "interplit-nodiag": run_interplit_nodiag}


# ─── driver ──────────────────────────────────────────────────────────────────

@dataclass
class Result:
    setup: str
    method: str
    wall: float | None = None
    per_chain: np.ndarray | None = None
    error: str | None = None
    cpu: float | None = None
    walls: list = field(default_factory=list)
    cpus: list = field(default_factory=list)
    loads: list = field(default_factory=list)

    @property
    def mean(self):
        return float(np.mean(self.per_chain))

    @property
    def std(self):  # sample std (ddof=1) across chains, the same for every method
        return float(np.std(self.per_chain, ddof=1)) if len(self.per_chain) > 1 else float("nan")

    @property
    def se(self):
        return self.std / math.sqrt(len(self.per_chain))


def _fail(e):
    return f"{type(e).__name__}: {e}".splitlines()[0][:200]


def bench_setup(s: Setup, methods, warmup_draws: int, repeat: int, log):
    """Warm every method up (1 chain × `warmup_draws`), then time the full run of each,
    one method at a time, `repeat` rounds interleaved round-robin so that changes in
    machine load hit all methods alike. Keeps the minimum wall (and CPU) time; the
    estimates are those of the first round."""
    res = {m: Result(s.name, m) for m in methods}
    for m in methods:
        try:
            METHODS[m](s, 1, warmup_draws)
        except Exception as e:  # noqa: BLE001 — report and keep benchmarking the others
            res[m].error = _fail(e)
        finally:
            cleanup()
    for _ in range(repeat):
        for m in methods:
            r = res[m]
            if r.error:
                continue
            load0 = os.getloadavg()[0]
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                pc = METHODS[m](s, s.num_chains, s.num_draws)
                r.walls.append(time.perf_counter() - t0)
                r.cpus.append(time.process_time() - c0)
            except Exception as e:  # noqa: BLE001
                r.error = _fail(e)
                continue
            finally:
                cleanup()
            r.loads += [load0, os.getloadavg()[0]]
            if r.per_chain is None:
                r.per_chain = np.asarray(pc, dtype=float).reshape(-1)
    for m in methods:
        r = res[m]
        if r.error:
            log(f"- {m:16s} FAILED  {r.error}")
            continue
        r.wall, r.cpu = min(r.walls), min(r.cpus)
        rep = f" (min of {', '.join(f'{w:.2f}' for w in r.walls)})" if len(r.walls) > 1 else ""
        log(f"- {m:16s} {r.wall:8.2f} s wall{rep}, {r.cpu:.2f} s CPU   λ̂ = {r.mean:.3f} ± {r.std:.3f}   "
            f"per chain {', '.join(f'{v:.3f}' for v in r.per_chain)}   "
            f"[1-min load avg {min(r.loads):.2f}–{max(r.loads):.2f}]")
    return list(res.values())


def agreement_lines(rs: list[Result], theory=None):
    ok = [r for r in rs if r.error is None]
    lines = []
    for i in range(len(ok)):
        for j in range(i + 1, len(ok)):
            a, b = ok[i], ok[j]
            se = math.hypot(a.se, b.se)
            z = abs(a.mean - b.mean) / se if se > 0 else float("inf")
            lines.append(f"{a.method} vs {b.method}: Δ = {a.mean - b.mean:+.3f}, "
                         f"2·SE = {2 * se:.3f} → {'agree' if z <= 2 else 'DISAGREE'} (|z| = {z:.2f})")
    if theory is not None:
        for r in ok:
            z = abs(r.mean - theory) / r.se if r.se > 0 else float("inf")
            lines.append(f"{r.method} vs theory {theory}: rel. err {100 * (r.mean / theory - 1):+.1f}%, "
                         f"|z| = {z:.2f} ({'within' if z <= 2 else 'outside'} 2·SE)")
    return lines


def table(results: list[Result]):
    by = {(r.setup, r.method): r for r in results}
    rows = ["| setup | method | wall s | CPU s | λ̂ mean ± std | per-chain | ratio (method wall / interplit wall) |",
            "|---|---|---:|---:|---|---|---|"]
    for r in results:
        if r.error:
            rows.append(f"| {r.setup} | {r.method} | — | — | failed: {r.error} | — | — |")
            continue
        ip = by.get((r.setup, "interplit"))
        if r.method == "interplit":
            ratio = "1.00× (reference)"
        elif ip is not None and ip.error is None:
            ratio = f"{r.wall / ip.wall:.2f}× ({r.method}/interplit)"
        else:
            ratio = "n/a"
        rows.append(f"| {r.setup} | {r.method} | {r.wall:.2f} | {r.cpu:.2f} | {r.mean:.3f} ± {r.std:.3f} | "
                    f"{' / '.join(f'{v:.3f}' for v in r.per_chain)} | {ratio} |")
    return "\n".join(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke run: 1/10 of the draws")
    ap.add_argument("--setups", default="rrr,digits", help="comma list of: rrr, digits")
    ap.add_argument("--methods", default="interplit,devinterp,bare",
                    help="comma list, run in this order; also: interplit-nodiag (diagnostics=False)")
    ap.add_argument("--warmup-draws", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1, help="timed rounds (methods interleaved); the minimum time is reported")
    ap.add_argument("--digits-draws", type=int, default=500)
    ap.add_argument("--digits-lr", type=float, default=1e-4)
    ap.add_argument("--digits-gamma", type=float, default=100.0)
    ap.add_argument("--digits-batch", type=int, default=64)
    ap.add_argument("--rrr-draws", type=int, default=2000)
    ap.add_argument("--rrr-data-seed", type=int, default=42,
                    help="42 = devinterp's rrr_test (reproduces 6.441/5.803/6.001)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch.set_num_threads; 0 = torch's default. 1 (default) keeps timings stable "
                         "on a shared machine: with 2 OpenMP threads on 2 cores, any other busy process "
                         "makes the spin-waiting threads (and devinterp's Zarr writer threads) 5-20x slower")
    ap.add_argument("--out", default=str(HERE / "results_llc_speed.md"),
                    help="markdown results file ('' to skip)")
    args = ap.parse_args(argv)

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    for m in methods:
        if m not in METHODS:
            ap.error(f"unknown method {m!r}")
    div = 10 if args.quick else 1

    out_lines = []

    def log(msg=""):
        print(msg, flush=True)
        out_lines.append(msg)

    try:
        from importlib.metadata import version
        di_ver = version("devinterp")
    except Exception:  # noqa: BLE001
        di_ver = "not installed"
    try:
        import interplit
        ip_ver = interplit.__version__
    except Exception:  # noqa: BLE001
        ip_ver = "not importable"
    try:
        import subprocess
        rev = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        rev = ""
    env = (f"python {platform.python_version()}, torch {torch.__version__}, "
           f"{torch.get_num_threads()} torch threads, {os.cpu_count()} CPUs ({platform.machine()}), "
           f"interplit {ip_ver}{f' (git {rev})' if rev else ''}, devinterp {di_ver}"
           f"{', --quick' if args.quick else ''}")
    cmd = " ".join(["python benchmarks/llc_speed.py", *(argv if argv is not None else sys.argv[1:])])
    log(f"# LLC speed: interplit vs devinterp vs bare SGLD loop\n\n`{cmd}`\n\n{env}\n")

    results = []
    agree = {}
    setup_names = {}
    for key in [k.strip() for k in args.setups.split(",") if k.strip()]:
        t0 = time.perf_counter()
        if key == "rrr":
            s = make_rrr(max(1, args.rrr_draws // div), data_seed=args.rrr_data_seed)
        elif key == "digits":
            s = make_digits(max(1, args.digits_draws // div), batch_size=args.digits_batch,
                            lr=args.digits_lr, gamma=args.digits_gamma)
        else:
            ap.error(f"unknown setup {key!r}")
        setup_names[key] = s.name
        log(f"## {s.name}\n")
        log(f"{'; '.join(s.notes)}; nβ = {s.n_beta:.2f}, ε = {s.lr:g}, γ = {s.gamma:g}, "
            f"{s.num_chains} chains × {s.num_draws} draws, no burn-in, seed {s.seed} "
            f"(setup/training {time.perf_counter() - t0:.1f} s, not timed)\n")
        rs = bench_setup(s, methods, args.warmup_draws, args.repeat, log)
        results += rs
        agree[s.name] = agreement_lines(rs, s.theory)
        log("\nAgreement of the means (|Δ| ≤ 2·SE, SE = std/√chains, std with ddof = 1):\n")
        for line in agree[s.name]:
            log(f"- {line}")
        log()

    if INTERPLIT_API:
        log(f"interplit entry point used: {', '.join(INTERPLIT_API)}\n")
    log("## Summary\n")
    log(table(results))
    log()
    by = {(r.setup, r.method): r for r in results}
    for key, setup in setup_names.items():
        ip, di, bare = (by.get((setup, m)) for m in ("interplit", "devinterp", "bare"))
        ok = lambda r: r is not None and r.error is None  # noqa: E731
        parts = []
        tgt = TARGETS.get(key, {})
        if ok(ip) and ok(bare):
            t = tgt.get("interplit/bare")
            parts.append(f"bare/interplit time = {bare.wall / ip.wall:.2f}× (interplit takes "
                         f"{ip.wall / bare.wall:.2f}× the bare loop's time"
                         + (f"; target ≤ {t:g}× → {'met' if ip.wall / bare.wall <= t else 'NOT met'})" if t else ")"))
        if ok(ip) and ok(di):
            t = tgt.get("devinterp/interplit")
            parts.append(f"devinterp/interplit time = {di.wall / ip.wall:.2f}×"
                         + (f" (target ≥ {t:g}× → {'met' if di.wall / ip.wall >= t else 'NOT met'})" if t else ""))
        if ok(di) and ok(bare):
            parts.append(f"devinterp/bare time = {di.wall / bare.wall:.2f}×")
        cpu = [f"{a.method}/{b.method} {a.cpu / b.cpu:.2f}×" for a, b in ((bare, ip), (di, ip), (di, bare))
               if ok(a) and ok(b)]
        if cpu:
            parts.append("same ratios in CPU time: " + ", ".join(cpu))
        if parts:
            log(f"- {setup}: " + "; ".join(parts))
    loads = [x for r in results for x in r.loads]
    if loads and max(loads) > (os.cpu_count() or 1):
        log(f"\nNote: the 1-min load average reached {max(loads):.2f} on {os.cpu_count()} CPUs during "
            "the timed runs: other processes shared the machine, so absolute times (and ratios) are noisy; "
            "re-run on an idle machine or with --repeat 3"
            + (", and with --threads 1" if torch.get_num_threads() > 1 else "")
            + ". With one torch thread the CPU-time column is the steadier measure.")
    if args.out:
        Path(args.out).write_text("\n".join(out_lines) + "\n")
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
