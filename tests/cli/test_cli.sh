#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end checks of the fpt CLI on real files: golden forward, train + summary JSON, --set,
# errors naming the field, resume, help texts. Usage: test_cli.sh FPT_BINARY SOURCE_DIR
set -euo pipefail
fpt=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['$1'])"; }

# 1. Golden parity through the CLI for every fixture (<= 5e-6, the README's figure; measured <= 2.5e-6).
for f in gpt2-tiny gpt2-tiny-lmhead-bf16 gpt2-f16-prefix; do
    d="$src/tests/fixtures/$f"
    diff=$("$fpt" forward --model "$d" --inputs "$d/inputs.safetensors" --out "$tmp/$f.safetensors" \
           --expected "$d/expected.safetensors" | field max_abs_diff)
    python3 -c "import sys; sys.exit(0 if float('$diff') <= 5e-6 else 1)" || fail "$f max abs diff $diff (limit 5e-6)"
    echo "forward $f: max abs diff $diff"
done

# 2. Train a tiny run with overrides; the summary line is JSON on stdout.
common=(--set model.n_layer=2 --set model.n_embd=32 --set model.backbone=random
        --set train.steps=12 --set train.eval_every=6 --set train.checkpoint_every=6)
"$fpt" train "$src/presets/bit_xor_fpt.json" "${common[@]}" --out "$tmp/run" -q > "$tmp/summary.json"
[ "$(field status < "$tmp/summary.json")" = done ] || fail "status not done"
[ "$(field steps < "$tmp/summary.json")" = 12 ] || fail "steps != 12"
[ "$(field trainable_params < "$tmp/summary.json")" -lt "$(field total_params < "$tmp/summary.json")" ] || fail "fpt should freeze"
for f in run.json metrics.jsonl model.safetensors probe.json; do [ -s "$tmp/run/$f" ] || fail "missing $f"; done

# 3. Resume extends the run to more steps.
"$fpt" train --resume "$tmp/run" --set train.steps=18 -q > "$tmp/resumed.json"
[ "$(field steps < "$tmp/resumed.json")" = 18 ] || fail "resume did not reach 18"

# 4. Bad input: every problem named with its JSON path, exit code 1, nothing created.
set +e
out=$("$fpt" train "$src/presets/bit_xor_fpt.json" --set train.learning_rate=-1 --set train.stepz=3 \
      --set model.kind=gru --out "$tmp/bad" 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] || fail "bad config exit code $rc"
for frag in "/train/learning_rate" "/train/stepz: unknown key" "/model/kind"; do
    grep -q -- "$frag" <<<"$out" || fail "message lacks '$frag': $out"
done
[ ! -e "$tmp/bad" ] || fail "a bad config created its run folder"
set +e
out=$("$fpt" forward --model "$tmp/nowhere" --inputs x --out y 2>&1); rc=$?
set -e
[ $rc -eq 1 ] && grep -q "nowhere" <<<"$out" || fail "missing model folder: $out"

# 5. fpt study --jobs 2: two shard processes visit every run exactly once (here all six Bit XOR
#    runs of the freezing study are already finished, so each is skipped by exactly one process),
#    and the parent writes the whole table from the run folders; bad --jobs / --shard are refused.
study="$tmp/study"
acc=50
for col in output +layernorm +input +positions +feedforward +last_attention; do
    mkdir -p "$study/bit_xor__$col/seed0"
    printf '{"schema_version": 1, "config": {}, "status": "done", "summary": {"test_accuracy": 0.%s, "seconds": 60}}\n' \
        "$acc" > "$study/bit_xor__$col/seed0/run.json"
    acc=$((acc + 7))
done
"$fpt" study freezing --out "$study" --tasks bit_xor --jobs 2 -q > "$tmp/study.md" 2> "$tmp/study.err" \
    || fail "study --jobs 2: $(cat "$tmp/study.err")"
[ "$(grep -c 'already done, skipped' "$tmp/study.err")" = 6 ] || fail "each run once: $(cat "$tmp/study.err")"
grep -q '| bit_xor | 50.0 (56.0) | 57.0 (98.0) | 64.0 (98.0) | 71.0 (100.0) | 78.0 (100.0) | 85.0 (–) |' \
    "$tmp/study.md" || fail "study table: $(cat "$tmp/study.md")"
[ "$(grep -c '^| bit_xor | 50.0' "$tmp/study.md")" = 1 ] || fail "table not printed exactly once: $(cat "$tmp/study.md")"
[ -s "$study/results.csv" ] || fail "no results.csv"
# --dry-run names the paper's number in its unit: Table 6's steps to convergence for Bit XOR
# pretrained are 500 (fpt-paper.md), not "500%"; accuracies stay percentages.
dry=$("$fpt" study steps_to_converge --dry-run --tasks bit_xor) || fail "study --dry-run"
grep -q '^bit_xor / pretrained: .*paper 500 steps to converge$' <<<"$dry" || fail "steps dry-run: $dry"
grep -q '%' <<<"$dry" && fail "steps_to_converge dry-run shows a percentage: $dry"
grep -q '^bit_xor / +positions: .*paper [0-9.]*%$' <<<"$("$fpt" study freezing --dry-run)" \
    || fail "freezing dry-run lost its percentages"
set +e
out=$("$fpt" study freezing --out "$study" --jobs 0 2>&1); rc=$?
[ $rc -ne 0 ] && grep -q -- "--jobs" <<<"$out" || fail "--jobs 0 accepted: $out"
out=$("$fpt" study freezing --out "$study" --shard 2/2 2>&1); rc=$?
[ $rc -ne 0 ] && grep -q "0 <= K < N" <<<"$out" || fail "--shard 2/2 accepted: $out"
set -e

# 5b. README's trainable count (issue 19): GPT-2 small's shape (config only; `fpt params` loads no
#     weights), FPT on MNIST: 96,778 trainable of 85,114,378 body + head weights (0.11%).
mkdir -p "$tmp/gpt2-small"
cat > "$tmp/gpt2-small/config.json" <<'JSON'
{"model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024,
 "vocab_size": 50257, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
JSON
"$fpt" params "$src/presets/mnist_fpt.json" --set model.backbone="$tmp/gpt2-small" | tail -1 > "$tmp/params.json"
python3 - "$tmp/params.json" <<'PY' || fail "GPT-2 small FPT counts: $(cat "$tmp/params.json")"
import json, sys
j = json.load(open(sys.argv[1]))
body_head = j["total"] - j["groups"]["token_embedding"]["total"]  # wte is not used by FPT
assert j["trainable"] == 96778, j["trainable"]
assert body_head == 85114378, body_head
assert round(100 * j["trainable"] / body_head, 2) == 0.11
print("params: GPT-2 small FPT on MNIST trains", j["trainable"], "of", body_head)
PY

# 6. Help describes the subcommands and flags.
"$fpt" --help | grep -q train || fail "help lacks train"
"$fpt" train --help | grep -q -- "--set" || fail "train help lacks --set"
echo "cli checks passed"
