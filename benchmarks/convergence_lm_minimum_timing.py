"""Only the trained-further GPT-2 defaults case of `convergence_user_cases.py` (`interplit llc` with defaults: calibrate,
then estimate), to time it alone on an idle machine; prints the case's report lines.

    python benchmarks/convergence_lm_minimum_timing.py"""
import sys, tempfile
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
import convergence_user_cases as U

torch.set_num_threads(1)
d = Path(tempfile.mkdtemp())
lm = U.lm_case_files(d)
lines = U.train_to_minimum(lm, d / "train.txt", d / "gpt2-tiny-min")
U.run_case(d, "GPT-2 2 layers × width 64, trained further to a minimum", "defaults (calibrate first)", "gpt2-tiny-min", "train.txt", [], [], lines)
print("\n".join(lines))
