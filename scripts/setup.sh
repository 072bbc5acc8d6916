#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One-stop setup on Debian 12: installs packages and packaged data, builds, then
#   setup.sh explore   launches fpt-explorer on the default preset (trains at once)
#   setup.sh test      runs the whole test suite (what CI runs)
#   setup.sh build     only installs and builds
# Run as root or with sudo. Environment: BUILD_DIR (default build), JOBS (default nproc),
# FPT_SKIP_APT=1 to skip package installation.
set -euo pipefail
mode=${1:-build}
shift || true
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

packages=(build-essential cmake pkg-config git ca-certificates
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libqt6opengl6-dev libtorch-dev libgloo-dev nlohmann-json3-dev
          libspdlog-dev libcli11-dev zlib1g-dev libopenblas0-pthread libcurl4-openssl-dev libssl-dev
          protobuf-compiler libprotobuf-dev python3-protobuf python3-crc32c desktop-file-utils appstream
          dataset-fashion-mnist python3
          xvfb xauth libgl1-mesa-dri fonts-dejavu-core qt6-qpa-plugins)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    [ "${FPT_SKIP_APT:-0}" = 1 ] && return 0
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # npm: machines that already carry Node.js/npm (e.g. from NodeSource) conflict with
    # Debian's npm package, so only ask apt for it when no npm is on PATH.
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "setup: installing ${missing[*]}"
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
    # Debian's default BLAS is the reference one (6 GFLOP/s); OpenBLAS pthread measured 188.
    local blas
    blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
    case "$blas" in
        *openblas*) ;;
        *) as_root update-alternatives --set libblas.so.3-x86_64-linux-gnu \
               /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ;;
    esac
}

build_all() {
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release ${FPT_CMAKE_ARGS:-}
    cmake --build "$build" -j "$jobs"
}

install_packages
bash "$root/scripts/fetch_data.sh"
build_all
case "$mode" in
    explore)
        exec "$build/bin/fpt-explorer" "$@" ;;
    test)
        cd "$build"
        export QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1
        ctest --output-on-failure -j "${TEST_JOBS:-2}" "$@" ;;
    build) ;;
    *) echo "usage: setup.sh explore|test|build" >&2; exit 2 ;;
esac
