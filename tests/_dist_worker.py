"""Run by tests/test_distributed.py under `torchrun --nproc_per_node 2`: every distributed code path on gloo (sampling, lens DDP),
results written to OUT (argv[1]) for the test to compare with single-process runs."""
import copy, json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import torch
import torch.nn as nn
from interplit.sampling import cross_entropy_loss, SamplingDiverged

def build():
    "The same small classifier, data and observation sets on every rank."
    g = torch.Generator().manual_seed(0)
    xs, ys = torch.randn(200, 4, generator=g), torch.randint(0, 3, (200,), generator=g)
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(100):                                          # near a minimum, so that LLCs are positive
        opt.zero_grad(); cross_entropy_loss(model, (xs, ys)).mean().backward(); opt.step()
    return model, (xs, ys), {"train": (xs[:30], ys[:30]), "query": (xs[30:34], ys[30:34])}

KW = dict(lr=1e-3, gamma=100.0, num_draws=20, num_burnin=5, batch_size=32, progress=False, keep_final=True, mala_every=5, seed=3)
PAIRS = [("train", "query"), ("query", "query")]
COMPS = {"first": {"0.weight": True, "0.bias": True}, "second": {"2.weight": True}}

def main(out):
    from interplit.distributed import init_distributed, distributed_sample, distributed_refined_llc
    info = init_distributed()
    assert info.world_size == 2 and info.backend == "gloo", info
    r = info.rank
    model, data, obs = build()
    # 1. chains over ranks (5 chains: 3 + 2), gathered on rank 0
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=5, observe=obs, covariances=PAIRS, **KW)
    assert (res is None) == (r != 0)
    if r == 0: res.save(f"{out}/chains")
    # 2. the same, gathered on every rank
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=5, observe=obs, covariances=PAIRS, dst=None, **KW)
    res.save(f"{out}/chains_all_{r}")
    # 2b. vectorized chains (vmap, the GPU default)
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=5, vectorize=True, **KW)
    if r == 0: res.save(f"{out}/chains_vmap")
    # 2c. bf16 forward passes (autocast), fp32 sampler state, on each rank
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=3, autocast=torch.bfloat16, **KW)
    if r == 0: res.save(f"{out}/chains_bf16")
    # 3. observation sets sharded: all sets (covariances from the traces), and only "train"
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=3, observe=obs, covariances=PAIRS, shard="observations", **KW)
    if r == 0: res.save(f"{out}/obs_all")
    res = distributed_sample(model, data, cross_entropy_loss, num_chains=3, observe=obs, covariances=[("train", "query")],
                             shard="observations", shard_observe=["train"], keep_traces=False, **KW)
    if r == 0: res.save(f"{out}/obs_train")
    # 4. refined LLCs: 2 components x 2 chains, one component per rank
    ref = distributed_refined_llc(model, data, cross_entropy_loss, COMPS, num_chains=2, **{k: v for k, v in KW.items() if k != "keep_final"})
    json.dump(ref.to_frame().to_dict("list"), open(f"{out}/refined_{r}.json", "w"))   # floats exactly
    # 5. a diverging run fails on every rank, with the chain that diverged
    errs = {}
    try: distributed_sample(model, data, cross_entropy_loss, num_chains=4, **{**KW, "lr": 50.0})
    except SamplingDiverged as e: errs["diverged"] = [type(e).__name__, e.chain]
    # 6. different weights on the ranks are refused before sampling
    m2 = copy.deepcopy(model)
    if r == 1:
        with torch.no_grad(): m2[0].bias.add_(1e-3)
    try: distributed_sample(m2, data, cross_entropy_loss, num_chains=2, **KW)
    except ValueError as e: errs["weights"] = str(e)
    json.dump(errs, open(f"{out}/errors_{r}.json", "w"))
    # 7. tuned-lens training with DDP (translators averaged over the ranks' slices of each batch)
    from _lens_worker import train_and_save
    train_and_save(out, r)
    torch.distributed.destroy_process_group()

if __name__ == "__main__":
    main(sys.argv[1])
