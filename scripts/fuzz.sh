#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every libFuzzer target for SECONDS each (default 600), JOBS at a time (default 2), nice'd.
# Seeds come from tests/fuzz/corpus/<target>/ (read-only); new inputs go to build-fuzz/fuzz-work/.
# Prints per target: executions, seconds, and crash/leak/timeout artifacts (a non-empty list fails).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (build first: see tests/fuzz/CMakeLists.txt)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${FPT_FUZZ_BUILD:-$src/build-fuzz}
seconds=${1:-600}
shift || true
jobs=${JOBS:-2}
work=$build/fuzz-work
mkdir -p "$work"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for bin in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$bin")"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "no fuzzers in $build/fuzz; build target fpt_fuzzers" >&2; exit 1; }

run_one() {
    local t=$1
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    # -timeout: an input taking > 10 s is a hang; -rss_limit_mb: a memory blow-up is a finding.
    nice -n 10 "$build/fuzz/$t" "$work/$t/corpus" "$src/tests/fuzz/corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -artifact_prefix="$work/$t/artifacts/" -print_final_stats=1 \
        > "$work/$t/log.txt" 2>&1 || true
}
# UBSan findings stop the run like a crash (they are only printed by default).
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export -f run_one
export build src work seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

status=0
printf '%-26s %12s %8s  %s\n' target executions seconds findings
for t in "${targets[@]}"; do
    log=$work/$t/log.txt
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    secs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE 'in [0-9]+' | grep -oE '[0-9]+' || echo "?")
    found=$(ls "$work/$t/artifacts" 2>/dev/null | tr '\n' ' ')
    [ -z "$found" ] || status=1
    grep -q 'Done [0-9]* runs' "$log" || { status=1; found="$found(no clean finish: see $log)"; }
    printf '%-26s %12s %8s  %s\n' "$t" "$runs" "$secs" "${found:-none}"
done
exit $status
