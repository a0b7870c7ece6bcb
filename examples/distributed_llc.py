"""Estimate an LLC with the chains spread over processes.

    torchrun --standalone --nproc_per_node 2 examples/distributed_llc.py [OUT]   # 2 processes (gloo on CPU, NCCL on GPUs)
    python examples/distributed_llc.py [OUT]                                      # the same run in one process

Every rank builds the same model and data (here: a small classifier fitted from a fixed seed; a real script loads
its checkpoint), `distributed_sample` gives each rank its block of chains, and rank 0 receives the whole run.
Chain c of seed s is the same chain however many processes run: both commands print the same estimate.
With OUT, rank 0 saves the `SampleResult` there (`SampleResult.load(OUT)` reads it back).
"""
import sys
import torch
import torch.nn as nn
from interplit.distributed import init_distributed, distributed_sample, is_main_process
from interplit.sampling import cross_entropy_loss
from interplit.llc import llc_from_samples

def build(seed=0):
    "The same model w* and data on every rank: a 2-layer classifier fitted to a toy task."
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 8, generator=g)
    y = (x[:, :2].sum(1) > 0).long()
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(200):
        opt.zero_grad(); cross_entropy_loss(model, (x, y)).mean().backward(); opt.step()
    return model, (x, y)

def main(out=None):
    info = init_distributed()                       # rank, world size, local rank, device (a world of 1 without torchrun)
    model, data = build()
    model.to(info.device)
    res = distributed_sample(model, data, cross_entropy_loss, lr=1e-3, gamma=100.0, num_chains=4, num_draws=200,
                             num_burnin=50, batch_size=64, seed=0, observe={"probe": (data[0][:16], data[1][:16])})
    if is_main_process():                           # rank 0 holds the result; the other ranks got None
        print(f"{info.world_size} process(es), backend {info.backend}: {llc_from_samples(res)}")
        if out: res.save(out)
    if info.backend is not None: torch.distributed.destroy_process_group()

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
