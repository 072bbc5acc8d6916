#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Screenshots of each lesson's key step at 1366x768 and 1920x1080 under Xvfb, in presentation
# mode, into docs/screenshots/lesson-<name>-<W>x<H>.png (docs/lessons.md shows them).
#   scripts/lesson_screenshots.sh [LESSON...]      (default: all five)
# Needs a screenshot tool taking `OUT.png SECONDS -- CMD...` ($SCREENSHOT, default
# ../shared/tools/screenshot). The pretraining lesson's study step reads runs/study-pretraining-small
# under $STUDY_DIR (default: the repository), where `fpt study pretraining` put its runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shot=${SCREENSHOT:-$root/../shared/tools/screenshot}
explorer=$root/build/bin/fpt-explorer
study_dir=${STUDY_DIR:-$root}
declare -A step=([xor]=3 [mnist]=3 [freezing]=3 [positions]=2 [pretraining]=2)
lessons=("$@")
[ ${#lessons[@]} -gt 0 ] || lessons=(xor mnist freezing positions pretraining)
mkdir -p "$root/docs/screenshots"
for lesson in "${lessons[@]}"; do
    for size in 1366x768 1920x1080; do
        out=$root/docs/screenshots/lesson-$lesson-$size.png
        (cd "$study_dir" && SCREEN=${size}x24 "$shot" "$out" 12 -- "$explorer" --lesson "$lesson" \
            --lesson-step "${step[$lesson]}" --present)
        echo "lesson_screenshots.sh: $out"
    done
done
