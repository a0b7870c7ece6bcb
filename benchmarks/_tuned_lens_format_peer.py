"""tuned-lens 0.2.0's side of lens_format_parity.py, run inside benchmarks/.venv-tunedlens; not meant to be run by hand.

(1) Loads the lens interplit wrote in tuned-lens's layout (`TunedLens.save(format="tuned-lens")`) with tuned-lens's own
loader (`TunedLens.from_model_and_pretrained`) and decodes the model's hidden states with it. (2) Makes a lens with random
translators, saves it with tuned-lens's own `save` (params.pt + config.json) for interplit to load, and decodes with it.
Writes every layer's logits (and the hidden states) to --out/peer.safetensors.
"""
import argparse
from pathlib import Path
import torch as th
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM
from tuned_lens import TunedLens

ap = argparse.ArgumentParser()
ap.add_argument("--model-dir", required=True); ap.add_argument("--ids", required=True)
ap.add_argument("--ours", required=True); ap.add_argument("--out", required=True)
a = ap.parse_args()
th.set_num_threads(1)
out = Path(a.out)
model = AutoModelForCausalLM.from_pretrained(a.model_dir).eval()
ids = load_file(a.ids)["ids"]
with th.no_grad():
    hs = model(input_ids=ids, output_hidden_states=True).hidden_states[:-1]   # the input of each block
    res = {f"hidden.{i}": h.contiguous() for i, h in enumerate(hs)}
    ours = TunedLens.from_model_and_pretrained(model, lens_resource_id=a.ours)
    for i, h in enumerate(hs): res[f"from_ours.{i}"] = ours(h, i).contiguous()
    th.manual_seed(7)
    theirs = TunedLens.from_model(model)
    for t in theirs.layer_translators: t.weight.normal_(0, 0.05); t.bias.normal_(0, 0.05)
    theirs.save(out / "theirs")
    for i, h in enumerate(hs): res[f"theirs.{i}"] = theirs(h, i).contiguous()
save_file(res, str(out / "peer.safetensors"))
print("peer done:", len(hs), "layers")
