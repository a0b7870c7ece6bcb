"""Only the trained-further GPT-2 defaults case of `convergence_user_cases.py` (`interplit llc` with defaults: calibrate,
then estimate), to time it alone on an idle machine; prints the case's report lines.

    python benchmarks/convergence_lm_minimum_timing.py"""
import sys, tempfile, time, torch
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
import convergence_user_cases as U
from pathlib import Path
torch.set_num_threads(1)
from interplit.models import python_lm
from interplit.data import python_corpus
d = Path(tempfile.mkdtemp())
lm = python_lm(n_layer=2, n_head=4, n_embd=64)
lm.model.save_pretrained(d / "gpt2-tiny"); lm.tokenizer.save_pretrained(d / "gpt2-tiny")
docs = python_corpus(max_bytes=1_000_000, seed=0); k = max(1, int(round(len(docs) * 0.1)))
(d / "train.txt").write_text("\n".join(docs[:-k]))
lines = U.train_to_minimum(lm, d / "train.txt", d / "gpt2-tiny-min")
res = U.run_case(d, "GPT-2 2 layers × width 64, trained further to a minimum", "defaults (calibrate first)", "gpt2-tiny-min", "train.txt", [], [], lines)
print("\n".join(lines))
import json; print(json.dumps({k: res.get(k) for k in ("llc_mean", "llc_stderr", "hyperparameters", "timing", "wall_time")}, default=str)[:2000])
