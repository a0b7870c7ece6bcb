#!/usr/bin/env bash
# Create benchmarks/.venv-lds: the attribution benchmark's OWN virtualenv with the
# peer TDA tools (TRAK = `traker`, dattri, kronfluence where it installs) next to an
# editable interplit, so attribution_lds.py can score them all in one process.
# None of these tools is ever a dependency of interplit itself.
#
# Usage: bash benchmarks/setup_lds_venv.sh          (idempotent; re-run to repair)
#        PYTHON=python3.11 bash benchmarks/setup_lds_venv.sh
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
VENV="${VENV:-$HERE/.venv-lds}"
PYTHON="${PYTHON:-python3}"
TORCH_VERSION="${TORCH_VERSION:-2.13.0}"

# 1. torch FIRST, CPU build, pinned for everything installed after it (see _venv.sh).
. "$HERE/_venv.sh"
make_torch_venv || exit 1

# 2. interplit (editable) and the light shared dependencies.
"${PIP[@]}" install -c "$CONSTRAINTS" -e "$ROOT" scikit-learn scipy numpy tqdm || exit 1

# 3. Peers, each with --no-deps so none can pull another torch or torchvision
#    (there is no CPU torchvision build here), then their light dependencies by hand.
#    A peer that fails to install is reported and skipped: the benchmark then runs
#    without it (and says so).
"${PIP[@]}" install --no-deps "traker==0.3.2" && "${PIP[@]}" install -c "$CONSTRAINTS" tqdm numpy \
  || echo "WARNING: traker did not install"
"${PIP[@]}" install --no-deps "dattri==0.3.0" && "${PIP[@]}" install -c "$CONSTRAINTS" tqdm numpy scipy pyyaml requests \
  || echo "WARNING: dattri did not install"
"${PIP[@]}" install --no-deps "kronfluence==1.0.1" && "${PIP[@]}" install -c "$CONSTRAINTS" accelerate einops einconv safetensors opt_einsum \
  || echo "WARNING: kronfluence did not install"

"$VENV/bin/python" - <<'PY'
import importlib, torch
from importlib.metadata import version
print("torch", torch.__version__)
for m, d in (("interplit", "interplit"), ("trak", "traker"), ("dattri", "dattri"), ("kronfluence", "kronfluence")):
    try: importlib.import_module(m); print(f"{d} {version(d)}: importable")
    except Exception as e: print(f"{d}: NOT importable ({type(e).__name__}: {e})")
PY
echo "ready: $VENV/bin/python benchmarks/attribution_lds.py"
