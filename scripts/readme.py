#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without quarto.

The title and the `> summary` become the heading, `#| hide` cells are dropped, nbdev directives are
stripped, code cells keep their stored outputs. `python scripts/readme.py --check` exits 1 when
README.md is not what the notebook gives (CI runs this through tests/test_install.py)."""
import re, sys
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent
HEADER = "<!-- WARNING: generated from nbs/index.ipynb by scripts/readme.py; edit the notebook, not this file. -->\n\n"

def render(nb_path=ROOT/"nbs"/"index.ipynb") -> str:
    nb = nbformat.read(nb_path, as_version=4)
    keep = []
    for c in nb.cells:
        lines = c.source.splitlines()
        directives = [l for l in lines if re.match(r"^#\|", l.strip())]
        if c.cell_type == "code" and any(re.match(r"^#\|\s*hide\b", d.strip()) for d in directives): continue
        if c.cell_type == "code":
            c.source = "\n".join(l for l in lines if not re.match(r"^#\|", l.strip()))
            c.outputs = [o for o in c.get("outputs", []) if o.get("output_type") != "stream" or o.get("name") != "stderr"]
        keep.append(c)
    nb.cells = keep
    nb.metadata["language_info"] = {"name": "python"}
    body, _ = MarkdownExporter().from_notebook_node(nb)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return HEADER + body

if __name__ == "__main__":
    text, out = render(), ROOT/"README.md"
    if "--check" in sys.argv:
        if not out.exists() or out.read_text() != text:
            sys.exit("README.md is out of date with nbs/index.ipynb: run `python scripts/readme.py`.")
        print("README.md is up to date."); sys.exit(0)
    out.write_text(text); print(f"wrote {out}")
