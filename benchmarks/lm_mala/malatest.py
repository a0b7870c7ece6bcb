import sys, torch, numpy as np
torch.set_num_threads(1)
from interplit.tour import _tour_lm, _lm_at_minimum
from interplit.sampling import sample, causal_lm_loss
lm = _tour_lm(True, 0); data = lm.train[:128]
m, ft = _lm_at_minimum(lm, data, True, 0)
for lr in (1e-9, 1e-8, 1e-7, 1e-6):
    for bs in (16, None):
        s = sample(m, data, causal_lm_loss, lr=lr, gamma=1000., num_chains=2, num_draws=20, num_burnin=0, batch_size=bs, mala_every=1, progress=False, seed=0)
        print(lr, bs, s.mala, flush=True)
