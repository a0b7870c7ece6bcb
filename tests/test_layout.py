"""The house rules that a reader of the source relies on: notebooks numbered in dependency order (a notebook imports
only lower-numbered notebooks' modules), `nbs/NN_name.ipynb` exports `name`."""
import json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = sorted((ROOT/"nbs").glob("[0-9]*.ipynb"))

def code_cells(nb:Path)->list:
    return ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code"]

def exported(nb:Path):
    "The module `nb` exports (`sampling.__init__` is the package `sampling`), or None."
    for src in code_cells(nb):
        m = re.search(r"^#\|\s*default_exp\s+(\S+)", src, re.M)
        if m: return m.group(1).removesuffix(".__init__")
    return None

MODS = {exported(nb): nb for nb in NBS if exported(nb)}

def imported_modules(nb:Path)->set:
    "interplit modules a notebook's code imports (`from interplit.x import ...`, `import interplit.x`, `from interplit import x`)."
    out = set()
    for src in code_cells(nb):
        for line in src.splitlines():
            if m := re.match(r"\s*from\s+interplit\.([\w.]+)\s+import\b", line): out.add(m.group(1))
            elif m := re.match(r"\s*import\s+interplit\.([\w.]+)", line): out.add(m.group(1))
            elif m := re.match(r"\s*from\s+interplit\s+import\s+\(?([\w, ]+)", line):
                out |= {n.strip().split(" as ")[0] for n in m.group(1).split(",") if n.strip().split(" as ")[0] in MODS}
    return out

def owner(mod:str):
    "The notebook that exports `mod`, or the package notebook of a submodule."
    while mod and mod not in MODS: mod = mod.rpartition(".")[0]
    return MODS.get(mod)

@pytest.mark.parametrize("nb", NBS, ids=lambda p: p.stem)
def test_notebook_name_is_its_module(nb):
    mod = exported(nb)
    if mod is None: return                                   # a numbered page that exports nothing (sampling in practice)
    assert nb.stem.split("_", 1)[1] == mod.rpartition(".")[2], f"{nb.name} exports {mod}: name it NN_{mod.rpartition('.')[2]}"

@pytest.mark.parametrize("nb", NBS, ids=lambda p: p.stem)
def test_no_notebook_imports_a_higher_numbered_one(nb):
    later = sorted(f"{m} ({owner(m).name})" for m in imported_modules(nb) if owner(m) is not None and owner(m).name > nb.name)
    assert not later, f"{nb.name} imports modules of later notebooks: {later}; renumber, or move the cell that needs them"

def test_the_checks_see_imports():
    "The parser finds what it must: cli imports tour; the sampling package its parts."
    assert "tour" in imported_modules(MODS["cli"]) and "sampling.chains" in imported_modules(MODS["sampling"])
    assert owner("sampling.chains").stem.endswith("_chains") and owner("sampling").stem.endswith("_sampling")

def _private_imports_in_modules()->list:
    "(file, name) for every private name a module of interplit/ imports from another interplit module."
    import ast
    out = []
    for f in sorted((ROOT/"interplit").rglob("*.py")):
        if f.name == "_modidx.py": continue
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("interplit")):
                out += [(f.relative_to(ROOT).as_posix(), a.name + (f" as {a.asname}" if a.asname else ""))
                        for a in node.names if a.name.startswith("_") or (a.asname or "").startswith("_")]
    return out

def test_no_private_name_imported_across_modules():
    "A name that another module needs is public (documented, tested) in its one home."
    assert not _private_imports_in_modules(), _private_imports_in_modules()
    for nb in NBS:                                               # notebooks' example and test cells too
        own = exported(nb)
        for src in code_cells(nb):
            for m in re.finditer(r"^\s*from\s+interplit\.([\w.]+)\s+import\s+([^\n#]+)", src, re.M):
                if m.group(1) == own: continue
                private = [n.strip() for n in m.group(2).strip("()").split(",") if n.strip().split(" as ")[0].startswith("_")]
                assert not private, f"{nb.name} imports {private} from interplit.{m.group(1)}"
