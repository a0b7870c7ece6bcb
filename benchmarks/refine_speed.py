"""Speed of refined LLCs: every attention head of one checkpoint vs one full-model LLC, same chains and draws.

Run: OMP_NUM_THREADS=1 python benchmarks/refine_speed.py
Prints the full-model LLC time, the all-heads rLLC time (all K heads × C chains in one vectorized run), and their ratio.
Target (issue "Refined LLCs"): ratio ≤ 2.
"""
import time, warnings
import torch
from interplit.models import AttnOnlyTransformer, fit
from interplit.data import SyntheticLanguage
from interplit.sampling import causal_lm_loss
from interplit.llc import estimate_llc
from interplit.refine import refined_llc

def main(chains=4, draws=100, batch=32):
    torch.manual_seed(0)
    lang = SyntheticLanguage(vocab=32, seed=0)
    ids = lang.sample(4096, 32, repeat_prob=0.8, repeat_len=(8, 14), seed=1)
    net = AttnOnlyTransformer(n_layers=2, n_heads=4, d_model=32, d_head=8, vocab=32, ctx=32)
    fit(net, ids, causal_lm_loss, steps=300, lr=3e-3, batch_size=64)
    kw = dict(lr=1e-4, gamma=300.0, num_chains=chains, num_draws=draws, num_burnin=draws // 4, batch_size=batch, progress=False)
    warnings.filterwarnings("ignore", message="negative LLC")
    rows = {}
    for vec in (False, True):
        t = time.perf_counter(); full = estimate_llc(net, ids, causal_lm_loss, vectorize=vec, **kw); rows[("full", vec)] = time.perf_counter() - t
        t = time.perf_counter(); heads = refined_llc(net, ids, causal_lm_loss, "heads", vectorize=vec, **kw); rows[("heads", vec)] = time.perf_counter() - t
        print(f"vectorize={vec}: full-model LLC {rows[('full', vec)]:.2f} s (λ̂={full.mean:.2f}); "
              f"all {len(heads.components)} heads {rows[('heads', vec)]:.2f} s")
    best_full = min(rows[("full", False)], rows[("full", True)])
    best_heads = min(rows[("heads", False)], rows[("heads", True)])
    print(f"\nmodel: 2 layers × 4 heads, {sum(p.numel() for p in net.parameters())} weights; {chains} chains × {draws} draws (+{draws//4} burn-in), batch {batch}")
    print(f"full-model LLC (fastest setting): {best_full:.2f} s")
    print(f"all-heads rLLC (fastest setting): {best_heads:.2f} s")
    print(f"ratio: {best_heads / best_full:.2f}  (same setting both, vmap: {rows[('heads', True)] / rows[('full', True)]:.2f}; "
          f"chain loop: {rows[('heads', False)] / rows[('full', False)]:.2f}; vmapped heads vs looped full: {rows[('heads', True)] / rows[('full', False)]:.2f})")

if __name__ == "__main__": main()
