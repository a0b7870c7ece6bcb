"The documentation site that `scripts/docs` builds offline: a page per notebook, nothing from the network, MathJax shipped."
import os, re
from conftest import ROOT, MODULE_NBS, TUTORIALS, page_of, math_nb

def test_site_has_a_page_per_notebook(site):
    "Home, every module notebook and every tutorial got a page, and the nav lists them in order."
    assert (site/"index.html").exists()
    for nb in MODULE_NBS + TUTORIALS:
        assert (site/page_of(nb)).exists(), f"no page for {nb.relative_to(ROOT)} in {sorted(os.listdir(site))}"
    home = (site/"index.html").read_text()
    pos = [home.find(f'href="{page_of(nb)}"') for nb in MODULE_NBS]
    assert all(p >= 0 for p in pos) and pos == sorted(pos), f"API pages missing or out of order in the nav: {pos}"

def test_site_loads_nothing_from_the_network(site):
    "No script, stylesheet, font or image comes from outside the site (links to elsewhere are fine)."
    ext = re.compile(r'<(?:script|img|link|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//[^"]*"', re.I)
    for p in site.rglob("*.html"):
        hits = [h for h in ext.findall(p.read_text()) if not re.search(r'rel="(canonical|alternate)"', h)]
        assert not hits, f"{p.relative_to(site)} loads from the network: {hits[:3]}"

def test_site_ships_mathjax(site):
    "A local MathJax 2 is in the site and every page with math loads it (no CDN): from the dev extra's jupyter-server-mathjax."
    assert (site/"assets"/"mathjax"/"MathJax.js").exists() and (site/"assets"/"mathjax-config.js").exists(), \
        "no MathJax in the site: pip install -e '.[dev]' installs jupyter-server-mathjax, whose copy scripts/docs uses"
    fonts = list((site/"assets"/"mathjax"/"fonts"/"HTML-CSS"/"STIX-Web"/"woff").rglob("*.woff"))
    assert fonts, "MathJax's STIX-Web fonts were not copied"
    page = (site/page_of(math_nb())).read_text()
    assert 'src="assets/mathjax/MathJax.js"' in page, "the page with formulas does not load the local MathJax"
