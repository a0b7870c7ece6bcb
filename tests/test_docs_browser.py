"""The documentation site as a reader sees it: headless Chromium on the site that `scripts/docs` builds (tests/conftest.py).

The tests use the Chromium and chromedriver that $CHROMIUM and $CHROMEDRIVER name, else the first `chromium`
(`chromium-browser`, `google-chrome`) and `chromedriver` on PATH (Debian's: apt-get install chromium
chromium-driver; .ci/run installs them), driven by selenium with selenium-manager kept offline: nothing is
downloaded. Without a browser this module skips with one line saying so, except in CI (CI=true), where that fails."""
import os, shutil, time
from pathlib import Path
import pytest
from conftest import MODULE_NBS, TUTORIALS, page_of, math_nb

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

def find_browser():
    "`(chromium, chromedriver)`: $CHROMIUM / $CHROMEDRIVER, else the first found on PATH; None for one not found."
    which = lambda names: next((p for p in map(shutil.which, names) if p), None)
    return (os.environ.get("CHROMIUM") or which(["chromium", "chromium-browser", "google-chrome", "chrome"]),
            os.environ.get("CHROMEDRIVER") or which(["chromedriver"]))

CHROMIUM, CHROMEDRIVER = find_browser()
MISSING = None if CHROMIUM and CHROMEDRIVER else (
    f"no {'Chromium' if not CHROMIUM else 'chromedriver'} found, so the browser tests did not run: to run them, "
    "apt-get install chromium chromium-driver, or set $CHROMIUM and $CHROMEDRIVER")
if MISSING and not IN_CI: pytest.skip(MISSING, allow_module_level=True)     # in CI, each test fails instead (the fixture)

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    "Headless Chromium through selenium; a clear failure when it cannot start."
    if MISSING: pytest.fail(f"CI=true: {MISSING}", pytrace=False)
    chromium, chromedriver = CHROMIUM, CHROMEDRIVER
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        pytest.fail(f"selenium is not installed ({e}): pip install -e '.[dev]'")
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must never download a browser or driver
    os.environ["SE_AVOID_BROWSER_DOWNLOAD"] = "true"
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(chromium)
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-quic", "--disable-extensions", "--window-size=1280,1000",
              f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        opts.add_argument(a)
    try:
        drv = webdriver.Chrome(options=opts, service=Service(executable_path=str(chromedriver)))
    except Exception as e:
        pytest.fail(f"headless Chromium did not start ({chromium} with {chromedriver}): {type(e).__name__}: {e}",
                    pytrace=False)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()

def load(drv, url):
    "Open `url` and wait until the page and its images have loaded."
    try: drv.get(url)
    except Exception as e: pytest.fail(f"Chromium could not load {url}: {type(e).__name__}: {e}")
    for _ in range(100):
        if drv.execute_script("return document.readyState === 'complete' && "
                              "Array.from(document.images).every(i => i.complete)"): break
        time.sleep(0.05)
    assert "404" not in drv.title, f"{url} answered: {drv.title}"
    return drv.find_element("tag name", "body").text

def screenshot(drv, path):
    assert drv.save_screenshot(str(path)), f"Chromium did not write {path}"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, f"{path} is not a PNG screenshot ({len(data)} bytes)"

def test_formulas_are_typeset(browser, url, tmp_path):
    "MathJax typesets the formulas of the llc page, with no TeX error."
    load(browser, url + page_of(math_nb()))
    for _ in range(150):
        n = browser.execute_script("return window.MathJax && MathJax.Hub && MathJax.Hub.queue.running === 0 && "
                                   "MathJax.Hub.queue.pending === 0 && document.querySelectorAll('.MathJax, .MathJax_Display').length")
        if n: break
        time.sleep(0.1)
    assert n, "MathJax did not typeset any formula on " + page_of(math_nb())
    errors = browser.execute_script("return Array.from(document.querySelectorAll('.MathJax_Error, merror')).map(e => e.textContent)")
    assert not errors, f"TeX errors: {errors[:3]}"
    screenshot(browser, tmp_path/"math.png")

def test_home_page(browser, url, tmp_path):
    text = load(browser, url + "index.html")
    assert "interplit" in browser.title, browser.title
    assert "Quickstart" in text, text[:500]
    for nb in MODULE_NBS:  # the navigation links every module page
        assert browser.find_elements("css selector", f'nav a[href$="{page_of(nb)}"]'), f"no nav link to {page_of(nb)}"
    screenshot(browser, tmp_path/"home.png")

def test_api_page_shows_signatures(browser, url, tmp_path):
    "00_core's page has show_doc's output rendered as HTML: heading, signature with its docments, docstring."
    core = next((nb for nb in MODULE_NBS if nb.stem.endswith("_core")), None)
    assert core is not None, f"no nbs/NN_core.ipynb among {[p.name for p in MODULE_NBS]}"
    text = load(browser, url + page_of(core))
    heads = [h.text.strip("¶ \n") for h in browser.find_elements("css selector", "h3")]
    assert "as_source" in heads, f"no show_doc heading for as_source: {heads}"
    code = "\n".join(c.text for c in browser.find_elements("css selector", "pre"))
    assert "def as_source(" in code and ")->DataSource:" in code, f"as_source's signature is missing:\n{code[:2000]}"
    assert "tensor(s), NumPy arrays" in code, "as_source's docments comment is missing from its signature"
    assert "Wrap any supported data in a DataSource" in text, "as_source's docstring is missing"
    for leak in ["#|", "```", "### ", "nbdev_export", "from nbdev.showdoc", "output-file:"]:
        assert leak not in text, f"{leak!r} shows on the page: directives, hidden cells or raw markdown"
    for a in browser.find_elements("css selector", "article a[href]"):  # symbol links stay on this site
        assert "github.io" not in a.get_attribute("href"), f"link to the hosted docs: {a.get_attribute('href')}"
    screenshot(browser, tmp_path/"api.png")
    assert browser.find_elements("css selector", "h3#as_source"), "as_source's heading has no #as_source anchor"

def test_tutorial_figures(browser, url, tmp_path):
    "The tutorials show their stored figures: some <img> on a tutorial page has loaded (naturalWidth > 0)."
    if not TUTORIALS: pytest.skip("nbs/tutorials has no notebook yet, so there is no figure to check")
    found = {}
    for nb in TUTORIALS:
        load(browser, url + page_of(nb))
        widths = browser.execute_script(
            "return Array.from(document.querySelectorAll('article img')).map(i => i.naturalWidth)")
        broken = [w for w in widths if not w]
        assert not broken, f"{page_of(nb)}: {len(broken)} of {len(widths)} images did not load"
        if widths:
            found[page_of(nb)] = widths
            screenshot(browser, tmp_path/f"{nb.stem}.png")
    assert found, f"no figure on any tutorial page ({[page_of(nb) for nb in TUTORIALS]})"
