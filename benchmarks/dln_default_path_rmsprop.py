"""Issue 13's DLN check with RMSProp-SGLD: `calibrate` with its defaults (adaptive step grid, γ ladder from 1) and
`estimate_llc` at its recommendation, on one teacher of the DLN tutorial (nbs/tutorials/llc_deep_linear_networks: same
data, x ~ U[-10, 10], n = 1000, noise-free), with the sampler given as an argument. An experiment, not a default:

    python benchmarks/dln_default_path_rmsprop.py "(8,8,8,8)" 0 "dict(sampler='rmsprop_sgld', rmsprop_alpha=0.999)"

Prints calibrate's table, the recommendation, λ̂ against Aoyagi's λ and the seconds. Results:
results_dln_default_path_rmsprop.md."""
import sys, time, torch, warnings, pandas as pd
torch.set_num_threads(1); warnings.simplefilter("ignore")
from interplit.models import rank_r_teacher
from interplit.theory import dln_lc
from interplit.llc import calibrate, estimate_llc
from interplit.sampling import mse_loss
widths, rank = eval(sys.argv[1]), int(sys.argv[2])
kw = eval(sys.argv[3]) if len(sys.argv) > 3 else {}
teacher = rank_r_teacher(widths, rank, 0)
x = 20 * torch.rand(1000, widths[0], generator=torch.Generator().manual_seed(0)) - 10
with torch.no_grad(): y = teacher(x)
t0 = time.perf_counter()
cal = calibrate(teacher, (x, y), mse_loss, progress=False, **kw)
pd.set_option("display.width", 250); pd.set_option("display.max_columns", 30)
print(cal.table[["lr","gamma","llc_mean","llc_stderr","converged","stable","failed","ess","rhat","mala","trend_z","distance_growth"]].round(4).to_string())
try:
    rec = cal.recommend(); print("rec", rec)
    res = estimate_llc(teacher, (x, y), mse_loss, **rec, progress=False, **kw)
    print(f"λ̂ {res.mean:.3f} ± {res.stderr:.3f} vs λ {dln_lc(widths, rank)}: rel {res.mean / dln_lc(widths, rank) - 1:+.3f}; {res.verdict.status}")
except ValueError as e: print("no rec", e)
print(f"{time.perf_counter() - t0:.0f} s")
