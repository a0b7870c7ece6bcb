"The `interplit` command, run as a subprocess: the tour end to end, and bad input."
import json, math, os, subprocess, sys
from pathlib import Path
import pytest

def run(*args, cwd=None, env_extra=None):
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", "from interplit.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=600)

def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "interplit"
    assert exe.exists(), "pip install -e . should install the `interplit` console script"
    assert subprocess.run([str(exe), "--help"], capture_output=True).returncode == 0

def test_help_comes_from_docments():
    r = run("tour", "--help")
    assert r.returncode == 0
    assert "a smaller run (about a minute on 2 CPU cores)" in r.stdout

def test_tour_quick_writes_a_complete_report(tmp_path):
    out = tmp_path / "report"
    r = run("tour", "--quick", "--out", str(out), env_extra={"INTERPLIT_CACHE": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr[-2000:]
    page = (out / "index.html").read_text()
    for fig in ("calibration.png", "llc_digits_traces.png", "bif_top.png", "kernel.png"):
        assert (out / fig).stat().st_size > 1000 and fig in page
    summary = json.loads((out / "summary.json").read_text())
    llc = summary["LLC of an MLP on digits (calibrated)"]
    assert math.isfinite(llc["llc mean"]) and llc["llc mean"] > 0
    rrr = summary["LLC against theory: reduced-rank regression"]
    assert abs(rrr["relative error"]) < 0.25
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "report"]     # no temporary folder left
    bk = summary["Bayesian influence and the loss kernel on digits"]
    assert bk["kernel within-class corr"] > bk["kernel between-class corr"]
    assert all(f"[{i}/3]" in r.stderr for i in (1, 2, 3))                         # progress for every stage
    # a second run finds the trained model in the cache
    r2 = run("tour", "--quick", "--out", str(out), env_extra={"INTERPLIT_CACHE": str(tmp_path / "cache")})
    assert r2.returncode == 0 and "loaded from cache" in r2.stderr

def test_bad_out_is_one_line_and_status_2(tmp_path):
    f = tmp_path / "a_file"; f.write_text("x")
    r = run("tour", "--quick", "--out", str(f))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "not a folder" in lines[0], r.stderr
    assert f.read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]

def test_unknown_command_is_a_usage_error():
    r = run("frobnicate")
    assert r.returncode == 2 and "Traceback" not in r.stderr
