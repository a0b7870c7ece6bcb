import sys, time, torch, warnings, numpy as np, pandas as pd
torch.set_num_threads(1)
from interplit.tour import _tour_lm, _lm_at_minimum
from interplit.llc import calibrate, estimate_llc
from interplit.sampling import causal_lm_loss
quick = sys.argv[1] == "quick"
lm = _tour_lm(quick, 0); data = lm.train[:128 if quick else 256]
m, ft = _lm_at_minimum(lm, data, quick, 0)
print("params", sum(p.numel() for p in m.parameters()), "n", len(data), flush=True)
t0 = time.time()
cal = calibrate(m, data, causal_lm_loss, num_chains=4, num_draws=int(sys.argv[2]), batch_size=16, seed=0, progress=False)
pd.set_option("display.width", 250); pd.set_option("display.max_columns", 30)
print(cal.table[["lr","gamma","llc_mean","llc_stderr","converged","stable","failed","ess","rhat","mala","trend_z","distance_growth","seconds"]].to_string(), flush=True)
print("curv", cal.criteria if hasattr(cal,'criteria') else None, "time", time.time()-t0)
try: print("rec", cal.recommend())
except ValueError as e: print("no rec", e)
