#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerates resources/reference-runs/: the small pre-computed runs the lessons open at once.

Every run is `build/bin/fpt train` on a shipped preset and a shipped backbone, with the overrides
listed below (fewer steps, sparse snapshots); afterwards the checkpoints and model weights are
deleted, so only run.json, metrics.jsonl, probe.json and snapshots/ stay (a few MB in all).
MANIFEST.json records each run's command, wall time and the machine's load.

    python3 scripts/make_reference_runs.py            # all runs, one at a time, at nice 19
    python3 scripts/make_reference_runs.py --jobs 2   # two at once (2 cores)
    python3 scripts/make_reference_runs.py xor-lstm   # only the named runs (others kept)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "reference-runs"

# Sizes for a lesson: bit_xor 400 steps (the live lesson-1 size), MNIST 300 steps, ListOps 60
# steps at 128 tokens (only its positions are shown). Snapshots every 100 steps (ListOps: 30).
XOR = ["train.steps=400", "train.eval_every=50", "train.snapshot_every=100", "train.checkpoint_every=0"]
MNIST = ["train.steps=300", "train.eval_every=50", "train.snapshot_every=100", "train.checkpoint_every=0",
         "train.final_eval_examples=1000"]
LISTOPS = ["train.steps=60", "train.eval_every=30", "train.snapshot_every=30", "train.checkpoint_every=0",
           "task.max_length=128"]
OUTPUT_ONLY = ["model.freeze_in=true", "model.freeze_pos=true", "model.freeze_ln=true"]

# name -> (preset, legend name, overrides)
RUNS = {
    # Lesson 1 and 5: Bit XOR, language body vs random body vs LSTM (+ vision and bits bodies).
    "xor-fpt-language": ("bit_xor_fpt", "xor: FPT language body", XOR),
    "xor-fpt-random": ("bit_xor_fpt", "xor: FPT random body", XOR + ["model.backbone=random"]),
    "xor-lstm": ("bit_xor_lstm", "xor: LSTM", XOR),
    "xor-fpt-vision": ("bit_xor_fpt", "xor: FPT vision body", XOR + ["model.backbone=vision-fashion-4x256"]),
    "xor-fpt-bits": ("bit_xor_fpt", "xor: FPT bits body", XOR + ["model.backbone=bits-memory-4x256"]),
    # Lesson 3: which parameters have to train (the fourth row, + positions, is xor-fpt-language).
    "xor-output-only": ("bit_xor_fpt", "xor: output layer only", XOR + OUTPUT_ONLY),
    "xor-plus-layernorm": ("bit_xor_fpt", "xor: + layer norms", XOR + ["model.freeze_in=true", "model.freeze_pos=true"]),
    "xor-plus-input": ("bit_xor_fpt", "xor: + input layer", XOR + ["model.freeze_pos=true"]),
    # Lesson 2: MNIST, frozen language body vs a fully trained transformer, equal steps.
    "mnist-fpt-language": ("mnist_fpt", "mnist: FPT language body", MNIST),
    "mnist-full": ("mnist_full", "mnist: full transformer", MNIST),
    # Lesson 4: positions on a third modality.
    "listops-fpt-language": ("listops_fpt", "listops: FPT language body", LISTOPS),
}

KEEP = {"run.json", "metrics.jsonl", "probe.json", "snapshots"}


def strip_machine_paths(folder: Path) -> None:
    """Committed records name files relative to the checkout, never by this machine's path."""
    for name in ("run.json", "probe.json"):
        path = folder / name
        if path.exists():
            text = path.read_text()
            path.write_text(text.replace(str(ROOT) + "/", "").replace(str(ROOT), "."))


def run_one(fpt: Path, name: str, quiet: bool) -> dict:
    preset, legend, overrides = RUNS[name]
    folder = OUT / name
    if folder.exists():
        shutil.rmtree(folder)
    cmd = ["nice", "-n", "19", str(fpt), "train", f"presets/{preset}.json", "--out", f"resources/reference-runs/{name}",
           "--set", f"name={legend}"]
    for o in overrides:
        cmd += ["--set", o]
    if quiet:
        cmd.append("--quiet")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    start = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    wall = time.time() - start
    if proc.returncode != 0:
        raise SystemExit(f"make_reference_runs: {name}: fpt train exited {proc.returncode}")
    for entry in folder.iterdir():  # no checkpoints, no weights: metrics and snapshots only
        if entry.name not in KEEP:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    strip_machine_paths(folder)
    summary = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    print(f"{name}: {wall:.0f} s, test accuracy {summary.get('test_accuracy', '?')}", flush=True)
    return {"name": name, "legend": legend, "preset": f"presets/{preset}.json",
            "command": " ".join(["build/bin/fpt"] + [c if " " not in c else f"'{c}'" for c in cmd[4:]]),
            "wall_s": round(wall, 1), "load_after": os.getloadavg()[0]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="runs to remake (default: all)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--fpt", default=str(ROOT / "build" / "bin" / "fpt"))
    ap.add_argument("--verbose", action="store_true", help="fpt's progress lines on stderr")
    args = ap.parse_args()
    unknown = [n for n in args.names if n not in RUNS]
    if unknown:
        print(f"make_reference_runs: unknown run(s) {unknown}; known: {sorted(RUNS)}", file=sys.stderr)
        return 2
    fpt = Path(args.fpt)
    if not fpt.is_file():
        print(f"make_reference_runs: {fpt} not found; build it first (cmake --build build --target fpt)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    names = args.names or list(RUNS)
    manifest_path = OUT / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"runs": {}}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for record in pool.map(lambda n: run_one(fpt, n, not args.verbose), names):
            manifest["runs"][record["name"]] = record
    manifest["made_by"] = "python3 scripts/make_reference_runs.py"
    manifest["date"] = time.strftime("%Y-%m-%d")
    manifest["machine"] = f"{os.cpu_count()} cores, {args.jobs} run(s) at a time, nice 19"
    manifest["runs"] = {k: manifest["runs"][k] for k in RUNS if k in manifest["runs"]}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"resources/reference-runs: {len(manifest['runs'])} runs, {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
