"""Speed of refined LLCs: every attention head of one checkpoint vs one full-model LLC, same chains and draws.

Run: OMP_NUM_THREADS=1 python benchmarks/refine_speed.py [--repeat 3] [--draws 100]
Prints the full-model LLC time, the all-heads rLLC time (all K heads × C chains in one run) under the engine's
settings, their ratio, a per-chain-step breakdown and the FLOP bound. Target (issue "Refined LLCs"): ratio ≤ 2.
Times are CPU seconds of this process (time.process_time), the minimum over interleaved repeats: on a shared
machine wall time measures the neighbours. Results: benchmarks/results_refine_speed.md.
"""
import argparse, subprocess, time, warnings
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from interplit.models import AttnOnlyTransformer, fit
from interplit.data import SyntheticLanguage
from interplit.sampling import causal_lm_loss
from interplit.llc import estimate_llc
from interplit.refine import refined_llc

def setup(seed=0):
    torch.manual_seed(seed)
    lang = SyntheticLanguage(vocab=32, seed=0)
    ids = lang.sample(4096, 32, repeat_prob=0.8, repeat_len=(8, 14), seed=1)
    net = AttnOnlyTransformer(n_layers=2, n_heads=4, d_model=32, d_head=8, vocab=32, ctx=32)
    fit(net, ids, causal_lm_loss, steps=300, lr=3e-3, batch_size=64)
    return net, ids

def cpu(f):
    t, w = time.process_time(), time.perf_counter(); r = f()
    return r, time.process_time() - t, time.perf_counter() - w

def flops(net, ids, batch):
    "Matmul FLOPs of one chain-step's gradient: full model, a layer-0 head, a layer-1 head with layer 0 replayed."
    b = ids[:batch]; net.eval()
    a0, a1 = net.blocks[0].attn, net.blocks[1].attn
    L = lambda: causal_lm_loss(net, b).mean()
    def count(f, ps):
        with FlopCounterMode(display=False) as fc: torch.autograd.grad(f(), ps)
        return fc.get_total_flops()
    with torch.no_grad(): x1 = (x0 := net.embed(b) + net.pos[:b.shape[1]]) + a0(x0)
    def l1_loss():
        lg = net.unembed(x1 + a1(x1))
        return F.cross_entropy(lg[:, :-1].flatten(0, 1), b[:, 1:].flatten())
    def after_l0(x):                        # what every layer-0 head's chain must recompute whatever the method: layer 1 and the unembedding
        lg = net.unembed(x + a1(x))
        return F.cross_entropy(lg[:, :-1].flatten(0, 1), b[:, 1:].flatten())
    x1g = x1.clone().requires_grad_(True)
    for p in net.parameters(): p.requires_grad_(False)
    with FlopCounterMode(display=False) as fc_floor: after_l0(x1g).backward()
    for p in net.parameters(): p.requires_grad_(True)
    with FlopCounterMode(display=False) as fc, torch.no_grad(): a0(x0)
    return dict(full=count(L, list(net.parameters())), l0=count(L, [a0.W_Q, a0.W_K, a0.W_V, a0.W_O]),
                l1=count(l1_loss, [a1.W_Q, a1.W_K, a1.W_V, a1.W_O]), l1_noreplay=count(L, [a1.W_Q, a1.W_K, a1.W_V, a1.W_O]),
                prefix=fc.get_total_flops(), floor_l0=fc_floor.get_total_flops())

def main(chains=4, draws=100, batch=32, repeat=2):
    net, ids = setup()
    kw = dict(lr=1e-4, gamma=300.0, num_chains=chains, num_draws=draws, num_burnin=draws // 4, batch_size=batch, progress=False)
    warnings.filterwarnings("ignore", message="negative LLC")
    variants = {
        "full": lambda v: estimate_llc(net, ids, causal_lm_loss, vectorize=v, **kw),
        "heads (old: own batches, no replay)": lambda v: refined_llc(net, ids, causal_lm_loss, "heads", vectorize=v, share_batches=False, frozen_prefix=False, **kw),
        "heads (shared batches, no replay)": lambda v: refined_llc(net, ids, causal_lm_loss, "heads", vectorize=v, frozen_prefix=False, **kw),
        "heads (shared batches + replay = default)": lambda v: refined_llc(net, ids, causal_lm_loss, "heads", vectorize=v, **kw),
    }
    best = {}
    for _ in range(repeat):
        for name, f in variants.items():
            for vec in (False, True):
                r, c, w = cpu(lambda: f(vec))
                b = best.setdefault((name, vec), [c, w, r]); b[0], b[1] = min(b[0], c), min(b[1], w)
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    K = 8
    print(f"interplit {rev}; model: 2 layers × 4 heads, {sum(p.numel() for p in net.parameters())} weights; "
          f"{chains} chains × {draws} draws (+{draws//4} burn-in), batch {batch}; torch {torch.__version__}, "
          f"{torch.get_num_threads()} thread(s); min of {repeat} interleaved repeats\n")
    print(f"{'run':45s} {'vectorize':>9s} {'CPU s':>7s} {'wall s':>7s} {'ms/chain-step':>13s}")
    for (name, vec), (c, w, _) in best.items():
        n = chains * (1 if name == "full" else K) * (draws + draws // 4)
        print(f"{name:45s} {str(vec):>9s} {c:7.2f} {w:7.2f} {1e3 * c / n:13.2f}")
    full = min(best[("full", v)][0] for v in (False, True))
    print(f"\nfull-model LLC, fastest setting: {full:.2f} CPU s (λ̂ = {best[('full', False)][2].mean:.2f})")
    for name in list(variants)[1:]:
        h = min(best[(name, v)][0] for v in (False, True))
        print(f"{name:45s} {h:6.2f} CPU s   ratio {h / full:.2f}")
    fl = flops(net, ids, batch)
    per_head = (4 * fl["l0"] + 4 * fl["l1"]) / 8
    print(f"\nmatmul FLOPs per chain-step: full {fl['full']/1e6:.1f} M; layer-0 head {fl['l0']/1e6:.1f} M; layer-1 head with layer 0 "
          f"replayed {fl['l1']/1e6:.1f} M (+ {fl['prefix']/1e6:.1f} M per minibatch for the replayed prefix, shared by 4 heads)")
    bound = (K * per_head + fl["prefix"]) / fl["full"]
    print(f"FLOP bound on the ratio (8 heads, same chains): {bound:.2f} with replay; {4 * (fl['l0'] + fl['l1_noreplay']) / fl['full']:.2f} "
          f"with weight gradients of touched tensors only; {K:.2f} for 8 independent full-gradient runs")
    print(f"lower bound for any exact method (even one exploiting the head structure): the 4 layer-0 heads' chains alone must run layer 1 "
          f"and the unembedding forward and back to their input, {fl['floor_l0']/1e6:.1f} M each: ratio ≥ {4 * fl['floor_l0'] / fl['full']:.2f}")

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--chains", type=int, default=4); p.add_argument("--draws", type=int, default=100)
    p.add_argument("--batch", type=int, default=32); p.add_argument("--repeat", type=int, default=2)
    a = p.parse_args()
    main(a.chains, a.draws, a.batch, a.repeat)
