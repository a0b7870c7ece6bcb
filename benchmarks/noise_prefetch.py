"""The noise drawn ahead on a second thread (`interplit.sampling.NoiseStream`): wall time of `estimate_llc` on the
digits MLP of `llc_speed.py` (1.1M weights, 4 chains × 300 draws, default diagnostics) with the prefetch forced on and
off (whatever `prefetch_noise` would choose), and the bare SGLD loop, in interleaved rounds, at 1 and 2 torch threads. Checks that both give the same per-chain
estimates bit for bit, and writes results_noise_prefetch.md.

    python benchmarks/noise_prefetch.py [--rounds 3] [--draws 300]"""
import argparse, platform, subprocess, sys, time
from pathlib import Path
import numpy as np, torch

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

def rounds(threads, n_rounds, draws, log):
    import llc_speed as B
    import interplit.sampling as S
    torch.set_num_threads(threads)
    s = B.make_digits()
    B.run_interplit(s, 4, 20)                                                  # warm-up, not timed
    policy = S.prefetch_noise
    t = {"prefetch on": [], "prefetch off": [], "bare loop": []}
    for _ in range(n_rounds):
        S.prefetch_noise = lambda nbytes, device: True
        t0 = time.perf_counter(); a = B.run_interplit(s, 4, draws); t["prefetch on"].append(time.perf_counter() - t0)
        S.prefetch_noise = lambda nbytes, device: False
        t0 = time.perf_counter(); b = B.run_interplit(s, 4, draws); t["prefetch off"].append(time.perf_counter() - t0)
        t0 = time.perf_counter(); B.run_bare(s, 4, draws); t["bare loop"].append(time.perf_counter() - t0)
        if not np.array_equal(a, b): raise AssertionError(f"prefetch changed the estimates: {a} vs {b}")
    S.prefetch_noise = policy
    log(f"### {threads} torch thread{'s' if threads > 1 else ''}\n")
    log("| run | wall s per round | min |\n|---|---|---:|")
    for k, v in t.items(): log(f"| {k} | {', '.join(f'{x:.2f}' for x in v)} | {min(v):.2f} |")
    on, off, bare = (np.array(t[k]) for k in t)
    log(f"\nsame-round ratios (median): prefetch on / off {np.median(on / off):.2f}×, prefetch on / bare {np.median(on / bare):.2f}×, "
        f"off / bare {np.median(off / bare):.2f}×; per-chain λ̂ identical with and without prefetch: {', '.join(f'{x:.4f}' for x in a)}\n")

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--rounds", type=int, default=3); ap.add_argument("--draws", type=int, default=300)
    a = ap.parse_args()
    lines = []
    def log(x): print(x, flush=True); lines.append(x)
    git = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    log(f"# Noise drawn ahead on a second thread: digits MLP, 4 chains × {a.draws} draws\n")
    log(f"`python benchmarks/noise_prefetch.py --rounds {a.rounds} --draws {a.draws}`; python {platform.python_version()}, torch {torch.__version__}, "
        f"git {git}, {time.strftime('%Y-%m-%d %H:%M')}\n")
    for th in (1, 2): rounds(th, a.rounds, a.draws, log)
    (HERE / "results_noise_prefetch.md").write_text("\n".join(lines) + "\n")

if __name__ == "__main__": main()
