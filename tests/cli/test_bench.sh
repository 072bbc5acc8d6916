#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke test of `fpt bench`: JSON lines with the peer's fields, --gemm, --list, --preset, and a
# clear error for an unknown config. Usage: test_bench.sh FPT_BINARY SOURCE_DIR
set -euo pipefail
fpt=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Two configs in one process: two JSON lines, every peer field, numbers > 0.
"$fpt" bench fpt-small lstm-small --seconds 0.01 --warmup 0 > "$tmp/bench.jsonl"
python3 - "$tmp/bench.jsonl" <<'PY' || fail "bench lines malformed: $(cat "$tmp/bench.jsonl")"
import json, math, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["config"] for l in lines] == ["fpt-small", "lstm-small"], lines
for l in lines:
    assert l["impl"] == "fpt-cpp"
    for k in ("steps_per_s", "tokens_per_s", "gflops", "peak_rss_mb", "step_ms_median"):
        assert isinstance(l[k], float) and math.isfinite(l[k]) and l[k] > 0, (k, l)
    assert abs(l["tokens_per_s"] - l["steps_per_s"] * 32 * 64) < 1e-6 * l["tokens_per_s"]
PY

# 2. --gemm and --list.
"$fpt" bench --gemm --seconds 0.01 | python3 -c "
import json, sys; j = json.loads(sys.stdin.readline()); assert j['gemm_gflops_peak'] > 0, j" \
    || fail "--gemm"
[ "$("$fpt" bench --list | wc -l)" = 6 ] || fail "--list should print the 6 peer configs"

# 3. A preset's shapes (as a training run would use them).
"$fpt" bench --preset "$src/presets/bit_xor_fpt.json" --set model.backbone=random \
    --seconds 0.01 --warmup 0 | python3 -c "
import json, sys; j = json.loads(sys.stdin.readline()); assert j['config'] == 'bit_xor_fpt', j" \
    || fail "--preset"

# 4. Unknown config: exit 1, message lists the known ones.
set +e
out=$("$fpt" bench gpt3 2>&1); rc=$?
set -e
[ $rc -eq 1 ] && grep -q "fpt-gpt2-lra" <<<"$out" || fail "unknown config: rc $rc, $out"
echo "bench checks passed"
