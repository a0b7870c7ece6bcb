"""tuned-lens 0.2.0's training recipe, run inside benchmarks/.venv-tunedlens (transformers 4.57.6).

Called by lens_vs_tuned_lens.py as a subprocess; not meant to be run by hand. It loads the model that
the benchmark saved with save_pretrained, the token blocks it saved as safetensors, and trains
`tuned_lens.TunedLens` with the package's own optimizer and scheduler factories
(`tuned_lens.scripts.ingredients.Optimizer`: SGD, Nesterov, momentum 0.9, lr 1.0·(1−0.9), weight decay 1e-3,
linear decay to 0, no warmup) and the body of `tuned_lens.scripts.train_loop.Train.execute` (KL loss against
the final log-probs at the same position, one backward per layer under bf16 autocast on the model's device,
grad-norm clipping at 1.0). The `tuned-lens train` CLI itself cannot be used: it needs the model on the HF
hub/disk *and* re-tokenises text with its own chunking (so the tokens would differ), and with torchdata's
DataLoader2 it stops silently when data run out. Writes translators.safetensors + result.json to --out.
"""
import argparse, json, time
from pathlib import Path

import torch as th
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM

from tuned_lens import TunedLens
from tuned_lens.scripts.ingredients import Optimizer
from tuned_lens.utils import shift_labels, shift_preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--tokens", required=True, help="safetensors with 'train' (N, S) and 'heldout' (M, S)")
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--batch-size", type=int, required=True)
    ap.add_argument("--autocast", choices=["bf16", "none"], default="bf16")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    th.set_num_threads(a.threads)
    th.manual_seed(0)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    dev = th.device("cuda" if th.cuda.is_available() else "cpu")
    model = AutoModelForCausalLM.from_pretrained(a.model_dir).to(dev).eval()
    for p in model.parameters(): p.requires_grad_(False)
    toks = load_file(a.tokens)
    train, held = toks["train"], toks["heldout"]
    need = a.steps * a.batch_size
    if need > len(train):
        raise SystemExit(f"need {need} blocks for {a.steps} steps × batch {a.batch_size}, have {len(train)}")

    lens = TunedLens.from_model(model).to(dev)
    opt_cfg = Optimizer()                                  # the package defaults = the paper's recipe
    opt = opt_cfg.create_optim([p for p in lens.parameters() if p.requires_grad])
    sched = opt_cfg.create_scheduler(opt, a.steps)
    grad_acc_steps, shift = 1, 0

    if dev.type == "cuda": th.cuda.synchronize()
    t0, c0 = time.perf_counter(), time.process_time()
    for step in range(a.steps):                          # body of Train.execute, one batch per step
        batch = train[step * a.batch_size:(step + 1) * a.batch_size].to(dev)
        with th.no_grad():
            output = model(input_ids=batch, output_hidden_states=True)
        final_logits = output.logits
        hidden_states = output.hidden_states[:-1]
        labels = shift_labels(final_logits.float().log_softmax(dim=-1), shift)
        for i, h in enumerate(hidden_states):
            with th.autocast(dev.type, dtype=th.bfloat16, enabled=a.autocast == "bf16"):
                logits = shift_preds(lens(h, idx=i), shift)
                loss = th.sum(labels.exp() * (labels - logits.log_softmax(-1)), dim=-1).mean()
                scaled_loss = loss / grad_acc_steps
            scaled_loss.backward()
        th.nn.utils.clip_grad_norm_(lens.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=False)
        sched.step()
    if dev.type == "cuda": th.cuda.synchronize()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0

    # the peer's own held-out KL(final ‖ lens) per layer (fp32), a cross-check of the translator export
    kl = th.zeros(len(lens.layer_translators), dtype=th.float64); n = 0
    with th.no_grad():
        for j in range(0, len(held), 64):
            b = held[j:j + 64].to(dev)
            o = model(input_ids=b, output_hidden_states=True)
            lp = o.logits.float().log_softmax(-1)
            for i, h in enumerate(o.hidden_states[:-1]):
                lq = lens(h, idx=i).float().log_softmax(-1)
                kl[i] += (lp.exp() * (lp - lq)).sum(-1).sum().double().cpu()
            n += b.numel()
    state = {f"{i}.{k}": v.detach().float().cpu().contiguous()
             for i, t in enumerate(lens.layer_translators) for k, v in t.state_dict().items()}
    save_file(state, str(out / "translators.safetensors"))
    from importlib.metadata import version
    json.dump({"wall_s": wall, "cpu_s": cpu, "kl": (kl / n).tolist(), "steps": a.steps, "batch_size": a.batch_size,
               "autocast": a.autocast, "device": str(dev), "tuned_lens": version("tuned-lens"),
               "transformers": version("transformers"), "torch": th.__version__},
              open(out / "result.json", "w"), indent=1)


if __name__ == "__main__":
    main()
