"""Record (or recompute) per-chain numbers of a fixed set of small, fast runs: the engine's regression anchor.

`python tests/regression_numbers.py` rewrites tests/regression_numbers.json; `tests/test_regression.py` recomputes
them and demands bit-identical floats. Every run is tiny (CPU, one thread, a few seconds)."""
import json, sys
from pathlib import Path
import numpy as np, torch, torch.nn as nn
from transformers import GPT2Config, GPT2LMHeadModel

HERE = Path(__file__).parent
OUT = HERE / "regression_numbers.json"

def _reg():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 4, generator=g); y = x @ torch.randn(4, 2, generator=g) + 0.1 * torch.randn(200, 2, generator=g)
    torch.manual_seed(0); m = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))
    return m, x, y

def _clf():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(120, 5, generator=g); y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    torch.manual_seed(1); m = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3))
    return m, x, y

def _gpt():
    torch.manual_seed(0)
    m = GPT2LMHeadModel(GPT2Config(vocab_size=40, n_positions=16, n_embd=16, n_layer=2, n_head=2, resid_pdrop=0.0,
                                   embd_pdrop=0.0, attn_pdrop=0.0))
    ids = torch.randint(0, 40, (24, 12), generator=torch.Generator().manual_seed(2))
    return m, ids

def compute()->dict:
    from interplit.sampling import mse_loss, cross_entropy_loss, causal_lm_loss
    from interplit.llc import estimate_llc
    from interplit.refine import refined_llc
    from interplit.bif import bif
    from interplit.kernel import loss_kernel
    from interplit.lens_train import train_tuned_lens, evaluate_lenses
    torch.set_num_threads(1)
    out = {}
    m, x, y = _reg()
    for s, lr in (("sgld", 1e-3), ("rmsprop_sgld", 1e-3), ("sgnht", 1e-3)):
        r = estimate_llc(m, (x, y), mse_loss, lr=lr, gamma=100.0, num_chains=3, num_draws=60, num_burnin=15, batch_size=50, sampler=s,
                         seed=3, progress=False, mala_every=10)
        out[f"llc_{s}"] = [float(v) for v in r.per_chain]
        if r.samples.mala is not None: out[f"mala_{s}"] = [float(v) for v in r.samples.mala]
    r = estimate_llc(m, (x, y), mse_loss, lr=1e-3, gamma=100.0, num_chains=2, num_draws=40, num_burnin=10, batch_size=None, seed=4,
                     progress=False, weight_decay=0.1, bounding_box=0.05, precondition={"0.weight": 0.5})
    out["llc_sgld_wd_box_precond"] = [float(v) for v in r.per_chain]
    g, ids = _gpt()
    rl = refined_llc(g, ids, causal_lm_loss, ["l1h0"], evaluate_on={"q": ids[:8]}, lr=1e-4, gamma=300.0, num_chains=2, num_draws=20, num_burnin=5,
                     batch_size=8, seed=5, progress=False)
    out["refined_l1h0_train"] = [float(v) for v in rl[("l1h0", "train")].per_chain]
    out["refined_l1h0_q"] = [float(v) for v in rl[("l1h0", "q")].per_chain]
    mc, xc, yc = _clf()
    b = bif(mc, (xc[:30], yc[:30]), cross_entropy_loss, (xc[30:36], yc[30:36]), posterior_data=(xc, yc), lr=1e-3, gamma=100.0,
            num_chains=2, num_draws=30, num_burnin=0, batch_size=40, seed=6, centre="pool", progress=False)
    out["bif_matrix_first_rows"] = np.asarray(b.matrix[:3], dtype=np.float64).reshape(-1).tolist()
    k = loss_kernel(mc, (xc[:10], yc[:10]), cross_entropy_loss, posterior_data=(xc, yc), lr=1e-3, gamma=100.0, num_chains=2,
                    num_draws=30, num_burnin=0, batch_size=40, seed=7, progress=False)
    out["kernel_diag"] = np.diag(np.asarray(k.matrix, dtype=np.float64)).tolist()
    torch.manual_seed(0)
    lens = train_tuned_lens(g, ids, steps=3, batch_size=4, seed=0, progress=False)
    df = evaluate_lenses(g, ids[:8], lens, batch_size=4).to_frame()
    out["tuned_lens_kl"] = [float(v) for v in df[df.columns[df.columns.str.contains("kl")][0]].dropna()]
    return out

if __name__ == "__main__":
    nums = compute()
    OUT.write_text(json.dumps(nums, indent=1, default=float))
    print(json.dumps(nums, indent=1))
