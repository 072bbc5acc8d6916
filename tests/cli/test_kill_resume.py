#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Issue 8, item 3: SIGKILL `fpt train` at random moments (and during checkpoint writes), resume
# each time, and check after every kill that the run folder is loadable and at most one
# checkpoint interval of work is lost; at the end, that metrics.jsonl has no torn or duplicated
# line and that the weights and every metric equal an uninterrupted run with the same seed.
# Usage: test_kill_resume.py FPT_BINARY SOURCE_DIR   (env: FPT_KILL_TRIALS, FPT_KILL_SEED)
# Issue 19: the seed is printed and FPT_KILL_SEED replays it; a "random" kill lands when the run
# has logged a step drawn from that seed (progress, not wall time), so the schedule does not
# depend on the machine's speed and the verdict is on outcomes only: folder loadable after each
# kill, at most one checkpoint interval lost, final metrics and weights equal to the reference.
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
trials = int(os.environ.get("FPT_KILL_TRIALS", "10"))
seed = int(os.environ.get("FPT_KILL_SEED", str(random.randrange(1 << 30))))
rng = random.Random(seed)
STEPS, EVERY = 300, 10
common = tiny_bit_xor_args(src, steps=STEPS, checkpoint_every=EVERY, eval_every=50,
                           snapshot_every=25, keep_checkpoints=2, log_every=1)
env = dict(os.environ, OMP_NUM_THREADS="1")


def fail(message):
    print(f"FAIL (FPT_KILL_SEED={seed}): {message}", file=sys.stderr)
    sys.exit(1)


def check_safetensors(path):
    problem = safetensors_problem(path)
    if problem:
        fail(problem)


def metrics_lines(run, allow_torn_tail):
    path = os.path.join(run, "metrics.jsonl")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        text = f.read().decode()
    lines = text.split("\n")
    tail = lines.pop()  # "" when the file ends with a newline
    if tail and not allow_torn_tail:
        fail(f"metrics.jsonl ends with a torn line: {tail!r}")
    out = []
    for i, line in enumerate(lines):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            fail(f"metrics.jsonl line {i + 1} is torn: {line!r}")
    return out


def tmp_dirs(run):
    """Checkpoint folders being written, as (name, ctime): a leftover of an earlier kill keeps its
    ctime until the trainer removes and recreates it, so it is not mistaken for a new write."""
    d = os.path.join(run, "checkpoints")
    out = set()
    try:
        for n in os.listdir(d):
            if n.endswith(".tmp"):
                out.add((n, os.stat(os.path.join(d, n)).st_ctime_ns))
    except FileNotFoundError:
        pass
    return out


def checkpoints(run):
    d = os.path.join(run, "checkpoints")
    names = os.listdir(d) if os.path.isdir(d) else []
    return sorted(int(n[5:]) for n in names if n.startswith("step_") and "." not in n
                  and os.path.exists(os.path.join(d, n, "state.json")))


def check_loadable(run, stale):
    """The folder a kill leaves behind: run.json, the latest checkpoint, metrics up to a torn tail."""
    with open(os.path.join(run, "run.json")) as f:
        record = json.load(f)
    if record.get("schema_version") != 1 or not isinstance(record.get("config"), dict):
        fail(f"run.json is not a loadable record: {record}")
    done = checkpoints(run)
    tmp = tmp_dirs(run) - stale
    if done:
        d = os.path.join(run, "checkpoints", f"step_{done[-1]:08d}")
        for name in ("model.safetensors", "training_state.safetensors"):
            check_safetensors(os.path.join(d, name))
        with open(os.path.join(d, "state.json")) as f:
            if json.load(f)["step"] != done[-1]:
                fail(f"{d}/state.json names another step")
    steps = [m["step"] for m in metrics_lines(run, allow_torn_tail=True) if m["split"] == "train"]
    last_logged = max(steps, default=0)
    latest = done[-1] if done else 0
    if last_logged - latest > EVERY:
        fail(f"kill lost {last_logged - latest} steps (logged {last_logged}, checkpoint {latest})")
    return latest, bool(tmp), last_logged


def start(args):
    return subprocess.Popen([fpt, "train"] + args, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def logged_step(run):
    steps = [m["step"] for m in metrics_lines(run, allow_torn_tail=True) if m["split"] == "train"]
    return max(steps, default=0)


def kill_at_step(proc, run, target):
    """SIGKILL once the run has logged train step `target` (or ended first)."""
    while proc.poll() is None:
        if os.path.exists(os.path.join(run, "metrics.jsonl")) and logged_step(run) >= target:
            proc.send_signal(signal.SIGKILL)
            return
        time.sleep(0.002)


def kill_at_checkpoint_write(proc, run, stale, deadline):
    while proc.poll() is None and time.time() < deadline:
        if tmp_dirs(run) - stale:
            proc.send_signal(signal.SIGKILL)
            return
        time.sleep(0.0003)


with tempfile.TemporaryDirectory() as tmp:
    ref, run = os.path.join(tmp, "ref"), os.path.join(tmp, "run")
    t0 = time.time()
    r = subprocess.run([fpt, "train"] + common + ["--out", ref], env=env, capture_output=True)
    duration = time.time() - t0
    if r.returncode != 0:
        fail(f"reference run failed: {r.stderr.decode()}")
    print(f"reference run: {STEPS} steps in {duration:.1f} s; seed {seed}, {trials} kills")

    proc = start(common + ["--out", run])
    kills = during_checkpoint = 0
    stale = set()
    for trial in range(trials):
        while proc.poll() is None and not os.path.exists(os.path.join(run, "run.json")):
            time.sleep(0.001)
        at_checkpoint = trial % 2 == 1
        if at_checkpoint:
            kill_at_checkpoint_write(proc, run, stale, time.time() + duration)
        else:
            done_before = logged_step(run) if os.path.exists(os.path.join(run, "metrics.jsonl")) else 0
            target = rng.randint(min(done_before + 1, STEPS - 1), min(done_before + STEPS // 4, STEPS - 1))
            kill_at_step(proc, run, target)
        proc.wait()
        if proc.returncode != -signal.SIGKILL:
            if proc.returncode != 0:
                fail(f"fpt exited {proc.returncode}: {proc.stderr.read().decode()}")
            print(f"kill {trial + 1}: the run had already finished")
            break
        kills += 1
        latest, in_write, logged = check_loadable(run, stale)
        stale = tmp_dirs(run)
        during_checkpoint += in_write
        print(f"kill {trial + 1} ({'checkpoint write' if at_checkpoint else 'random'}): "
              f"logged step {logged}, resumes from {latest}"
              f"{', a checkpoint .tmp was left' if in_write else ''}")
        proc = start(["--resume", run, "-q"])
    proc.wait()
    if proc.returncode != 0:
        fail(f"the last resume failed ({proc.returncode}): {proc.stderr.read().decode()}")

    def compare(label):
        with open(os.path.join(run, "run.json")) as f:
            if json.load(f)["status"] != "done":
                fail(f"{label}: run.json status is not done")
        got = metrics_lines(run, allow_torn_tail=False)
        want = metrics_lines(ref, allow_torn_tail=False)
        keys = [(m["step"], m["split"], m.get("final", False)) for m in got]
        if len(keys) != len(set(keys)):
            dup = sorted(k for k in set(keys) if keys.count(k) > 1)
            fail(f"{label}: duplicated metrics lines {dup[:5]}")
        strip = lambda ms: sorted((m["step"], m["split"], m.get("final", False), m["loss"],
                                   m["accuracy"]) for m in ms)
        if strip(got) != strip(want):
            diff = set(strip(got)) ^ set(strip(want))
            fail(f"{label}: metrics differ from the uninterrupted run, e.g. {sorted(diff)[:3]}")
        for name in ("model.safetensors",):
            with open(os.path.join(run, name), "rb") as a, open(os.path.join(ref, name), "rb") as b:
                if a.read() != b.read():
                    fail(f"{label}: {name} differs from the uninterrupted run's")

    compare("after the kills")
    # A kill after the final checkpoint but before run.json says "done" leaves a finished
    # checkpoint to resume from: resuming must not append a second final evaluation.
    r = subprocess.run([fpt, "train", "--resume", run, "-q"], env=env, capture_output=True)
    if r.returncode != 0:
        fail(f"resuming the finished run failed: {r.stderr.decode()}")
    compare("after resuming the finished run")
    if kills < min(trials, 3):
        fail(f"only {kills} kills landed before the run finished")
    if during_checkpoint == 0:
        # Not a failure: whether a poll catches the .tmp folder is timing; every outcome above held.
        print("note: no kill landed inside a checkpoint write this time (timing, not a defect)")
    print(f"kill/resume passed: {kills} kills ({during_checkpoint} inside a checkpoint write), "
          "final weights and metrics identical to the uninterrupted run")
