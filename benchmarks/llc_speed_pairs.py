"""interplit vs the bare SGLD loop of `llc_speed.py` on RRR 5→3→5 (3 chains × 2000 draws, full batch), in `--pairs`
interleaved pairs, one torch thread: the per-pair wall-time ratios and their median. On a shared machine whose speed
moves ±20% from minute to minute, the median of same-minute ratios is a steadier measure than a ratio of minima.

    python benchmarks/llc_speed_pairs.py [--pairs 6]"""
import argparse, sys, time, warnings
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, str(Path(__file__).parent))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--pairs", type=int, default=6); a = ap.parse_args()
    import llc_speed as B
    torch.set_num_threads(1); warnings.simplefilter("ignore")
    s = B.make_rrr()
    B.run_interplit(s, 3, 200); B.run_bare(s, 3, 200)                        # warm-up
    ti, tb = [], []
    for _ in range(a.pairs):
        t = time.perf_counter(); B.run_interplit(s, 3, 2000); ti.append(time.perf_counter() - t)
        t = time.perf_counter(); B.run_bare(s, 3, 2000); tb.append(time.perf_counter() - t)
    r = np.array(ti) / np.array(tb)
    print(f"interplit s: {', '.join(f'{x:.2f}' for x in ti)}\nbare s:      {', '.join(f'{x:.2f}' for x in tb)}\n"
          f"interplit/bare per pair: {', '.join(f'{x:.2f}' for x in r)}; median {np.median(r):.2f}×; ratio of minima {min(ti) / min(tb):.2f}×")

if __name__ == "__main__": main()
