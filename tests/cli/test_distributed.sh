#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Data-parallel CLI on 127.0.0.1 (issue 9): `fpt launch --nproc 2` and `fpt train --world-size 2`
# complete with rank 0's run folder and summary and match one process; bad shapes fail before
# any rendezvous; a rank killed mid-run fails the other (and `fpt launch`) within the timeout.
# Usage: test_distributed.sh FPT_BINARY SOURCE_DIR
set -euo pipefail
fpt=$1
src=$2
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
export OMP_NUM_THREADS=1 FPT_LOG_LEVEL=warn
unset WORLD_SIZE RANK MASTER_ADDR MASTER_PORT

preset=$src/presets/bit_xor_fpt.json
tiny=(--set model.n_layer=2 model.n_embd=32 model.backbone=random model.dropout=0
      train.batch_size=8 train.eval_every=0 train.eval_batches=2 train.snapshot_every=0
      train.checkpoint_every=0 train.seed=3)

fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# wait_for DEADLINE_S CMD...: polls CMD until it succeeds or the deadline passes.
wait_for() {
    local end=$((SECONDS + $1)); shift
    until "$@"; do
        [ $SECONDS -lt $end ] || return 1
        sleep 0.1
    done
}
# Gone or a zombie (exited, not yet reaped by its parent).
dead() { ! kill -0 "$1" 2>/dev/null || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
has_lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

echo "== fpt launch --nproc 2"
"$fpt" launch --nproc 2 "$preset" "${tiny[@]}" train.steps=6 --out "$tmp/launch" \
    >"$tmp/launch.out" 2>"$tmp/launch.err" || { cat "$tmp/launch.err"; fail "launch failed"; }
[ "$(wc -l <"$tmp/launch.out")" -eq 1 ] || fail "launch stdout is not one summary line"
[ "$(json "$tmp/launch.out" 'd["world_size"], d["status"]')" = "2 done" ] || fail "summary"
[ "$(json "$tmp/launch/run.json" 'd["world_size"], d["backend"], d["status"]')" = "2 gloo done" ] \
    || fail "run.json does not record the job"
[ -f "$tmp/launch/model.safetensors" ] && has_lines "$tmp/launch/metrics.jsonl" 7 || fail "run folder incomplete"
grep -q '^\[rank 0\] ' "$tmp/launch.err" || fail "stderr lines lack the rank prefix"

echo "== fpt train --world-size 2 --rank R --master (flags) equals one process"
port=$(free_port)
"$fpt" train "$preset" "${tiny[@]}" train.steps=4 --no-folder --world-size 2 --rank 1 \
    --master "127.0.0.1:$port" >"$tmp/r1.out" 2>"$tmp/r1.err" &
r1=$!; pids+=("$r1")
"$fpt" train "$preset" "${tiny[@]}" train.steps=4 --no-folder --world-size 2 --rank 0 \
    --master "127.0.0.1:$port" >"$tmp/r0.out" 2>"$tmp/r0.err" || { cat "$tmp/r0.err"; fail "rank 0"; }
wait "$r1" || { cat "$tmp/r1.err"; fail "rank 1"; }
[ ! -s "$tmp/r1.out" ] || fail "rank 1 wrote to stdout"
[ ! -s "$tmp/r1.err" ] || fail "rank 1 wrote more than errors: $(cat "$tmp/r1.err")"
"$fpt" train "$preset" "${tiny[@]}" train.steps=4 --no-folder -q >"$tmp/single.out"
python3 - "$tmp/r0.out" "$tmp/single.out" <<'PY'
import json, sys
dist, single = (json.load(open(p)) for p in sys.argv[1:3])
assert abs(dist["train_loss"] - single["train_loss"]) < 1e-5, (dist["train_loss"], single["train_loss"])
assert abs(dist["test_loss"] - single["test_loss"]) < 1e-5, (dist["test_loss"], single["test_loss"])
# Per step: float32 gradients of the trainable weights, loss+accuracy and stop flags (2+2 doubles).
per_step = 4 * dist["trainable_params"] + 32
assert dist["bytes_reduced"] == 4 * per_step, (dist["bytes_reduced"], per_step)
print("  2 ranks vs 1 process: train loss %.6f vs %.6f; %d bytes all-reduced per step"
      % (dist["train_loss"], single["train_loss"], per_step))
PY

echo "== shape errors fail at once, before the rendezvous"
start=$SECONDS
if "$fpt" train "$preset" "${tiny[@]}" train.batch_size=15 --no-folder --world-size 2 --rank 0 \
    --master 127.0.0.1:1 --dist-timeout 60 2>"$tmp/e1.err"; then fail "odd batch accepted"; fi
grep -q "/train/batch_size: must be divisible by the world size 2" "$tmp/e1.err" || fail "$(cat "$tmp/e1.err")"
if "$fpt" train "$preset" --no-folder --world-size 2 --rank 2 2>"$tmp/e2.err"; then fail "rank 2 of 2"; fi
grep -q "/distributed/rank" "$tmp/e2.err" || fail "$(cat "$tmp/e2.err")"
if RANK=1 "$fpt" train "$preset" --no-folder 2>"$tmp/e3.err"; then fail "rank without world size"; fi
grep -q "without a world size" "$tmp/e3.err" || fail "$(cat "$tmp/e3.err")"
[ $((SECONDS - start)) -lt 20 ] || fail "config errors took $((SECONDS - start)) s"

echo "== a rank killed mid-run fails the other within the timeout"
port=$(free_port)
long=("${tiny[@]}" train.steps=100000 train.checkpoint_every=5)
WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port "$fpt" train "$preset" "${long[@]}" \
    --out "$tmp/killed" --dist-timeout 5 -q >/dev/null 2>"$tmp/k0.err" &
k0=$!; pids+=("$k0")
WORLD_SIZE=2 RANK=1 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port "$fpt" train "$preset" "${long[@]}" \
    --out "$tmp/killed" --dist-timeout 5 >/dev/null 2>"$tmp/k1.err" &
k1=$!; pids+=("$k1")
wait_for 60 has_lines "$tmp/killed/metrics.jsonl" 10 || fail "the 2-rank run did not start"
killed_at=$SECONDS
{ kill -9 "$k1"; wait "$k1"; } 2>/dev/null || true
wait_for 20 dead "$k0" || fail "rank 0 still running 20 s after rank 1 was killed"
if wait "$k0"; then fail "rank 0 exited 0 after losing rank 1"; fi
echo "  rank 0 failed $((SECONDS - killed_at)) s after rank 1 was killed: $(tail -1 "$tmp/k0.err")"
grep -q "rank 1 stopped responding" "$tmp/k0.err" || fail "unclear error: $(cat "$tmp/k0.err")"
[ "$(json "$tmp/killed/run.json" 'd["status"]')" = failed ] || fail "run.json not marked failed"
[ -d "$tmp/killed/checkpoints" ] || fail "no checkpoint kept"

echo "== fpt launch stops the other ranks and fails when one dies"
"$fpt" launch --nproc 2 "$preset" "${long[@]}" --out "$tmp/launch-killed" --dist-timeout 5 \
    >/dev/null 2>"$tmp/lk.err" &
launcher=$!; pids+=("$launcher")
wait_for 60 has_lines "$tmp/launch-killed/metrics.jsonl" 10 || fail "launched run did not start"
children=$(pgrep -P "$launcher")
victim=""
for c in $children; do
    tr '\0' '\n' <"/proc/$c/environ" | grep -qx RANK=1 && victim=$c
done
[ -n "$victim" ] || fail "no rank 1 child among: $children"
pids+=($children)
kill -9 "$victim"
wait_for 30 dead "$launcher" || fail "launch still running 30 s after rank 1 died"
if wait "$launcher"; then fail "launch exited 0 after rank 1 died"; fi
for c in $children; do dead "$c" || fail "rank process $c outlived launch"; done
grep -q "rank 1 exited with status 137" "$tmp/lk.err" || fail "$(cat "$tmp/lk.err")"
echo "1 passed, 0 failed"
