import sys, time, torch, warnings, numpy as np, pandas as pd
torch.set_num_threads(1)
from interplit.tour import _tour_lm, _lm_at_minimum
from interplit.refine import refined_llc
from interplit.sampling import causal_lm_loss
quick = sys.argv[1] == "quick"; lr, g, nd = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
lm = _tour_lm(quick, 0); data = lm.train[:128 if quick else 256]
m, ft = _lm_at_minimum(lm, data, quick, 0)
print("flat", (ft["full_at_80pct"] - ft["full_at_end"]) / ft["full_at_end"])
t0 = time.time()
r = refined_llc(m, data, causal_lm_loss, "heads", lr=lr, gamma=g, num_chains=4, num_draws=nd, batch_size=16, seed=0, progress=False, mala_every=int(sys.argv[5]))
df = r.to_frame()
pd.set_option("display.width", 250)
print(df[["component","llc_mean","llc_stderr","ess","rhat","mala"]].to_string())
for k, v in r.results.items() if hasattr(r, "results") else []: print(k, v.verdict.status, v.verdict.failed)
print("time", time.time() - t0)
