# Shared by the setup_*venv.sh scripts (source it): create a benchmark's own virtualenv with the CPU build
# of torch installed FIRST and pinned by a constraints file, so that no peer can pull a CUDA torch
# (gigabytes of wheels). Sets PIP (an array: this venv's pip) and CONSTRAINTS (the pin file).
# Needs VENV, PYTHON and TORCH_VERSION set by the caller.
make_torch_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" || return 1
  fi
  PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
  if ! "$VENV/bin/python" -c "import torch, sys; sys.exit(0 if torch.__version__.split('+')[0] == '$TORCH_VERSION' else 1)" 2>/dev/null; then
    local wheel
    wheel="$(ls /opt/wheels/torch-"$TORCH_VERSION"+cpu-*.whl 2>/dev/null | head -n1 || true)"
    if [ -n "$wheel" ]; then
      "${PIP[@]}" install "$wheel" || return 1
    else
      # Off this machine: the official CPU index has the +cpu wheel.
      "${PIP[@]}" install "torch==$TORCH_VERSION" --index-url https://download.pytorch.org/whl/cpu \
        --extra-index-url https://pypi.org/simple || return 1
    fi
  fi
  CONSTRAINTS="$(mktemp)"
  trap 'rm -f "$CONSTRAINTS"' EXIT
  echo "torch==$("$VENV/bin/python" -c 'import torch; print(torch.__version__)')" > "$CONSTRAINTS"
}
