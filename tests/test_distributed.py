"""2-process runs on CPU (gloo) launched with the real `torchrun` (one job for all cases), checked against single-process runs.

Sampling: per-chain arrays (losses, burn-in, distances, MALA, final weights, observation traces) bit-identical;
merged streaming means/variances/covariances equal to float64 rounding (rtol 1e-10); sharded observation traces
equal to float32 rounding (rtol 1e-6: a shard's forward passes use smaller batches). Tuned lens under DDP: translators
within 1e-4 of their largest entry of the single-process run with the global batch; on the FSDP-sharded model
(`shard_model`) the same translators as on the replicated model within 1e-6 of their largest entry (measured: identical)."""
import json, os, subprocess, sys
from pathlib import Path
import numpy as np
import pandas as pd
import pytest
import torch

sys.path.insert(0, str(Path(__file__).parent))
from _dist_worker import build, KW, PAIRS, COMPS
from interplit.sampling import sample, cross_entropy_loss, SampleResult
from interplit.refine import refined_llc

HERE = Path(__file__).parent

def torchrun(script, *args, nproc=2, timeout=300):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.pathsep.join(p for p in [os.environ.get("PYTHONPATH"), str(HERE.parent)] if p)}
    r = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(nproc), str(script), *map(str, args)],
                       capture_output=True, text=True, env=env, timeout=timeout)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    return r

@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("dist")
    torchrun(HERE / "_dist_worker.py", d)
    return d

def same(a, b): np.testing.assert_array_equal(a, b)

def check_same_chains(got, ref):
    assert got.chains == ref.chains
    for k in ("loss", "burnin_loss", "distance", "mala", "final"): same(getattr(got, k), getattr(ref, k))
    assert got.init_loss == ref.init_loss and got.n_beta == ref.n_beta
    assert {k: v for k, v in got.config.items()} == ref.config

def test_chains_over_ranks_equal_single_process(out):
    model, data, obs = build()
    ref = sample(model, data, cross_entropy_loss, num_chains=5, observe=obs, covariances=PAIRS, **KW)
    for name in ("chains", "chains_all_0", "chains_all_1"):
        got = SampleResult.load(out / name)
        check_same_chains(got, ref)
        for k in ref.traces: same(got.traces[k], ref.traces[k])
        assert got.init_observed == ref.init_observed
        for k in ref.means:
            np.testing.assert_allclose(got.means[k], ref.means[k], rtol=1e-10, atol=1e-14)
            np.testing.assert_allclose(got.variances[k], ref.variances[k], rtol=1e-10, atol=1e-14)
        assert sorted(got.covariances) == sorted(ref.covariances) == sorted(PAIRS)
        for k in ref.covariances: np.testing.assert_allclose(got.covariances[k], ref.covariances[k], rtol=1e-10, atol=1e-14)

def test_vectorized_chains_over_ranks(out):
    "With vmap a chain's floats could depend on the chains vectorized beside it; on a CPU they are still bit-identical."
    model, data, _ = build()
    ref = sample(model, data, cross_entropy_loss, num_chains=5, vectorize=True, **KW)
    got = SampleResult.load(out / "chains_vmap")
    assert got.config["vectorized"] and ref.config["vectorized"]
    check_same_chains(got, ref)

def test_bf16_autocast_over_ranks(out):
    model, data, _ = build()
    ref = sample(model, data, cross_entropy_loss, num_chains=3, autocast=torch.bfloat16, **KW)
    got = SampleResult.load(out / "chains_bf16")
    assert got.config["autocast"] == "bfloat16"
    check_same_chains(got, ref)
    assert not np.array_equal(ref.loss, sample(model, data, cross_entropy_loss, num_chains=3, **KW).loss)   # bf16 did change the floats

def test_sharded_observations_equal_single_process(out):
    model, data, obs = build()
    ref = sample(model, data, cross_entropy_loss, num_chains=3, observe=obs, covariances=PAIRS, **KW)
    got = SampleResult.load(out / "obs_all")          # every set sharded: covariances from the gathered traces
    check_same_chains(got, ref)
    for k in ref.traces:
        assert got.traces[k].shape == ref.traces[k].shape
        np.testing.assert_allclose(got.traces[k], ref.traces[k], rtol=1e-6)
        np.testing.assert_allclose(got.means[k], ref.means[k], rtol=1e-6)
        np.testing.assert_allclose(got.variances[k], ref.variances[k], rtol=1e-5)
        np.testing.assert_allclose(got.init_observed[k], ref.init_observed[k], rtol=1e-9)
    for k in PAIRS: np.testing.assert_allclose(got.covariances[k], ref.covariances[k], rtol=1e-5, atol=1e-12)
    got = SampleResult.load(out / "obs_train")        # only "train" sharded, no traces kept
    assert not got.traces
    np.testing.assert_allclose(got.means["train"], ref.means["train"], rtol=1e-6)
    np.testing.assert_allclose(got.covariances[("train", "query")], ref.covariances[("train", "query")], rtol=1e-5, atol=1e-12)

def test_refined_llc_components_over_ranks(out):
    model, data, _ = build()
    ref = refined_llc(model, data, cross_entropy_loss, COMPS, num_chains=2, **{k: v for k, v in KW.items() if k != "keep_final"}).to_frame()
    for r in (0, 1):
        got = pd.DataFrame(json.loads((out / f"refined_{r}.json").read_text()))
        assert list(got.component) == list(ref.component)
        same(got.llc_mean.values, ref.llc_mean.values); same(got.llc_std.values, ref.llc_std.values)

def test_errors_reach_every_rank(out):
    e0, e1 = (json.loads((out / f"errors_{r}.json").read_text()) for r in (0, 1))
    assert e0["diverged"][0] == e1["diverged"][0] == "SamplingDiverged"
    assert e0["diverged"][1] in (0, 1) and e1["diverged"][1] in (2, 3)           # each rank names one of its own chains
    assert e0["weights"] == e1["weights"] and "weights on rank 1 differ" in e0["weights"]

def test_tuned_lens_ddp_equals_one_process_with_the_global_batch(out):
    "2 ranks × 4 sequences (× 2 accumulated micro-batches) under DDP = 1 process × 8 sequences (same seed, same data order): translators within 1e-4 of their scale."
    from interplit.lens_train import train_tuned_lens
    from _lens_worker import build, LKW, PER_RANK, state
    got = torch.load(out / "lens.pt")
    model, blocks = build()
    ref = train_tuned_lens(model, blocks, batch_size=2 * PER_RANK, **LKW)
    half = train_tuned_lens(model, blocks, batch_size=PER_RANK, **LKW)        # what rank 0 would learn without DDP's averaging
    for k, v in state(ref).items():
        scale = v.abs().max().item()
        assert scale > 0
        assert (got["translators"][k] - v).abs().max().item() <= 1e-4 * scale, k
    assert max((state(half)[k] - v).abs().max().item() / v.abs().max().item() for k, v in state(ref).items()) > 1e-2
    np.testing.assert_allclose(got["losses"].numpy(), ref.train_losses.values, rtol=1e-4)

def test_tuned_lens_on_fsdp_sharded_model_equals_replicated(out):
    "`shard_model` (FSDP2 over 2 gloo ranks) + DDP translators = the replicated-model DDP run; each rank holds its half of the blocks."
    from _lens_worker import build
    got = torch.load(out / "lens.pt")
    for k, v in got["translators"].items():
        assert (got["fsdp_translators"][k] - v).abs().max().item() <= 1e-6 * v.abs().max().item(), k
    np.testing.assert_allclose(got["fsdp_losses"].numpy(), got["losses"].numpy(), rtol=1e-6)
    model, _ = build()
    full = sum(p.numel() for p in model.parameters())                     # lm_head is tied to wte: counted once
    kept = model.transformer.wte.weight.numel() + sum(p.numel() for p in model.transformer.ln_f.parameters())
    assert got["numel"]["replicated"] == {"local": full, "full": full}
    assert got["numel"]["sharded"] == {"local": kept + (full - kept) // 2, "full": full}   # 21424 of 40736
    assert got["kinds"]["transformer.h.0.mlp.c_fc.weight"] == got["kinds"]["transformer.wpe.weight"] == "DTensor"
    assert got["kinds"]["transformer.wte.weight"] == got["kinds"]["transformer.ln_f.weight"] == "Parameter"
    assert got["numel"]["all_sharded"] == {"local": full // 2, "full": full}                 # keep_unembedding=False: 20368
    assert got["residual_diff"] <= 1e-5, got["residual_diff"]                              # residual_states through the fully sharded model
