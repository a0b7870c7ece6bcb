"""Do interplit and tuned-lens 0.2.0 decode the same logits from the same tuned-lens files?

Both directions, on a tiny randomly initialised GPT-2 (3 blocks, d = 32, perturbed final norm) and random translators:
1. interplit writes a lens in tuned-lens's layout (`TunedLens.save(format="tuned-lens")`: params.pt + config.json);
   tuned-lens loads it with its own loader and decodes the model's hidden states; interplit decodes the same states.
2. tuned-lens saves a lens of its own (`TunedLens.save`); interplit loads that folder (`TunedLens.load`) and decodes.
The peer runs in its own virtualenv (benchmarks/setup_lens_venv.sh: tuned-lens needs transformers 4.x), as a
subprocess of benchmarks/.venv-tunedlens/bin/python. Prints the largest absolute logit differences per layer and
writes benchmarks/results_lens_format_parity.md.

Usage: bash benchmarks/setup_lens_venv.sh && python benchmarks/lens_format_parity.py
       PEER_PYTHON=... python benchmarks/lens_format_parity.py     (another python that imports tuned_lens 0.2.0)
"""
import os, subprocess, sys, tempfile, time
from pathlib import Path
import torch
from safetensors.torch import load_file, save_file
from transformers import GPT2Config, GPT2LMHeadModel
from interplit.lens import TunedLens, residual_states

HERE = Path(__file__).resolve().parent
PEER = Path(os.environ.get("PEER_PYTHON", HERE / ".venv-tunedlens" / "bin" / "python"))   # any python that imports tuned_lens 0.2.0

def main():
    if not PEER.exists(): sys.exit(f"no {PEER}: run `bash benchmarks/setup_lens_venv.sh` first")
    torch.set_num_threads(1); torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=64, n_positions=32, n_embd=32, n_layer=3, n_head=4)).eval()
    with torch.no_grad():
        model.transformer.ln_f.weight.add_(0.3 * torch.randn(32)); model.transformer.ln_f.bias.add_(0.3 * torch.randn(32))
    ids = torch.randint(0, 64, (4, 16), generator=torch.Generator().manual_seed(1))
    ours = TunedLens.from_model(model)
    with torch.no_grad():
        for t in ours.translators: t.weight.normal_(0, 0.05); t.bias.normal_(0, 0.05)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model.save_pretrained(tmp / "model"); save_file({"ids": ids}, str(tmp / "ids.safetensors"))
        ours.save(tmp / "ours", format="tuned-lens", base_model="tiny-gpt2")
        t0 = time.time()
        subprocess.run([str(PEER), str(HERE / "_tuned_lens_format_peer.py"), "--model-dir", str(tmp / "model"), "--ids",
                        str(tmp / "ids.safetensors"), "--ours", str(tmp / "ours"), "--out", str(tmp)], check=True)
        peer_s = time.time() - t0
        peer = load_file(str(tmp / "peer.safetensors"))
        theirs = TunedLens.load(tmp / "theirs", model=model)
        with torch.no_grad():
            hs, _ = residual_states(model, ids)
            rows = []
            for i, h in enumerate(hs):
                rows.append((i, float((h - peer[f"hidden.{i}"]).abs().max()),
                             float((ours(h, i) - peer[f"from_ours.{i}"]).abs().max()),
                             float((theirs(h, i) - peer[f"theirs.{i}"]).abs().max()),
                             float(peer[f"from_ours.{i}"].abs().max())))
    import transformers
    peer_env = subprocess.run([str(PEER), "-c", "import tuned_lens, transformers, os; print(os.path.dirname(tuned_lens.__file__), transformers.__version__)"],
                              capture_output=True, text=True).stdout.strip()
    lines = ["# Lens-format parity: interplit vs tuned-lens 0.2.0", "",
             f"Peer: `{PEER}` (tuned_lens from, transformers): `{peer_env}`.", "",
             "Produced by `python benchmarks/lens_format_parity.py` (tiny GPT-2: 3 blocks, d = 32, vocab 64; random translators;",
             f"4 × 16 tokens; float32 on CPU; the peer subprocess took {peer_s:.1f} s). Max |Δ| over all tokens and vocabulary:", "",
             "| layer | hidden states | logits, interplit's file (tuned-lens loads it) | logits, tuned-lens's file (interplit loads it) | max |logit| |",
             "|---|---|---|---|---|"]
    lines += [f"| {i} | {a:.1e} | {b:.1e} | {c:.1e} | {m:.2f} |" for i, a, b, c, m in rows]
    worst = max(max(r[1:4]) for r in rows)
    verdict = ("the two packages decode the same logits from the same files, bit for bit." if worst == 0 else
               "the two packages decode the same logits from the same files, up to float32 rounding." if worst < 1e-4 else "MISMATCH.")
    lines += ["", f"Largest difference {worst:.1e}: {verdict}"]
    text = "\n".join(lines) + "\n"
    print(text); (HERE / "results_lens_format_parity.md").write_text(text)
    if worst >= 1e-4: sys.exit(1)

if __name__ == "__main__": main()
