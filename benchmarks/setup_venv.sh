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

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

# 1. torch FIRST, CPU build. A bare `pip install torch` (or letting devinterp
#    pull torch) downloads gigabytes of CUDA libraries; installing the CPU
#    wheel first and pinning it via a constraints file avoids that.
if ! "$VENV/bin/python" -c "import torch, sys; sys.exit(0 if torch.__version__.split('+')[0] == '$TORCH_VERSION' else 1)" 2>/dev/null; then
  LOCAL_WHEEL="$(ls /opt/wheels/torch-"$TORCH_VERSION"+cpu-*.whl 2>/dev/null | head -n1 || true)"
  if [ -n "$LOCAL_WHEEL" ]; then
    "${PIP[@]}" install "$LOCAL_WHEEL"
  else
    # Off this machine: the official CPU index has the +cpu wheel.
    "${PIP[@]}" install "torch==$TORCH_VERSION" --index-url https://download.pytorch.org/whl/cpu \
      --extra-index-url https://pypi.org/simple
  fi
fi
TORCH_INSTALLED="$("$VENV/bin/python" -c 'import torch; print(torch.__version__)')"
CONSTRAINTS="$(mktemp)"
trap 'rm -f "$CONSTRAINTS"' EXIT
echo "torch==$TORCH_INSTALLED" > "$CONSTRAINTS"

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
