#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installing (issue 20): `cmake --install` into a temporary prefix and `cpack -G DEB` unpacked
# into a temporary root each give an `fpt` that runs from there alone — `fpt --version`, and
# `fpt train` on a preset from share/fpt-explorer/ with the installed backbone (not the source
# tree's) — plus the explorer opening an installed lesson offscreen; the desktop entry and the
# AppStream metainfo pass desktop-file-validate and appstreamcli validate; the package's
# dependencies name the Debian runtime packages. Usage: test_install.sh FPT_BINARY SOURCE_DIR
set -euo pipefail
fpt=$1
src=$2
build=$(cd "$(dirname "$fpt")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
app_id=org.fptexplorer.FptExplorer

# check_prefix PREFIX LABEL: what an installed prefix must hold and do.
check_prefix() {
    local prefix=$1 label=$2
    local share=$prefix/share/fpt-explorer
    for f in bin/fpt share/fpt-explorer/presets/bit_xor_fpt.json \
             share/fpt-explorer/backbones/language-brown-4x256/model.safetensors \
             share/fpt-explorer/resources/lessons/xor.md share/fpt-explorer/resources/reference-runs/MANIFEST.json \
             share/fpt-explorer/scripts/fetch_data.sh share/applications/$app_id.desktop \
             share/icons/hicolor/scalable/apps/$app_id.svg share/metainfo/$app_id.metainfo.xml; do
        [ -e "$prefix/$f" ] || fail "$label: $f not installed"
    done
    desktop-file-validate "$prefix/share/applications/$app_id.desktop" || fail "$label: desktop-file-validate"
    appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml" \
        || fail "$label: appstreamcli validate"

    # Run from elsewhere, with nothing pointing at the source tree: the binary must find share/.
    local home=$tmp/home-$label
    mkdir -p "$home" "$tmp/cwd-$label"
    local run=(env -u FPT_ROOT -u FPT_BACKBONES -u FPT_DATA_DIR HOME="$home" OMP_NUM_THREADS=1)
    (cd "$tmp/cwd-$label" && "${run[@]}" "$prefix/bin/fpt" --version) > "$tmp/version-$label.txt" \
        || fail "$label: fpt --version failed"
    grep -q "^fpt [0-9]" "$tmp/version-$label.txt" || fail "$label: --version: $(cat "$tmp/version-$label.txt")"
    grep -q "^LibTorch: 1\." "$tmp/version-$label.txt" || fail "$label: --version has no LibTorch line"
    (cd "$tmp/cwd-$label" && "${run[@]}" "$prefix/bin/fpt" train "$share/presets/bit_xor_fpt.json" \
        --set train.steps=12 --set train.eval_every=6 --set train.checkpoint_every=12 \
        --out "$tmp/run-$label" -q) || fail "$label: fpt train on the installed preset failed"
    python3 - "$tmp/run-$label" "$share" <<'PY' || fail "$label: the installed run is not what was asked"
import json, os, sys
run, share = sys.argv[1], os.path.realpath(sys.argv[2])
meta = json.load(open(os.path.join(run, "run.json")))
lines = [json.loads(l) for l in open(os.path.join(run, "metrics.jsonl")) if l.strip()]
steps = [l["step"] for l in lines if l.get("split") == "train"]
assert steps and max(steps) == 12, steps
text = json.dumps(meta)
# The backbone came from the installed share/ folder, not from a source checkout.
assert "language-brown-4x256" in text, "no backbone recorded"
assert os.path.realpath(os.path.join(share, "backbones")) in text or "share/fpt-explorer/backbones" in text, text[:2000]
assert "build" in meta and meta["build"].get("version"), "run.json has no build record"
print("installed run ok:", max(steps), "steps")
PY
    if [ -x "$prefix/bin/fpt-explorer" ]; then
        (cd "$tmp/cwd-$label" && "${run[@]}" QT_QPA_PLATFORM=offscreen "$prefix/bin/fpt-explorer" --version) \
            > "$tmp/gui-version-$label.txt" 2>&1 || fail "$label: fpt-explorer --version"
        grep -q "^Qt: 6\." "$tmp/gui-version-$label.txt" || fail "$label: explorer --version: $(cat "$tmp/gui-version-$label.txt")"
        # A lesson and its reference runs resolve in the installed tree (the explorer quits after 2 s).
        # A rare SIGSEGV at start-up (2 in ~80 launches of the installed binary on 2026-12-06, not
        # reproduced under gdb; docs/robustness.md) gets one more try, reported, so this test
        # checks installation; any other failure, or a second crash, fails it.
        local rc=0
        for attempt in 1 2; do
            rc=0
            (cd "$tmp/cwd-$label" && "${run[@]}" QT_QPA_PLATFORM=offscreen timeout 120 "$prefix/bin/fpt-explorer" \
                --lesson xor --latency-report 2) > "$tmp/gui-$label.txt" 2>&1 || rc=$?
            [ "$rc" = 139 ] && [ "$attempt" = 1 ] && { echo "WARNING: $label: fpt-explorer crashed (SIGSEGV); trying once more"; continue; }
            break
        done
        [ "$rc" = 0 ] || fail "$label: the installed explorer could not open lesson xor (rc $rc): $(tail -5 "$tmp/gui-$label.txt")"
        grep -q "event-loop latency" "$tmp/gui-$label.txt" || fail "$label: the explorer did not run its event loop"
        [ -d "$home/.local/share/fpt-explorer" ] || fail "$label: the installed explorer has no per-user data folder"
    fi
}

# 1. cmake --install into a temporary prefix.
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" || fail "cmake --install: $(tail -5 "$tmp/install.log")"
check_prefix "$tmp/prefix" install

# 2. The Debian package: built by cpack, its metadata checked, unpacked into a temporary root.
(cd "$build" && cpack -G DEB -B "$tmp/deb" > "$tmp/cpack.log" 2>&1) || fail "cpack -G DEB: $(tail -20 "$tmp/cpack.log")"
deb=$(ls "$tmp"/deb/fpt-explorer_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack made no fpt-explorer_*.deb: $(ls "$tmp/deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for pkg in libtorch1.13 libqt6widgets6 libqt6charts6 libopenblas0-pthread qt6-qpa-plugins libcurl4 zlib1g; do
    echo "$depends" | grep -Eq "(^|, )$pkg( |,|$)" || fail "the .deb does not depend on $pkg: $depends"
done
contents=$(dpkg-deb -c "$deb")  # not piped into grep -q: pipefail would see dpkg-deb's SIGPIPE
for f in ./usr/bin/fpt ./usr/bin/fpt-explorer ./usr/share/applications/$app_id.desktop; do
    grep -q " $f\$" <<< "$contents" || fail "the .deb has no ${f#.}"
done
dpkg-deb -x "$deb" "$tmp/root" || fail "dpkg-deb -x"
check_prefix "$tmp/root/usr" deb
echo "PASS: cmake --install and the .deb ($(basename "$deb"), $(du -h "$deb" | cut -f1)) work from their own prefix"
