"""Milliseconds per sampler step on the digits MLP of llc_speed.py (4 chains, 1.1M parameters, minibatch 64): plain SGLD steps
vs the two MALA-scored kinds (the step that keeps its start for scoring, and the step that scores it), default mala_every=50.
Run with PYTHONPATH pointing at the interplit tree to measure: `PYTHONPATH=. python benchmarks/mala_step_cost.py`."""
import sys, time, torch, collections
HERE = __import__("pathlib").Path(__file__).resolve().parent; sys.path.insert(0, str(HERE))
torch.set_num_threads(1)
import llc_speed as L
import interplit.sampling as S
s = L.make_digits(num_draws=150)
orig = S._Run.step
acc = collections.defaultdict(list)
def step(self, t):
    me = self.mala_every
    kind = "score" if (t % me == 0 and self.prev is not None) else "keep" if ((t + 1) % me == 0) else "fast"
    t0 = time.perf_counter(); orig(self, t); acc[kind].append(time.perf_counter() - t0)
S._Run.step = step
from interplit.llc import estimate_llc
import warnings; warnings.simplefilter("ignore")
for rep in range(2):
    acc.clear()
    estimate_llc(s.model, (s.x, s.y), s.loss_fn, n_beta=s.n_beta, lr=s.lr, gamma=s.gamma, num_chains=4, num_draws=200, num_burnin=0, batch_size=64, seed=42, progress=False)
    print({k: (len(v), round(1e3 * sum(v) / len(v), 1), round(sum(v), 2)) for k, v in acc.items()})
