import sys, torch, numpy as np, math
torch.set_num_threads(1)
from interplit.tour import _tour_lm, _lm_at_minimum
from interplit.sampling import sample, causal_lm_loss
import interplit.sampling as S
lm = _tour_lm(True, 0); data = lm.train[:32]
m, ft = _lm_at_minimum(lm, lm.train[:128], True, 0)
rec = []
orig = S._Run.add_score
def add_score(self, w, gU, U):
    wp, gp, Up, Gp = self.prev[:4]
    lr = self.lr
    fwd = (w - wp + lr / 2 * gp).pow(2).div(2 * lr).sum(1)
    bwd = (wp - w + lr / 2 * gU).pow(2).div(2 * lr).sum(1)
    rec.append(dict(dU=(Up - U).tolist(), fwd=fwd.tolist(), bwd=bwd.tolist(), w=w.clone(), wp=wp.clone(), gU=gU.clone(), gp=gp.clone(), U=U.clone(), Up=Up.clone()))
    return orig(self, w, gU, U)
S._Run.add_score = add_score
s = sample(m, data, causal_lm_loss, lr=9.43e-7, gamma=1e4, num_chains=2, num_draws=60, num_burnin=15, batch_size=None, mala_every=5, progress=False, seed=0)
print("mala", s.mala)
for r in rec[-3:]: print({k: r[k] for k in ("dU", "fwd", "bwd")}, "logratio", [a - b + c for a, b, c in zip(r["dU"], r["bwd"], r["fwd"])])
# float64 recomputation of U and grad at w and wp, chain 0
import copy
from torch.func import functional_call
md = copy.deepcopy(m).double().eval()
names = [k for k, p in md.named_parameters() if p.requires_grad]
shapes = [p.shape for k, p in md.named_parameters() if p.requires_grad]
wstar = torch.cat([p.detach().reshape(-1) for k, p in m.named_parameters() if p.requires_grad]).double()
nb = s.n_beta
def U_and_g(wflat):
    wflat = wflat.double().clone().requires_grad_(True)
    ps, i = {}, 0
    for k, sh in zip(names, shapes):
        n = math.prod(sh); ps[k] = wflat[i:i + n].view(sh); i += n
    class W(torch.nn.Module):
        def forward(self, b): return None
    out = functional_call(md, ps, (data,))
    logits = out.logits[:, :-1]; tgt = data[:, 1:]
    L = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))
    U = nb * L + 1e4 / 2 * (wflat - wstar).pow(2).sum()
    g, = torch.autograd.grad(U, wflat)
    return U.item(), g, L.item()
r = rec[-1]
for c in range(2):
    U1, g1, L1 = U_and_g(r["w"][c]); U0, g0, L0 = U_and_g(r["wp"][c])
    print("chain", c, "U64 now/prev", U1, U0, "engine", r["U"][c].item(), r["Up"][c].item())
    print("  grad rel err now", ((g1 - r["gU"][c].double()).norm() / g1.norm()).item(), "prev", ((g0 - r["gp"][c].double()).norm() / g0.norm()).item())
    lr = 9.43e-7; w, wp = r["w"][c].double(), r["wp"][c].double()
    fwd = (w - wp + lr / 2 * g0).pow(2).sum() / (2 * lr); bwd = (wp - w + lr / 2 * g1).pow(2).sum() / (2 * lr)
    print("  float64 logratio", (U0 - U1) - bwd.item() + fwd.item())
