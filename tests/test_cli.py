"The `interplit` command, run as subprocesses: the tour end to end, every method command on tiny inputs, and bad input."
import json, math, os, signal, subprocess, sys, time
from pathlib import Path
import numpy as np
import pytest

DRIVER = "from interplit.cli import main; main()"

def run(*args, cwd=None, env_extra=None, timeout=600):
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", DRIVER, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)

def ok(r):
    assert r.returncode == 0, r.stderr[-3000:]
    return r

@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    "Tiny inputs in every accepted format: an HF GPT-2 folder with a tokenizer, a module:factory file with checkpoints, npz/jsonl/text/datasets data."
    import torch, datasets
    from safetensors.torch import save_file
    from transformers import GPT2Config, GPT2LMHeadModel
    from interplit.data import train_tokenizer
    from interplit.models import mlp, fit
    from interplit.sampling import cross_entropy_loss
    d = tmp_path_factory.mktemp("inputs")
    texts = [f"def f{i}(x):\n    return x * {i} + {i % 7}\n\nclass C{i}:\n    pass\n" * 3 for i in range(60)]
    tok = train_tokenizer(texts, vocab_size=300)
    torch.manual_seed(0)
    gpt = GPT2LMHeadModel(GPT2Config(vocab_size=len(tok), n_layer=2, n_head=2, n_embd=16, n_positions=32,
                                     bos_token_id=tok.eos_token_id, eos_token_id=tok.eos_token_id))
    gpt.save_pretrained(d / "gpt"); tok.save_pretrained(d / "gpt")
    (d / "texts").mkdir()
    for i, t in enumerate(texts[:40]): (d / "texts" / f"f{i}.py").write_text(t)
    (d / "text.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in texts))
    datasets.Dataset.from_dict({"text": texts[:30]}).save_to_disk(str(d / "ds"))
    rng = np.random.RandomState(0)
    np.savez(d / "ids.npz", input_ids=rng.randint(0, len(tok), (24, 16)))
    x = rng.randn(120, 4).astype(np.float32); y = (x[:, 0] > 0).astype(np.int64) + (x[:, 1] > 1)
    np.savez(d / "xy.npz", x=x, y=y)
    (d / "xy.jsonl").write_text("\n".join(json.dumps({"x": a.tolist(), "y": int(b)}) for a, b in zip(x, y)))
    (d / "nets.py").write_text("from interplit.models import mlp\ndef net(): return mlp((4, 16, 3))\n")
    torch.manual_seed(0); net = mlp((4, 16, 3)); fit(net, (torch.tensor(x), torch.tensor(y)), cross_entropy_loss, steps=200, lr=1e-2)
    save_file(net.state_dict(), str(d / "net.safetensors")); torch.save(net.state_dict(), d / "net.pt")
    return d

FAST = ["--num-draws", "30", "--num-chains", "2", "--quiet"]

def test_console_script_and_help_from_docments():
    exe = Path(sys.executable).parent / "interplit"
    assert exe.exists(), "pip install -e . should install the `interplit` console script"
    r = ok(subprocess.run([str(exe), "llc", "--help"], capture_output=True, text=True))
    assert "localization strength γ" in r.stdout                 # from estimate_llc's docments
    assert "never unpickled" in r.stdout                           # from the shared input options' docments

def test_tour_quick_writes_a_complete_report(tmp_path):
    out, cache = tmp_path / "report", {"INTERPLIT_CACHE": str(tmp_path / "cache")}
    r = ok(run("tour", "--quick", "--out", out, env_extra=cache, timeout=1500))       # trains every model from scratch: slow on a busy machine
    page, md = (out / "index.html").read_text(), (out / "summary.md").read_text()
    for fig in ("calibration.png", "llc_digits_traces.png", "lm_training.png", "lm_heads.png", "bif_top.png", "kernel.png", "lens.png"):
        assert (out / fig).stat().st_size > 1000 and fig in page and f"]({fig})" in md
    summary = json.loads((out / "summary.json").read_text())
    llc = summary["LLC of an MLP on digits (calibrated)"]
    assert math.isfinite(llc["llc mean"]) and llc["llc mean"] > 0
    assert abs(summary["LLC against theory: reduced-rank regression"]["relative error"]) < 0.25
    heads = summary["Per-head refined LLCs of a GPT-2 trained on Python's standard library"]["refined LLC per head"]
    assert len(heads) == 8 and min(heads.values()) > 0                  # at a local minimum: no negative estimate
    # Every stage, the LM heads' included (calibrated, 4 chains × 60 draws per head), is converged by interplit.stats'
    # verdict: the report shows no warning, no "not converged" mark, and every check passes.
    assert not [t for t, nums in summary.items() if "warnings" in nums], "the report shows warnings"
    assert "warning" not in page.lower() and "has not converged" not in md and "⚠ not converged" not in page
    assert "negative llc" not in r.stderr.lower() and "ConvergenceWarning" not in r.stderr
    checks = [c for nums in summary.values() for c in nums["checks"]]
    assert len(checks) >= 6 and all({"what", "value", "against", "passed"} <= set(c) for c in checks)
    assert [c["what"] for c in checks if not c["passed"] or c.get("converged") is False] == []
    assert "## Checks" in md and "RRR λ̂" in r.stdout and " vs exact 6.5: " in r.stdout      # each headline says what it is compared against
    bk = summary["Bayesian influence and the loss kernel on digits"]
    assert bk["kernel within-class corr"] > bk["kernel between-class corr"]
    lens = summary["Tuned lens vs logit lens on the GPT-2"]
    assert lens["mean KL, tuned / logit lens"] < 1                  # the tuned lens beats the logit lens
    assert (out / "tuned_lens" / "lens.safetensors").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "report"]     # no temporary folder left
    assert all(f"[{i}/5]" in r.stderr for i in range(1, 6))                       # progress for every stage
    assert "trained and cached" in r.stderr and "[1] LLC of the digits MLP: " in r.stdout
    # a second run finds the trained models in the cache, reruns stages 4 and 5 and keeps the others, and a file of the user's
    (out / "notes.txt").write_text("mine")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    r2 = ok(run("tour", "--quick", "--only", "4,5", "--out", out, env_extra=cache, timeout=1500))
    assert "digits MLP: loaded from cache" in r2.stderr and "language model: loaded from cache" in r2.stderr
    assert set(before) <= {p.name for p in out.iterdir()}                  # today 18 files became 4: now nothing is lost
    assert (out / "notes.txt").read_text() == "mine" and "notes.txt" in r2.stderr and "did not write" in r2.stderr
    assert "notes.txt" not in json.loads((out / ".interplit.json").read_text())["files"]   # still the user's: a later run without --only refuses to delete it
    assert (out / "lm_heads.png").stat().st_mtime_ns == before["lm_heads.png"]           # carried over, not rerun
    assert (out / "kernel.png").stat().st_mtime_ns != before["kernel.png"]               # rerun
    s2 = json.loads((out / "summary.json").read_text())
    assert list(s2) == list(summary) and s2["LLC against theory: reduced-rank regression"] == summary["LLC against theory: reduced-rank regression"]
    assert "carried over from the run of" in (out / "summary.md").read_text()
    assert "[1/5]" not in r2.stderr and "[4/5]" in r2.stderr

def test_llc_hf_folder_on_text_files(inputs, tmp_path):
    r = ok(run("llc", inputs / "gpt", inputs / "texts", "--block-size", "16", "--max-samples", "40", "--lr", "1e-4", "--out", tmp_path / "o", *FAST))
    res = json.loads((tmp_path / "o" / "results.json").read_text())
    assert res["loss"] == "causal_lm" and res["hyperparameters"]["gamma"] == 100.0 and res["samples"] == 40
    assert "LLC = " in r.stdout and math.isfinite(res["llc_mean"])
    for f in ("traces.png", "per_chain.parquet", "draws.parquet", "summary.md"): assert (tmp_path / "o" / f).exists()

def test_rllc_heads_on_a_datasets_folder(inputs, tmp_path):
    import pandas as pd
    ok(run("rllc", inputs / "gpt", inputs / "ds", "--block-size", "16", "--max-samples", "40", "--lr", "1e-4", "--out", tmp_path / "o",
           "--num-draws", "20", "--num-chains", "1", "--quiet"))
    df = pd.read_parquet(tmp_path / "o" / "refined_llc.parquet")
    assert sorted(df.component) == ["l0h0", "l0h1", "l1h0", "l1h1"]
    assert (tmp_path / "o" / "refined_llc.png").exists()

def test_calibrate_factory_npz(inputs, tmp_path):
    # 4 chains × 20 draws cannot reach ESS 500: nothing is stable, so nothing is recommended, and the run says which way to widen
    r = ok(run("calibrate", f"{inputs}/nets.py:net", inputs / "xy.npz", "--checkpoint", inputs / "net.pt",
               "--lrs", "1e-4,1e-3", "--gammas", "100", "--num-draws", "20", "--min-ess", "500", "--quiet", "--out", tmp_path / "o"))
    res = json.loads((tmp_path / "o" / "results.json").read_text())
    assert res["loss"] == "cross_entropy" and res["settings"] == 2 and res["recommended"] is None
    assert "no recommendation" in r.stdout and "num_draws" in res["advice"] and any("no recommendation" in w for w in res["warnings"])
    assert all("ess" in row["failed"] for row in res["table"])

def test_llc_without_lr_calibrates_first(inputs, tmp_path):
    # too few draws for any setting to converge: the run stops with calibrate's advice instead of estimating at an unconverged setting
    r = run("llc", f"{inputs}/nets.py:net", inputs / "xy.jsonl", "--checkpoint", inputs / "net.safetensors", "--max-samples", "60", "--out", tmp_path / "o", *FAST)
    assert r.returncode == 2 and "calibration found no stable setting" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()

def test_bif_and_kernel(inputs, tmp_path):
    import pandas as pd
    r = ok(run("bif", f"{inputs}/nets.py:net", inputs / "xy.npz", "--checkpoint", inputs / "net.safetensors", "--num-query", "4",
               "--lr", "1e-4", "--gamma", "1000", "--out", tmp_path / "b", *FAST))   # bif's and loss_kernel's former defaults
    df = pd.read_parquet(tmp_path / "b" / "bif.parquet")
    assert len(df) == 116 * 4 and set(df.columns) >= {"train_index", "query_index", "bif", "correlation"}   # the last 4 are held-out queries
    assert "query 0: most helpful" in r.stdout and "query 3: most helpful" in r.stdout and "held out" in r.stdout
    r = ok(run("kernel", f"{inputs}/nets.py:net", inputs / "xy.npz", "--checkpoint", inputs / "net.safetensors", "--max-samples", "50",
               "--lr", "1e-4", "--gamma", "1000", "--out", tmp_path / "k", *FAST))
    K = pd.read_parquet(tmp_path / "k" / "kernel.parquet").values
    assert K.shape == (50, 50) and np.allclose(K, K.T) and "within-class" in r.stdout

def test_lens_train_then_eval(inputs, tmp_path):
    import pandas as pd
    ok(run("lens", "train", inputs / "gpt", inputs / "text.jsonl", "--block-size", "16", "--max-samples", "40", "--steps", "10", "--repeat", "--quiet", "--out", tmp_path / "t"))
    assert (tmp_path / "t" / "tuned_lens" / "lens.safetensors").exists()
    r = ok(run("lens", "eval", inputs / "gpt", inputs / "ids.npz", "--lens", tmp_path / "t" / "tuned_lens", "--out", tmp_path / "e"))
    df = pd.read_parquet(tmp_path / "e" / "lens.parquet")
    assert set(df.lens) == {"logit lens", "tuned lens", "model"} and "tuned lens: KL" in r.stdout

# --- bad input: one line, status 2, no traceback, nothing written -------------------------------------------

BAD = [
    ("missing model", lambda d: ["llc", d / "nope", d / "xy.npz"], "not found"),
    ("missing data", lambda d: ["llc", f"{d}/nets.py:net", d / "nope.npz"], "not found"),
    ("wrong data format", lambda d: ["llc", f"{d}/nets.py:net", d / "net.pt", "--checkpoint", d / "net.pt"], "unknown data format"),
    ("wrong checkpoint", lambda d: ["llc", f"{d}/nets.py:net", d / "xy.npz", "--checkpoint", d / "xy.npz"], "unknown checkpoint format"),
    ("pickled checkpoint", lambda d: ["llc", f"{d}/nets.py:net", d / "xy.npz", "--checkpoint", d / "evil.pt"], "never unpickles"),
    ("unknown architecture", lambda d: ["llc", d / "alien", d / "ids.npz"], "unknown architecture"),
    ("no heads", lambda d: ["rllc", f"{d}/nets.py:net", d / "xy.npz", "--checkpoint", d / "net.pt", "--lr", "1e-4"], "--components"),
    ("diverging sampler", lambda d: ["llc", f"{d}/nets.py:net", d / "xy.npz", "--checkpoint", d / "net.pt", "--lr", "1e3", "--num-draws", "50"], "Lower --lr"),
    ("text without tokenizer", lambda d: ["llc", f"{d}/nets.py:net", d / "texts"], "needs a tokenizer"),
    ("foreign out folder", lambda d: ["llc", f"{d}/nets.py:net", d / "xy.npz", "--out", d / "mine"], "--force"),
]

BATCH = """
import contextlib, io, json, sys
from interplit.cli import main
res = []
for argv in json.loads(sys.argv[1]):
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try: main(argv); code = 0
        except SystemExit as e: code = e.code
    res.append({"code": code, "stderr": err.getvalue(), "stdout": out.getvalue()})
print(json.dumps(res))
"""

def test_bad_input_is_one_line_status_2(inputs, tmp_path):
    "Every case in one subprocess (each through `main`, as the console script runs it): status 2, one line, nothing written."
    import torch
    class Evil:
        def __reduce__(self): return (os.system, ("touch PWNED",))
    torch.save({"w": Evil()}, inputs / "evil.pt")
    (inputs / "alien").mkdir(exist_ok=True)
    (inputs / "alien" / "config.json").write_text(json.dumps({"model_type": "frobnicator", "architectures": ["FrobForCausalLM"]}))
    (inputs / "mine").mkdir(exist_ok=True); (inputs / "mine" / "thesis.tex").write_text("precious")
    f = inputs / "a_file"; f.write_text("x")
    argvs = []
    for i, (case, args, msg) in enumerate(BAD):
        a = [str(v) for v in args(inputs)]
        argvs.append(a + (["--out", str(tmp_path / f"out{i}")] if "--out" not in a else []) + ["--quiet"])
    argvs += [["tour", "--quick", "--out", str(f)], ["frobnicate"], ["tour", "--help"]]
    r = subprocess.run([sys.executable, "-c", BATCH, json.dumps(argvs)], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "OMP_NUM_THREADS": "1"}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]                                       # no case escaped as an exception
    results = json.loads(r.stdout.splitlines()[-1])
    for (case, _, msg), res in zip(BAD + [("--out is a file", None, "not a folder")], results):
        lines = [l for l in res["stderr"].splitlines() if l.strip()]
        assert res["code"] == 2 and len(lines) == 1 and msg in lines[0], (case, res)
        assert lines[0].startswith("interplit ") and "Traceback" not in res["stderr"], (case, res)
    assert f.read_text() == "x"
    unknown, help_ = results[-2:]
    assert unknown["code"] == 2 and "invalid choice" in unknown["stderr"] and "Traceback" not in unknown["stderr"]   # a usage error
    assert help_["code"] == 0 and "a smaller run (about a minute on 2 CPU cores)" in help_["stdout"]                  # tour's docments
    assert not (tmp_path / "PWNED").exists()                                        # loading never ran code
    assert [p.name for p in tmp_path.iterdir()] == []                                # nothing written
    assert sorted(p.name for p in (inputs / "mine").iterdir()) == ["thesis.tex"]

def test_debug_shows_the_traceback(inputs, tmp_path):
    r = run("llc", inputs / "nope", inputs / "xy.npz", "--out", tmp_path / "o", "--debug")   # --debug anywhere on the line
    assert r.returncode == 2 and "Traceback" in r.stderr and "not found" in r.stderr.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []

def test_kill_leaves_nothing_half_written(inputs, tmp_path):
    out = tmp_path / "o"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    p = subprocess.Popen([sys.executable, "-c", DRIVER, "llc", f"{inputs}/nets.py:net", str(inputs / "xy.npz"), "--checkpoint", str(inputs / "net.pt"),
                          "--lr", "1e-4", "--num-draws", "1000000", "--quiet", "--out", str(out)], stderr=subprocess.PIPE, text=True, env=env)
    t0 = time.time()
    while not list(tmp_path.glob(".o.partial-*")) and time.time() - t0 < 60: time.sleep(0.2)
    assert list(tmp_path.glob(".o.partial-*")), "the run never started writing"
    time.sleep(0.5); p.send_signal(signal.SIGTERM)
    err = p.communicate(timeout=60)[1]
    assert p.returncode == 130 and "interrupted" in err
    assert list(tmp_path.iterdir()) == []                                            # no partial folder, no --out


# --- convergence verdicts, costs before paying them (issue 13) ---

def test_llc_bad_setting_warns_in_stderr_results_and_summary(inputs, tmp_path):
    # 4 chains × 10 draws: the ESS is at most 40·log10(40) < 100, so the verdict cannot be "converged"
    r = ok(run("llc", f"{inputs}/nets.py:net", inputs / "xy.npz", "--checkpoint", inputs / "net.pt", "--lr", "1e-2", "--gamma", "1",
               "--num-draws", "10", "--out", tmp_path / "o"))
    res = json.loads((tmp_path / "o" / "results.json").read_text())
    assert res["verdict"]["status"] == "not converged" and "ess" in res["verdict"]["failed"]
    assert any("has not converged" in w for w in res["warnings"])
    assert "warning: LLC estimate has not converged" in r.stderr and "NOT CONVERGED" in r.stdout
    assert "Warning: LLC estimate has not converged" in (tmp_path / "o" / "summary.md").read_text()
    assert "plan: estimate 4 chains × 12 steps" in r.stderr and "s per step" in r.stderr     # the cost, announced first

def test_help_states_cpu_defaults_and_packing():
    r = ok(run("llc", "--help"))
    text = " ".join(r.stdout.split())
    assert "8 blocks for token data" in text and "100 for token data" in text and "512 blocks of token data" in text
    assert "joined with the EOS token and cut into consecutive blocks" in text

def test_max_samples_counts_blocks_for_every_text_format(inputs, tmp_path):
    # 30 documents of ~60 tokens → blocks of 16; --max-samples counts blocks for a datasets folder as for text files
    for data in (inputs / "ds", inputs / "texts"):
        ok(run("llc", inputs / "gpt", data, "--block-size", "16", "--max-samples", "50", "--lr", "1e-4", "--out", tmp_path / data.name, *FAST))
        assert json.loads((tmp_path / data.name / "results.json").read_text())["samples"] == 50

# --- every input a user has: a model/data mismatch, a path or format mistake, --out mistakes ---------------------------
# (the same batch-in-one-subprocess pattern; cwd is an empty folder that must stay empty, and `loud.py`'s factory module
#  writes MODEL_LOADED into it when imported, so a case that loads the model before refusing is caught)

BAD_INPUTS = [
    ("float data into an embedding", lambda d: ["llc", d / "gpt", d / "xy.npz", "--lr", "1e-4"], "float features"),
    ("token ids beyond the vocabulary", lambda d: ["llc", d / "gpt", d / "oov.npz", "--lr", "1e-4"], "outside the model's vocabulary"),
    ("labels beyond the classes", lambda d: ["llc", f"{d}/nets.py:net", d / "labels9.npz", "--checkpoint", d / "net.pt", "--lr", "1e-4"], "outputs 3 classes"),
    ("features of another width", lambda d: ["llc", f"{d}/nets.py:net", d / "wide.npz", "--checkpoint", d / "net.pt", "--lr", "1e-4"], "cannot run on this data"),
    ("missing data, model not loaded", lambda d: ["llc", f"{d}/loud.py:net", d / "nope.npz"], "not found"),
    ("data format, model not loaded", lambda d: ["llc", f"{d}/loud.py:net", d / "net.pt"], "unknown data format"),
    ("missing checkpoint, model not loaded", lambda d: ["llc", f"{d}/loud.py:net", d / "xy.npz", "--checkpoint", d / "nope.pt"], "checkpoint"),
    ("missing --query, model not loaded", lambda d: ["bif", f"{d}/loud.py:net", d / "xy.npz", "--query", d / "nope.npz"], "--query"),
    ("--out with a missing parent", lambda d: ["llc", f"{d}/loud.py:net", d / "xy.npz", "--out", d / "typo" / "deep" / "out"], "does not exist"),
    ("--out holds a file the user added", lambda d: ["llc", f"{d}/loud.py:net", d / "xy.npz", "--out", d / "ours"], "notes.md"),
]

def test_mismatches_and_path_mistakes_are_one_line_status_2(inputs, tmp_path):
    "A mismatch of model and data, or a bad path, is one line and exit 2; nothing is loaded, written or deleted."
    rng = np.random.RandomState(1)
    np.savez(inputs / "oov.npz", input_ids=rng.randint(0, 5000, (8, 16)))
    x = rng.randn(20, 4).astype(np.float32)
    np.savez(inputs / "labels9.npz", x=x, y=np.arange(20) % 10)
    np.savez(inputs / "wide.npz", x=rng.randn(20, 5).astype(np.float32), y=np.arange(20) % 3)
    (inputs / "loud.py").write_text("open('MODEL_LOADED', 'w').close()\nfrom interplit.models import mlp\ndef net(): return mlp((4, 16, 3))\n")
    ours = inputs / "ours"; ours.mkdir(exist_ok=True)
    (ours / "results.json").write_text("{}"); (ours / "notes.md").write_text("my notes")
    (ours / ".interplit.json").write_text(json.dumps({"written_by": "interplit", "files": ["results.json"]}))
    argvs = []
    for i, (case, args, msg) in enumerate(BAD_INPUTS):
        a = [str(v) for v in args(inputs)]
        argvs.append(a + (["--out", str(tmp_path / f"out{i}")] if "--out" not in a else []) + ["--quiet"])
    r = subprocess.run([sys.executable, "-c", BATCH, json.dumps(argvs)], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "OMP_NUM_THREADS": "1"}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    for (case, _, msg), res in zip(BAD_INPUTS, json.loads(r.stdout.splitlines()[-1])):
        lines = [l for l in res["stderr"].splitlines() if l.strip()]
        assert res["code"] == 2 and len(lines) == 1 and msg in lines[0], (case, res)
        assert lines[0].startswith("interplit ") and "Traceback" not in res["stderr"], (case, res)
    assert [p.name for p in tmp_path.iterdir()] == []                                # nothing written, no model module imported
    assert not (inputs / "typo").exists()                                            # the missing parent was not created
    assert sorted(p.name for p in ours.iterdir()) == [".interplit.json", "notes.md", "results.json"]
    assert (ours / "notes.md").read_text() == "my notes"

def test_bif_on_text_shows_the_text_and_holds_queries_out(inputs, tmp_path):
    "BIF on text prints every query's text and its top helpful/harmful samples' text; default queries are not in the training set."
    r = ok(run("bif", inputs / "gpt", inputs / "text.jsonl", "--block-size", "16", "--max-samples", "30", "--num-query", "3",
               "--lr", "1e-4", "--gamma", "1000", "--out", tmp_path / "b", *FAST))
    res = json.loads((tmp_path / "b" / "results.json").read_text())
    assert res["train"] == 27 and res["queries"] == 3 and "held out" in res["query_source"]
    for j in range(3):
        assert f"query {j}: '" in r.stdout, r.stdout
        helpers = [int(i) for i in res["texts"][str(j)]["helpful"]]
        assert helpers and all(i < 27 for i in helpers)                                # a query is never its own helper
        assert res["texts"][str(j)]["query"] and all(res["texts"][str(j)]["helpful"].values())
    assert "most helpful #" in r.stdout and "most harmful #" in r.stdout
