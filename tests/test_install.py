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
