#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Issue 19, item 5: Ctrl-C (SIGINT) during `fpt train` stops cleanly: fpt exits on its own (not
# killed by the signal), run.json says "stopped" at the step it reached, a complete checkpoint of
# that step is on disk, and `fpt train --resume` from it ends with the same weights and the same
# train/test metrics as an uninterrupted run with the same seed. SIGTERM is checked the same way.
# Usage: test_sigint_resume.py FPT_BINARY SOURCE_DIR   (env: FPT_SIGINT_SEED replays a schedule)
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

from tiny_run import safetensors_problem, tiny_bit_xor_args

fpt, src = sys.argv[1], sys.argv[2]
seed = int(os.environ.get("FPT_SIGINT_SEED", str(random.randrange(1 << 30))))
rng = random.Random(seed)
STEPS = 200
common = tiny_bit_xor_args(src, steps=STEPS, checkpoint_every=50, eval_every=40, log_every=1)
env = dict(os.environ, OMP_NUM_THREADS="1")


def fail(message):
    print(f"FAIL (FPT_SIGINT_SEED={seed}): {message}", file=sys.stderr)
    sys.exit(1)


def metrics(run):
    with open(os.path.join(run, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def logged_step(run):
    try:
        with open(os.path.join(run, "metrics.jsonl")) as f:
            text = f.read()
    except FileNotFoundError:
        return 0
    steps = []
    for line in text.split("\n")[:-1]:  # the last piece may be a line being written
        m = json.loads(line)
        if m["split"] == "train":
            steps.append(m["step"])
    return max(steps, default=0)


def check_safetensors(path):
    problem = safetensors_problem(path)
    if problem:
        fail(problem)


def comparable(ms, stop_step=None):
    # The stop adds one short, non-final test evaluation at the step it reached (the last such
    # line at that step); it is a true record of what the user saw, not part of the uninterrupted
    # run, so it is left out here.
    ms = list(ms)
    if stop_step is not None:
        extra = [i for i, m in enumerate(ms) if m["split"] == "test" and not m.get("final", False)
                 and m["step"] == stop_step]
        if not extra:
            fail(f"no evaluation line for the stop at step {stop_step}")
        del ms[extra[-1]]
    return sorted((m["step"], m["split"], m.get("final", False), m["loss"], m["accuracy"])
                  for m in ms)


with tempfile.TemporaryDirectory() as tmp:
    ref = os.path.join(tmp, "ref")
    r = subprocess.run([fpt, "train"] + common + ["--out", ref], env=env, capture_output=True)
    if r.returncode != 0:
        fail(f"reference run failed: {r.stderr.decode()}")
    for sig in (signal.SIGINT, signal.SIGTERM):
        run = os.path.join(tmp, f"run-{sig.name}")
        target = rng.randint(5, STEPS - 20)
        proc = subprocess.Popen([fpt, "train"] + common + ["--out", run], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while proc.poll() is None and logged_step(run) < target:
            time.sleep(0.002)
        if proc.poll() is not None:
            fail(f"the run ended before step {target}: {proc.stderr.read().decode()}")
        proc.send_signal(sig)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            fail(f"{sig.name} at step {target}: fpt did not exit within 60 s")
        err = proc.stderr.read().decode()
        if proc.returncode < 0:
            fail(f"{sig.name}: fpt was killed by the signal ({proc.returncode}), no clean stop")
        with open(os.path.join(run, "run.json")) as f:
            record = json.load(f)
        if record.get("status") != "stopped":
            fail(f"{sig.name}: run.json status {record.get('status')!r}, expected 'stopped' ({err})")
        stop_step = record["step"]
        if not target <= stop_step < STEPS:
            fail(f"{sig.name} sent after step {target}: run.json says it stopped at {stop_step}")
        ck = os.path.join(run, "checkpoints", f"step_{stop_step:08d}")
        for name in ("model.safetensors", "training_state.safetensors"):
            check_safetensors(os.path.join(ck, name))
        with open(os.path.join(ck, "state.json")) as f:
            if json.load(f)["step"] != stop_step:
                fail(f"{ck}/state.json names another step")
        print(f"{sig.name} after step {target}: exit {proc.returncode}, stopped at step "
              f"{stop_step} with a checkpoint of that step")
        r = subprocess.run([fpt, "train", "--resume", run, "-q"], env=env, capture_output=True)
        if r.returncode != 0:
            fail(f"resume after {sig.name} failed: {r.stderr.decode()}")
        with open(os.path.join(run, "run.json")) as f:
            if json.load(f)["status"] != "done":
                fail(f"after the resume run.json is not 'done'")
        if comparable(metrics(run), stop_step) != comparable(metrics(ref)):
            diff = set(comparable(metrics(run), stop_step)) ^ set(comparable(metrics(ref)))
            fail(f"{sig.name}: metrics after stop + resume differ from the uninterrupted run, "
                 f"e.g. {sorted(diff)[:3]}")
        with open(os.path.join(run, "model.safetensors"), "rb") as a, \
                open(os.path.join(ref, "model.safetensors"), "rb") as b:
            if a.read() != b.read():
                fail(f"{sig.name}: final weights differ from the uninterrupted run's")
        print(f"{sig.name}: resume from step {stop_step} equals the uninterrupted run "
              "(weights byte-identical, every train and final test metric equal)")
    print(f"sigint/sigterm resume passed (seed {seed})")
