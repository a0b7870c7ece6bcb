#!/usr/bin/env bash
# Create benchmarks/.venv-tunedlens: the lens benchmark's OWN virtualenv holding
# tuned-lens 0.2.0 (the reference implementation of arXiv 2303.08112).
# tuned-lens 0.2.0 only imports/trains with transformers 4.x (it passes
# `load_in_8bit` to from_pretrained, which transformers 5 rejects), torchdata < 0.10
# (it imports torchdata.dataloader2) and plotly < 6 (`titleside`); see
# /work/shared/reference/peer-tuned-lens.md section 4. interplit needs transformers
# >= 5, so the two cannot share a process: lens_vs_tuned_lens.py runs in interplit's
# environment and drives the peer as a subprocess of this venv's python, exchanging
# the model (save_pretrained), the token blocks and the trained translators as
# safetensors files. tuned-lens is never a dependency of interplit itself.
#
# Usage: bash benchmarks/setup_lens_venv.sh          (idempotent; re-run to repair)
#        PYTHON=python3.11 bash benchmarks/setup_lens_venv.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${VENV:-$HERE/.venv-tunedlens}"
PYTHON="${PYTHON:-python3}"
TORCH_VERSION="${TORCH_VERSION:-2.13.0}"

# 1. torch FIRST, CPU build, pinned for everything installed after it (see _venv.sh).
. "$HERE/_venv.sh"
make_torch_venv

# 2. tuned-lens 0.2.0 with the last versions of its dependencies it works with.
"${PIP[@]}" install -c "$CONSTRAINTS" "tuned-lens==0.2.0" "transformers==4.57.6" \
  "datasets<5" "torchdata==0.9.0" "plotly<6" safetensors

"$VENV/bin/python" - <<'PY'
import torch, tuned_lens, transformers
from importlib.metadata import version
from tuned_lens.nn.lenses import TunedLens
print(f"torch {torch.__version__} | tuned-lens {version('tuned-lens')} | "
      f"transformers {transformers.__version__} | torchdata {version('torchdata')}")
PY
echo "ready: python benchmarks/lens_vs_tuned_lens.py (run with interplit's environment)"
