"""Tuned-lens training under DDP, on the replicated and on the FSDP-sharded model, run by tests/_dist_worker.py inside its `torchrun --nproc_per_node 2` job."""
import torch
from transformers import GPT2Config, GPT2LMHeadModel

def build():
    "A small GPT-2 (built from a config, seeded) and token blocks: the same on every rank."
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=64, n_positions=16, n_embd=32, n_layer=3, n_head=2, bos_token_id=0, eos_token_id=0,
                                       initializer_range=0.3))   # sharp logits: KL of order 1
    blocks = torch.randint(0, 64, (128, 16), generator=torch.Generator().manual_seed(0))
    return model, blocks

LKW = dict(steps=8, grad_accum=2, optimizer="sgd", seed=0, progress=False, bf16=False)   # grad_accum: DDP's no_sync path too
PER_RANK = 4                                      # sequences per process; the single-process run takes 2 × this

def state(lens):
    return {k: v.detach().clone() for k, v in lens.state_dict().items() if k.startswith("translators")}

def train_and_save(out, rank):
    import time
    from torch.distributed.tensor import DTensor
    from interplit.lens_train import train_tuned_lens
    from interplit.distributed import shard_model, rank_numel
    model, blocks = build()
    t = time.perf_counter(); lens = train_tuned_lens(model, blocks, batch_size=PER_RANK, **LKW); t_rep = time.perf_counter() - t
    replicated = rank_numel(model)
    shard_model(model)                                # FSDP2 over the 2 ranks: blocks and root sharded, final norm + unembedding whole
    sharded = rank_numel(model)
    t = time.perf_counter(); fsdp = train_tuned_lens(model, blocks, batch_size=PER_RANK, **LKW); t_fsdp = time.perf_counter() - t
    kinds = {n: type(p).__name__ for n, p in model.named_parameters()}   # after the forwards: the root resharded again
    assert isinstance(model.transformer.h[0].attn.c_attn.weight, DTensor) and not isinstance(model.lm_head.weight, DTensor)
    # everything sharded (keep_unembedding=False): residual states and logits as on the whole model (different inputs per rank)
    from interplit.lens import residual_states
    whole, _ = build(); whole.eval()
    ids = blocks[4 * rank:4 * rank + 4]
    ref_hs, ref_logits = residual_states(whole, ids)
    full_shard = shard_model(build()[0], keep_unembedding=False)
    hs, logits = residual_states(full_shard, ids)
    rs_diff = max([(a - b).abs().max().item() for a, b in zip(hs, ref_hs)] + [(logits - ref_logits).abs().max().item()])
    if rank == 0:
        torch.save({"translators": state(lens), "losses": torch.tensor(lens.train_losses.values),
                    "fsdp_translators": state(fsdp), "fsdp_losses": torch.tensor(fsdp.train_losses.values),
                    "numel": {"replicated": replicated, "sharded": sharded, "all_sharded": rank_numel(full_shard)},
                    "kinds": kinds, "seconds": (t_rep, t_fsdp), "residual_diff": rs_diff}, f"{out}/lens.pt")
