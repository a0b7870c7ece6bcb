"""TransformerLens `HookedTransformer`s through interplit's architecture registry (`interplit.arch`): logit and tuned
lenses on `hook_resid_pre` states with its `ln_final` and `unembed`, and per-head refined LLCs on its W_Q/W_K/W_V/W_O.
Tiny models built from a config (no download). transformer-lens is an optional extra, and in `dev`: outside CI these
tests skip when it is missing; in CI (CI=true) a missing transformer-lens is a failure."""
import copy, os
import pytest
import torch

try:
    from transformer_lens import HookedTransformer, HookedTransformerConfig
except ImportError:
    if os.environ.get("CI", "").lower() in ("1", "true"): raise
    pytest.skip("transformer-lens is not installed: pip install 'interplit[transformer-lens]' (or '.[dev]') to run these tests",
                allow_module_level=True)

from interplit.arch import find_adapter, model_parts, head_layout
from interplit.lens import LogitLens, TunedLens, residual_states
from interplit.lens_train import train_tuned_lens, evaluate_lenses
from interplit.refine import head_mask, refined_llc, flat_mask
from interplit.sampling import causal_lm_loss

torch.set_num_threads(1)
pytestmark = [pytest.mark.filterwarnings("ignore:HookedTransformer is deprecated:DeprecationWarning"),   # TransformerLens 3.x on its own class
              pytest.mark.filterwarnings("ignore:negative LLC estimate:UserWarning")]                   # untrained tiny models: w* is no minimum
V, CTX = 23, 12

def _tiny(norm="LN", kv=None, seed=0):
    cfg = HookedTransformerConfig(n_layers=2, d_model=16, n_ctx=CTX, d_head=4, n_heads=4, d_vocab=V, act_fn="gelu",
                                  normalization_type=norm, n_key_value_heads=kv, seed=seed)
    m = HookedTransformer(cfg).eval()
    with torch.no_grad():   # random-init norms and biases are 1/0: perturb them so a missed one would show
        for n, p in m.named_parameters():
            if n.split(".")[-1] in ("w", "b", "b_Q", "b_K", "b_V", "_b_K", "_b_V", "b_O", "b_U"): p.add_(0.3 * torch.randn_like(p))
    return m

@pytest.fixture(scope="module")
def models(): return {"mha": _tiny(), "gqa": _tiny("RMS", kv=2, seed=1)}

@pytest.fixture(scope="module")
def ids(): return torch.randint(0, V, (6, CTX), generator=torch.Generator().manual_seed(0))

def test_adapter_matches(models):
    for m in models.values():
        assert find_adapter(m).name == "transformer_lens.HookedTransformer"
        p = model_parts(m)
        assert p.layers is m.blocks and p.final_norm is m.ln_final and p.unembed is m.unembed and (p.d_model, p.vocab_size) == (16, V)

@pytest.mark.parametrize("key", ["mha", "gqa"])
def test_states_are_hook_resid_pre_and_logit_lens_gives_logits(models, ids, key):
    m = models[key]
    with torch.no_grad():
        hs, logits = residual_states(m, ids, final=True)
        ref_logits, cache = m.run_with_cache(ids)
        for i in range(2): torch.testing.assert_close(hs[i], cache[f"blocks.{i}.hook_resid_pre"], rtol=0, atol=0)
        torch.testing.assert_close(hs[2], cache["blocks.1.hook_resid_post"], rtol=0, atol=0)
        torch.testing.assert_close(logits, ref_logits, rtol=0, atol=0)
        lens = LogitLens.from_model(m)
        torch.testing.assert_close(lens(hs[2], 2), ref_logits, rtol=1e-5, atol=1e-5)   # the lens's final layer = the model's logits
        by_hand = m.ln_final(hs[0]) @ m.unembed.W_U + m.unembed.b_U                     # layer 0, independently
        torch.testing.assert_close(lens(hs[0], 0), by_hand, rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(TunedLens.from_model(m)(hs[0], 0), lens(hs[0], 0), rtol=0, atol=0)   # untrained = logit lens

def test_tuned_lens_trains(models):
    m = models["mha"]
    data = torch.randint(0, V, (256, CTX), generator=torch.Generator().manual_seed(1))
    before = [p.detach().clone() for p in m.parameters()]
    lens = train_tuned_lens(m, data[:192], steps=60, batch_size=8, optimizer="adam", lr=1e-2, repeat=True, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(before, m.parameters()))                # the model is never modified
    res = evaluate_lenses(m, data[192:], {"logit": LogitLens.from_model(m), "tuned": lens})
    df = res.to_frame() if hasattr(res, "to_frame") and not hasattr(res, "columns") else res   # a DataFrame (or a result object)
    kl = df.set_index(["lens", "layer"])["kl"]
    for l in range(2): assert kl[("tuned", l)] < 0.7 * kl[("logit", l)], (l, kl)

@pytest.mark.parametrize("key", ["mha", "gqa"])
def test_head_mask_selects_exactly_the_heads_slices(models, ids, key):
    m = models[key]
    L = head_layout(m); H, Hkv = L[1]["n_heads"], L[1]["n_kv_heads"]
    assert (H, Hkv) == (4, 4 if key == "mha" else 2)
    ps = dict(m.named_parameters())
    for h in range(H):
        g = h * Hkv // H
        mask = head_mask(m, 1, h)
        k = "W_K" if key == "mha" else "_W_K"
        expect = {f"blocks.1.attn.{n}": i for n, i in [("W_Q", h), ("b_Q", h), ("W_O", h), (k, g), (k.replace("W", "b"), g),
                                                        (k.replace("K", "V"), g), (k.replace("W_K", "b_V"), g)]}
        assert set(mask) == set(expect)
        for n, i in expect.items():
            want = torch.zeros(ps[n].shape, dtype=torch.bool); want[i] = True
            assert torch.equal(mask[n], want), n
        # zeroing the slices the head owns alone (Q and O; K/V too without GQA) removes exactly its term from block 1's output
        own = head_mask(m, 1, h, "qkvo" if Hkv == H else "qo")
        m2 = copy.deepcopy(m)
        with torch.no_grad():
            for n, p in m2.named_parameters():
                if n in own: p[own[n]] = 0
            _, c = m.run_with_cache(ids); _, c2 = m2.run_with_cache(ids)
        z, z2 = c["blocks.1.attn.hook_z"], c2["blocks.1.attn.hook_z"]                     # (B, S, H, d_head)
        others = [i for i in range(H) if i != h]
        torch.testing.assert_close(z2[:, :, others], z[:, :, others], rtol=0, atol=0)     # the other heads do not move
        term = torch.einsum("bsd,dm->bsm", z[:, :, h], m.blocks[1].attn.W_O[h])
        torch.testing.assert_close(c2["blocks.1.hook_attn_out"], c["blocks.1.hook_attn_out"] - term, rtol=1e-5, atol=1e-5)

def test_refined_llc_per_head(models, ids):
    m = models["gqa"]
    kw = dict(lr=1e-4, gamma=100.0, num_chains=2, num_draws=5, num_burnin=0, batch_size=3, seed=3, progress=False, keep_final=True)
    r = refined_llc(m, ids, causal_lm_loss, ["l0h1", "l1h3"], **kw)
    full = r.samples
    w_star = torch.cat([p.detach().flatten() for p in m.parameters()]).numpy()
    for k, comp in enumerate(["l0h1", "l1h3"]):
        fm = flat_mask(m, head_mask(m, int(comp[1]), int(comp[3]))).numpy()
        moved = full.final[2 * k:2 * k + 2] != w_star
        assert not moved[:, ~fm].any() and moved[:, fm].mean() > 0.99                    # only that head's weights move
        assert fm.sum() == 16 * 4 + 4 + 2 * (16 * 4 + 4) + 4 * 16                           # W_Q[h], b_Q[h], W_K/V[g], b_K/V[g], W_O[h]
