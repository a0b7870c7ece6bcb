"""Shared by the documentation tests (test_docs_site.py, test_docs_browser.py): the site, built once per session by
scripts/docs into a temporary folder and served by `http.server` on 127.0.0.1."""
import functools, http.server, subprocess, sys, threading, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/"nbs"
MODULE_NBS = sorted(NBS.glob("[0-9]*.ipynb"))
TUTORIALS = sorted((NBS/"tutorials").glob("*.ipynb"))

def page_of(nb: Path) -> str:
    "Where scripts/docs puts the page of notebook `nb`, relative to the site root."
    return nb.relative_to(NBS).with_suffix(".html").as_posix()

def math_nb():
    "The llc module notebook: its prose opens with displayed formulas."
    nb = next((nb for nb in MODULE_NBS if nb.stem.endswith("_llc")), None)
    assert nb is not None, f"no nbs/NN_llc.ipynb among {[p.name for p in MODULE_NBS]}"
    return nb

@pytest.fixture(scope="session")
def site(tmp_path_factory):
    "Build the site with scripts/docs into a temporary folder."
    out = tmp_path_factory.mktemp("docs")/"site"
    t0 = time.time()
    r = subprocess.run([sys.executable, str(ROOT/"scripts"/"docs"), "--site-dir", str(out)],
                       capture_output=True, text=True, timeout=1200)
    if r.returncode:
        pytest.fail(f"scripts/docs failed (exit {r.returncode}):\n{r.stdout}\n{r.stderr[-4000:]}", pytrace=False)
    assert (out/"index.html").exists(), f"no index.html in {out}: {r.stdout}"
    print(f"site built in {time.time()-t0:.1f} s: {r.stdout.strip()}")
    return out

@pytest.fixture(scope="session")
def url(site):
    "Base URL of the site, served from a background thread on a free port."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown(); httpd.server_close()
