#!/usr/bin/env bash
# Create benchmarks/.venv-devinterp: the benchmark's OWN virtualenv holding
# devinterp 2.0.1 next to an editable interplit, so llc_speed.py can time
# interplit, devinterp and a bare SGLD loop in one process.
# devinterp is never a dependency of interplit itself.
#
# Usage: bash benchmarks/setup_venv.sh            (idempotent; re-run to repair)
#        PYTHON=python3.12 bash benchmarks/setup_venv.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
VENV="${VENV:-$HERE/.venv-devinterp}"
PYTHON="${PYTHON:-python3}"
TORCH_VERSION="${TORCH_VERSION:-2.13.0}"
DEVINTERP_VERSION="${DEVINTERP_VERSION:-2.0.1}"

# 1. torch FIRST, CPU build, pinned for everything installed after it (see _venv.sh).
. "$HERE/_venv.sh"
make_torch_venv

# 2. devinterp (pulls transformers, datasets, zarr, xarray, pydantic, ...).
"${PIP[@]}" install -c "$CONSTRAINTS" "devinterp==$DEVINTERP_VERSION"

# 3. interplit itself, editable, plus scikit-learn for load_digits.
"${PIP[@]}" install -c "$CONSTRAINTS" -e "$ROOT" scikit-learn

"$VENV/bin/python" - <<'EOF'
import torch, devinterp, interplit, sklearn
from importlib.metadata import version
print(f"torch {torch.__version__} | devinterp {version('devinterp')} | "
      f"interplit {interplit.__version__} | scikit-learn {sklearn.__version__}")
EOF
echo "ready: $VENV/bin/python benchmarks/llc_speed.py [--quick]"
