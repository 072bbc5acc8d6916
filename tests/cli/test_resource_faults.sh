#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 8, item 4: resource faults end a run with a clear error and keep what was finished.
# 1. File-size limit (ulimit -f, a full disk for one file) during a checkpoint write: exit 1 with
#    the file named, the previous checkpoint intact, and a later resume ends bit-identical to an
#    uninterrupted run. 2. The run folder deleted mid-run: exit 1 with a message, no crash.
# 3. A missing dataset folder: exit 1 naming it. Usage: test_resource_faults.sh FPT_BINARY SOURCE_DIR
set -euo pipefail
fpt=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check_safetensors() {
    python3 - "$1" <<'PY' || fail "$1 is not a complete safetensors file"
import json, struct, sys
data = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
end = max([v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"] or [0])
sys.exit(0 if 8 + n + end == len(data) else 1)
PY
}
common=("$src/presets/bit_xor_fpt.json" --set model.n_layer=2 --set model.n_embd=32
        --set model.backbone=random --set train.checkpoint_every=10 --set train.eval_every=10
        --set train.snapshot_every=0 --set train.keep_checkpoints=5 -q)

# 1. A checkpoint write past the file-size limit.
"$fpt" train "${common[@]}" --set train.steps=40 --out "$tmp/ref" > /dev/null
"$fpt" train "${common[@]}" --set train.steps=20 --out "$tmp/run" > /dev/null
ck20=$tmp/run/checkpoints/step_00000020
model_kb=$(( $(stat -c %s "$ck20/model.safetensors") / 1024 ))
limit=$(( model_kb / 2 ))
[ "$(stat -c %s "$tmp/ref/metrics.jsonl")" -lt $(( limit * 1024 )) ] || fail "limit $limit KiB too small"
before=$(md5sum "$ck20"/* | md5sum)
set +e
out=$( (ulimit -f "$limit"; "$fpt" train --resume "$tmp/run" --set train.steps=40 -q) 2>&1 >/dev/null)
rc=$?
set -e
[ $rc -eq 1 ] || fail "disk-full checkpoint: exit code $rc (want 1): $out"
grep -q "step_00000030" <<<"$out" && grep -qi "too large" <<<"$out" ||
    fail "disk-full message should name the checkpoint file and the cause: $out"
[ "$(md5sum "$ck20"/* | md5sum)" = "$before" ] || fail "the previous checkpoint changed"
for f in model.safetensors training_state.safetensors; do check_safetensors "$ck20/$f"; done
[ ! -e "$tmp/run/checkpoints/step_00000030/state.json" ] || fail "a partial checkpoint looks complete"
python3 -c "import json,sys; r=json.load(open('$tmp/run/run.json')); sys.exit(r['status']!='failed')" ||
    fail "run.json should say failed"
echo "disk full at a checkpoint: $out"
# Space is back: the resume continues from step 20 and ends where an uninterrupted run ends.
"$fpt" train --resume "$tmp/run" --set train.steps=40 -q > /dev/null
cmp -s "$tmp/run/model.safetensors" "$tmp/ref/model.safetensors" ||
    fail "resume after the disk-full error differs from the uninterrupted run"

# 2. The run folder disappears mid-run.
"$fpt" train "${common[@]}" --set train.steps=100000 --out "$tmp/gone" > /dev/null 2> "$tmp/gone.err" &
pid=$!
for _ in $(seq 600); do [ -s "$tmp/gone/metrics.jsonl" ] && break; sleep 0.05; done
# The run keeps writing while rm walks the folder ("Directory not empty"): retry like a user would.
for _ in $(seq 50); do rm -rf "$tmp/gone" 2> /dev/null && break; sleep 0.02; done
[ ! -e "$tmp/gone" ] || fail "could not remove the run folder while the run was writing to it"
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 1 ] || fail "vanished run folder: exit code $rc (want 1): $(cat "$tmp/gone.err")"
grep -q "$tmp/gone" "$tmp/gone.err" || fail "vanished run folder: message lacks the path"
echo "run folder removed mid-run: $(tail -1 "$tmp/gone.err")"

# 3. A dataset folder that is not there.
set +e
out=$("$fpt" train "$src/presets/mnist_fpt.json" --set model.backbone=random --set train.steps=2 \
      --set task.data_path="$tmp/no-such-data" --no-folder -q 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] && grep -q "no-such-data" <<<"$out" || fail "missing dataset: rc $rc: $out"
echo "missing dataset: $out"
echo "resource fault checks passed"
