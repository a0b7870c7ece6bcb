"`benchmarks/gpu_evidence.py --tiny`: every code path of the GPU evidence script on CPU (tiny models; the numbers are not checked)."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_tiny_run_writes_every_section(tmp_path):
    out = tmp_path / "results_gpu_tiny.md"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_evidence.py"), "--tiny", "--device", "cpu", "--out", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    md = out.read_text()
    assert "--tiny" in md and "Device: cpu" in md
    for section in ("Deep linear networks vs Aoyagi", "Refined LLCs of every head", "Tuned lens on a"):
        assert section in md, section
    assert md.count("| DLN tiny") == 2                                    # one row per network
    assert "| vectorised chains | 8 |" in md                               # 4 heads × 2 chains in one run
    assert "| 0 |" in md and "| 1 |" in md                                 # the lens's per-layer KL table
    assert [p.name for p in tmp_path.iterdir()] == [out.name]              # written atomically: no temporary file left

def test_bad_parts_is_a_usage_error():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_evidence.py"), "--tiny", "--parts", "dln,nope"], capture_output=True, text=True)
    assert r.returncode == 2 and "--parts" in r.stderr
