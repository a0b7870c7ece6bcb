"""Train a tuned lens with data-parallel translators (DDP) over processes, the frozen model replicated or sharded (FSDP).

    torchrun --standalone --nproc_per_node 2 examples/distributed_lens.py [OUT]           # 2 processes (gloo on CPU, NCCL on GPUs)
    torchrun --standalone --nproc_per_node 2 examples/distributed_lens.py --shard [OUT]   # the frozen model sharded over them (FSDP2)
    python examples/distributed_lens.py [OUT]                                              # one process

Every rank holds the frozen model and its own copy of the translators; each optimizer step, rank r decodes its
slice of the global batch (batch_size sequences per rank) and DDP averages the translators' gradients, so
2 ranks × 8 sequences train the lens that 1 process × 16 sequences trains (to float rounding). Rank 0 prints
the evaluation and, with OUT, saves the lens (`TunedLens.load(OUT)`). With --shard, `shard_model` splits the
model's decoder blocks and embeddings over the ranks (each rank holds 1/W of them plus the whole final norm and
unembedding); every rank then runs every forward pass, the evaluation included (FSDP's all-gathers are collectives).
"""
import sys
import torch
import torch.distributed as dist
from interplit.distributed import init_distributed, is_main_process, shard_model, rank_numel
from interplit.models import python_lm
from interplit.lens import LogitLens
from interplit.lens_train import train_tuned_lens, evaluate_lenses

def main(out=None, shard=False):
    info = init_distributed()
    if info.world_size > 1 and not is_main_process(): dist.barrier()   # rank 0 builds (or loads) the cached model first
    lm = python_lm()
    if info.world_size > 1 and is_main_process(): dist.barrier()
    model = lm.model.to(info.device)
    if shard:
        model = shard_model(model)
        if is_main_process(): print("parameters on each rank:", rank_numel(model))
    lens = train_tuned_lens(model, lm.train, steps=60, batch_size=16 // info.world_size, seed=0)
    if shard or is_main_process():          # a sharded model's forwards need every rank
        ev = evaluate_lenses(model, lm.heldout, {"logit": LogitLens.from_model(model), "tuned": lens}, max_batches=8).to_frame()
    if is_main_process():
        print(ev.query("lens != 'model'").pivot(index="layer", columns="lens", values="kl").round(4))
        if out: lens.save(out)
    if info.backend is not None: dist.destroy_process_group()

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--shard"]
    main(args[0] if args else None, shard="--shard" in sys.argv[1:])
