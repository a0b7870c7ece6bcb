import sys, torch, numpy as np
torch.set_num_threads(1)
from interplit.tour import _tour_lm, _lm_at_minimum
from interplit.sampling import sample, causal_lm_loss
lm = _tour_lm(True, 0); data = lm.train[:128]
m, ft = _lm_at_minimum(lm, data, True, 0)
for me in (5, 1):
  for nb in (0, 15):
    s = sample(m, data, causal_lm_loss, lr=9.43e-7, gamma=1e4, num_chains=4, num_draws=60, num_burnin=nb, batch_size=16, mala_every=me, progress=False, seed=0)
    print(me, nb, s.mala, flush=True)
