"Install checks: the package imports, its version is the project's, and the generated files are in sync."
import importlib, json, re, subprocess, sys
from importlib.metadata import version
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

def exported_modules():
    "Every module a notebook exports with `#| default_exp`."
    mods = {}
    for nb in sorted((ROOT/"nbs").glob("[0-9]*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            m = re.search(r"^#\|\s*default_exp\s+(\S+)", "".join(cell["source"]), re.M)
            if m: mods[nb.name] = m.group(1); break
    return mods

def test_version_matches_metadata():
    import interplit
    assert interplit.__version__ == version("interplit")

@pytest.mark.parametrize("nb,mod", sorted(exported_modules().items()))
def test_every_notebook_module_imports(nb, mod):
    m = importlib.import_module(f"interplit.{mod}")
    assert Path(m.__file__).resolve().is_relative_to(ROOT/"interplit"), f"{nb} exports to {m.__file__}"

def test_numbered_notebooks_have_unique_numbers_and_modules():
    mods = exported_modules()
    assert len(set(mods.values())) == len(mods)
    nums = [nb.split("_")[0] for nb in mods]
    assert len(set(nums)) == len(nums), nums

def test_tutorials_export_nothing():
    for nb in (ROOT/"nbs"/"tutorials").glob("*.ipynb"):
        src = "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"])
        assert not re.search(r"^#\|\s*(default_exp|export)", src, re.M), f"{nb.name} exports code"

def test_readme_is_generated_from_index():
    r = subprocess.run([sys.executable, str(ROOT/"scripts"/"readme.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_readme_quickstart_has_two_command_lines():
    text = (ROOT/"README.md").read_text()
    qs = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", qs, re.S).group(1)
    lines = [l for l in block.splitlines() if l.strip()]
    assert len(lines) == 2, lines
    assert "pytest" in lines[1] and "nbdev-test" in lines[1]

def test_no_settings_ini():
    assert not (ROOT/"settings.ini").exists() and not (ROOT/"setup.py").exists()

def test_public_api_imports_from_the_package():
    "Every name in interplit.__all__ imports from `interplit` itself, `import interplit` alone loads no torch, and"
    " interplit.bif / interplit.lds stay the functions after their modules are imported."
    code = """
import sys, interplit
assert "torch" not in sys.modules, "import interplit imported torch"
missing = []
for name in interplit.__all__:
    try: getattr(interplit, name)
    except Exception as e: missing.append(f"{name}: {type(e).__name__}: {e}")
assert not missing, missing
exec("from interplit import " + ", ".join(interplit.__all__))
import interplit.bif, interplit.lds, interplit.cli
from interplit import bif, lds
from interplit.bif import BIFResult
assert callable(bif) and bif is sys.modules["interplit.bif"].bif and interplit.bif is bif and interplit.lds is lds
assert set(interplit.__all__) <= set(dir(interplit))
try: interplit.no_such_name
except AttributeError as e: assert "no_such_name" in str(e)
else: raise AssertionError("interplit.no_such_name did not raise AttributeError")
print(len(interplit.__all__))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert int(r.stdout) >= 10
    for name in ["estimate_llc", "bif", "loss_kernel", "refined_llc", "calibrate", "TunedLens", "LogitLens", "sample", "as_source"]:
        assert name in __import__("interplit").__all__, name

def test_readme_python_examples_run_when_pasted(tmp_path):
    "The README's ```python blocks, pasted in order into a fresh interpreter (no hidden cell), run and show their stored output."
    text = (ROOT/"README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```\n\n((?:    [^\n]*\n)*)", text, re.S)
    assert len(blocks) >= 2, "the README should have a one-screen example and an LLC example"
    code = "import ast, json, sys\nres = []\nns = {}\n"
    for src, _ in blocks:
        code += f"""
tree = ast.parse({src!r})
last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
exec(compile(tree, "<README>", "exec"), ns)
res.append(repr(eval(compile(ast.Expression(last.value), "<README>", "eval"), ns)) if last else None)
"""
    code += "print(json.dumps(res))\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                       env={**__import__("os").environ, "OMP_NUM_THREADS": "1"}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    shown = json.loads(r.stdout.splitlines()[-1])
    first_out = blocks[0][1].strip()
    assert shown[0] == first_out, (shown[0], first_out)          # deterministic: torch.Size([4, 32, 5])
    assert "LLCResult(" in shown[1], shown[1]
