"""Tuned-lens training: interplit's `train_tuned_lens` vs tuned-lens 0.2.0's recipe.

Same model, same tokens, same number of steps, same hyper-parameters (the paper's recipe, which is the
default of both: SGD with Nesterov momentum 0.9, lr 0.1, weight decay 1e-3, linear decay to 0, no warmup,
grad-norm clipping at 1.0, KL(final ‖ lens) at the same position). Prints each side's training wall time,
the held-out KL per layer for both (both lenses evaluated by the same code, interplit's `evaluate_lenses`),
and the ratios.

tuned-lens 0.2.0 needs transformers 4.x, interplit needs transformers >= 5, so the peer runs as a subprocess
in its own venv (create it with `bash benchmarks/setup_lens_venv.sh`); the model (save_pretrained), the token
blocks and the trained translators travel as safetensors files. The peer's own held-out KL is printed too,
as a check that its translators were carried over exactly.

Run from interplit's environment (one thread each, as the project's CPU benchmarks):
    OMP_NUM_THREADS=1 python benchmarks/lens_vs_tuned_lens.py              # python_lm, 250 steps × 16 blocks of 64
    OMP_NUM_THREADS=1 python benchmarks/lens_vs_tuned_lens.py --repeats 5 --layers-per-backward default,3 --peer-autocast both
    python benchmarks/lens_vs_tuned_lens.py --repeats 3 --peer-autocast none   # + the peer in fp32 as well
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from safetensors.torch import load_file, save_file

HERE = Path(__file__).resolve().parent
PEER_PY = Path(os.environ.get("TUNED_LENS_PYTHON", HERE / ".venv-tunedlens" / "bin" / "python"))


def peer_lens(model, path, num_layers):
    "The peer's translators (nn.Linear(d, d), h + W h + b) as an interplit TunedLens: same parametrisation, renamed keys."
    from interplit.lens import TunedLens
    sd = load_file(str(path))
    lens = TunedLens.from_model(model)
    lens.load_state_dict({f"translators.{k}": v for k, v in sd.items()})
    assert len(lens.translators) == num_layers
    return lens


def run_peer(model_dir, tokens, steps, batch_size, autocast, threads, out):
    cmd = [str(PEER_PY), str(HERE / "_tuned_lens_peer.py"), "--model-dir", str(model_dir), "--tokens", str(tokens),
           "--steps", str(steps), "--batch-size", str(batch_size), "--autocast", autocast, "--threads", str(threads), "--out", str(out)]
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONWARNINGS": "ignore", "WANDB_MODE": "disabled"}
    env.pop("PYTHONPATH", None)                                  # the peer venv must not see interplit's transformers 5
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"the tuned-lens subprocess failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return json.loads((Path(out) / "result.json").read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=250)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=1, help="time each side this many times; report the minimum")
    ap.add_argument("--peer-autocast", choices=["bf16", "none", "both"], default="bf16",
                    help="bf16 = tuned-lens's recipe as shipped (bf16 autocast even on CPU); none = fp32 like interplit on CPU")
    ap.add_argument("--n-layer", type=int, default=3)
    ap.add_argument("--n-embd", type=int, default=64)
    ap.add_argument("--layers-per-backward", default="default",
                    help="interplit variants, comma-separated: 'default' (train_tuned_lens's default: a backward per layer on CPU, "
                         "one for all layers on GPU) and/or k (layers_per_backward=k, e.g. n_layer = one backward for all layers)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--kl-tol", type=float, default=0.01,
                    help="relative tolerance of 'KL no worse' (both optimise the same objective on the same batches; bf16 rounding moves it ~0.1%%)")
    ap.add_argument("--out", default=str(HERE / ".cache" / "lens_vs_tuned_lens.json"))
    a = ap.parse_args()
    if not PEER_PY.exists():
        sys.exit(f"{PEER_PY} not found: create the peer's venv with `bash benchmarks/setup_lens_venv.sh`")
    torch.set_num_threads(a.threads)
    from interplit.models import python_lm
    from interplit.lens import LogitLens
    from interplit.lens_train import train_tuned_lens, evaluate_lenses

    t0 = time.perf_counter()
    lm = python_lm(n_layer=a.n_layer, n_embd=a.n_embd)
    model = lm.model.to(a.device).eval()
    L = model.config.n_layer
    n = a.steps * a.batch_size
    if n > len(lm.train):
        sys.exit(f"{a.steps} steps × {a.batch_size} blocks need {n} blocks; python_lm has {len(lm.train)}")
    blocks = lm.train[:n]                                       # one pass: both see exactly these tokens
    # the order interplit's trainer draws them in (seed 0, first pass), so the peer gets the same batches too
    order = torch.randperm(n, generator=torch.Generator().manual_seed(0))
    print(f"model: python_lm n_layer={L} n_embd={model.config.n_embd} vocab={model.config.vocab_size} "
          f"({sum(p.numel() for p in model.parameters()):,} params), ready in {time.perf_counter() - t0:.1f}s; "
          f"{a.steps} steps × {a.batch_size} blocks × {blocks.shape[1]} tokens = {n * blocks.shape[1]:,} tokens; "
          f"held-out {tuple(lm.heldout.shape)}; device {a.device}, {a.threads} thread(s)")

    modes = ["bf16", "none"] if a.peer_autocast == "both" else [a.peer_autocast]
    pname = {"bf16": "tuned-lens", "none": "tuned-lens (fp32)"}
    variants = {("interplit" if v == "default" else f"interplit (layers_per_backward={v})"): (None if v == "default" else int(v))
                for v in a.layers_per_backward.split(",")}
    res = {k: dict(walls=[], cpus=[]) for k in list(variants) + [pname[m] for m in modes]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model.save_pretrained(tmp / "model")
        save_file({"train": blocks[order].contiguous(), "heldout": lm.heldout.contiguous()}, str(tmp / "tokens.safetensors"))
        for r in range(a.repeats):                    # interleaved, so a busy machine slows every side alike
            for vname, k in variants.items():
                if a.device.startswith("cuda"): torch.cuda.synchronize()
                t, c = time.perf_counter(), time.process_time()
                ours = train_tuned_lens(model, blocks, steps=a.steps, batch_size=a.batch_size, progress=False,
                                        **({} if k is None else {"layers_per_backward": k}))
                if a.device.startswith("cuda"): torch.cuda.synchronize()
                res[vname]["walls"].append(time.perf_counter() - t); res[vname]["cpus"].append(time.process_time() - c)
                res[vname]["lens"] = ours
            for mode in modes:
                pr = run_peer(tmp / "model", tmp / "tokens.safetensors", a.steps, a.batch_size, mode, a.threads, tmp / f"peer_{mode}_{r}")
                d = res[pname[mode]]
                d["walls"].append(pr["wall_s"]); d["cpus"].append(pr["cpu_s"])
                if r == 0:
                    d.update(lens=peer_lens(model, tmp / f"peer_{mode}_0" / "translators.safetensors", L), own_kl=pr["kl"],
                             versions={k: pr[k] for k in ("tuned_lens", "transformers", "torch")}, autocast=mode)
            print(f"repeat {r + 1}/{a.repeats}: " + ", ".join(f"{k} {v['walls'][-1]:.2f}s wall / {v['cpus'][-1]:.2f}s CPU" for k, v in res.items()), flush=True)
    for v in res.values(): v["wall_s"], v["cpu_s"] = min(v["walls"]), min(v["cpus"])

    lenses = {"logit": LogitLens.from_model(model), **{k: v["lens"] for k, v in res.items()}}
    ev = evaluate_lenses(model, lm.heldout, lenses, batch_size=64).to_frame()
    kl = ev[ev.lens != "model"].pivot(index="layer", columns="lens", values="kl")[list(lenses)]
    ce = ev[ev.lens != "model"].pivot(index="layer", columns="lens", values="ce")[list(lenses)]
    peer_names = [k for k in res if k not in variants]
    print("\nheld-out KL(final ‖ lens) per layer, nats (input to block i; evaluated by interplit.evaluate_lenses):")
    tab = kl.copy()
    for p in peer_names:
        for v in variants: tab[f"{v}/{p}"] = kl[v] / kl[p]
    print(tab.round(4).to_string())
    print("\nheld-out next-token CE per layer, nats (model:", round(float(ev[ev.lens == 'model'].ce.iloc[0]), 4), "):")
    print(ce.round(4).to_string())
    for p in peer_names:
        own = np.array(res[p]["own_kl"]); mine = kl[p].values
        print(f"check: {p}'s own held-out KL {np.round(own, 4).tolist()} vs interplit's evaluation of its translators "
              f"{np.round(mine, 4).tolist()} (max |diff| {np.abs(own - mine).max():.2e})")
    print("\ntraining time (min over repeats), seconds: wall, CPU (process time; less sensitive to a busy machine)")
    for k, v in res.items(): print(f"  {k:34s} wall {v['wall_s']:7.2f}  CPU {v['cpu_s']:7.2f}   walls {['%.2f' % w for w in v['walls']]}")
    for v in variants:
        for p in peer_names:
            print(f"speed ratio {p} / {v} = {res[p]['wall_s'] / res[v]['wall_s']:.2f}x wall, "
                  f"{res[p]['cpu_s'] / res[v]['cpu_s']:.2f}x CPU (> 1: interplit faster); "
                  f"KL no worse (within {a.kl_tol:.0%}) at every layer: {bool((kl[v] <= kl[p] * (1 + a.kl_tol)).all())} "
                  f"(max ratio {float((kl[v] / kl[p]).max()):.4f})")
    out = dict(config=vars(a), versions=res[peer_names[0]]["versions"] if peer_names else {},
               wall_s={k: v["walls"] for k, v in res.items()}, cpu_s={k: v["cpus"] for k, v in res.items()}, kl=kl.to_dict(), ce=ce.to_dict(),
               peer_own_kl={p: res[p]["own_kl"] for p in peer_names})
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(out, indent=1, default=float))
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
