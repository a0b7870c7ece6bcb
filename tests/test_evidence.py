"`scripts/evidence` on a throwaway notebook: slow cells run, outputs are stored, the time is printed, a failing notebook is left as it was."
import subprocess, sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_notebook

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "evidence"

def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300)

KERNEL = {"kernelspec": {"name": "python3", "display_name": "python3", "language": "python"}}

def test_runs_slow_cells_stores_outputs_and_leaves_a_failing_notebook_unchanged(tmp_path):
    p, bad = tmp_path / "tiny.ipynb", tmp_path / "bad.ipynb"
    (tmp_path / "data.txt").write_text("21")                         # read relative to the notebook's folder
    nbformat.write(new_notebook(cells=[new_code_cell("x = int(open('data.txt').read())"), new_code_cell("#| slow\nprint(x * 2)")], metadata=KERNEL), p)
    nbformat.write(new_notebook(cells=[new_code_cell("#| slow\nraise RuntimeError('boom')")], metadata=KERNEL), bad)
    before = bad.read_text()
    r = run("--missing", p)
    assert r.returncode == 1 and "slow cell 1 has no stored output" in r.stdout
    r = run(bad, p)                                                  # the failure first: the other notebook still runs
    assert r.returncode == 1, r.stdout + r.stderr
    assert "FAILED: " in r.stdout and "total (1 run, 1 failed)" in r.stdout
    secs = [l for l in r.stdout.splitlines() if l.strip().endswith("tiny.ipynb") and not l.startswith("running")]
    assert secs and float(secs[0].split()[0]) >= 0                    # the time of the notebook
    test_nb = nbformat.read(p, as_version=4)
    assert test_nb.cells[1].outputs[0]["text"] == "42\n"
    assert bad.read_text() == before
    assert run("--missing", p).returncode == 0
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]      # no temporary file left

def test_finds_the_repository_notebooks_with_slow_cells():
    sys.path.insert(0, str(SCRIPT.parent))
    import importlib.machinery, importlib.util
    spec = importlib.util.spec_from_loader("evidence", importlib.machinery.SourceFileLoader("evidence", str(SCRIPT)))
    ev = importlib.util.module_from_spec(spec); spec.loader.exec_module(ev)
    found = ev.find_notebooks(SCRIPT.parent.parent)
    assert found and all(ev.slow_cells(nbformat.read(f, as_version=4)) for f in found)
    assert any(f.name == "llc_training_heuristics.ipynb" for f in found)

def test_cuda_cells_keep_their_outputs_without_a_gpu(tmp_path):
    import torch
    from nbformat.v4 import new_output
    p = tmp_path / "gpu.ipynb"
    cuda = new_code_cell("#| cuda\nimport torch; assert torch.cuda.is_available(); print('ran')")
    cuda.outputs = [new_output("stream", name="stdout", text="stored\n")]
    nbformat.write(new_notebook(cells=[new_code_cell("#| slow\nprint(1)"), cuda], metadata=KERNEL), p)
    r = run(p)
    assert r.returncode == 0, r.stdout + r.stderr
    c = nbformat.read(p, as_version=4).cells[1]
    assert c.outputs[0]["text"] == ("ran\n" if torch.cuda.is_available() else "stored\n")
    assert "tags" not in c.metadata                                  # the skip tag is not left behind
