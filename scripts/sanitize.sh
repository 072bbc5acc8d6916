#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the test suite under sanitizers (issue 8).
#   scripts/sanitize.sh asan   whole CTest suite (core, widgets, app, cli) under ASan + UBSan + LSan
#   scripts/sanitize.sh tsan   ThreadSanitizer on the threading tests (run controller, trainer)
# Build folders: build-asan, build-tsan (-O1 -g1: full debug info doubles compile time here).
# Measured on the 2-core dev machine: asan build ~37 min, suite ~4 min; tsan build ~25 min.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=${1:-}
jobs=${JOBS:-$(nproc)}
case "$mode" in
asan)
    cmake -S . -B build-asan -DFPT_SANITIZE=ON -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1"
    cmake --build build-asan -j"$jobs"
    # UBSan stops at the first report so that ctest sees it as a failure; LSan is on (default).
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        QT_QPA_PLATFORM=offscreen ctest --test-dir build-asan -j"$jobs" --output-on-failure
    ;;
tsan)
    cmake -S . -B build-tsan -DFPT_TSAN=ON -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1"
    cmake --build build-tsan -j"$jobs" --target test_training_controller test_trainer
    # Qt and LibTorch are not instrumented; tests/tsan.supp lists what that makes TSan misread.
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
        QT_QPA_PLATFORM=offscreen ctest --test-dir build-tsan -R '^test_(training_controller|trainer)$' \
        --output-on-failure
    ;;
*)
    echo "usage: scripts/sanitize.sh asan|tsan" >&2
    exit 2
    ;;
esac
