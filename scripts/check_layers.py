#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Layer check: fails when a file includes from a higher layer, from a sibling folder of the same
# rank, or across the core/widgets wall, naming file and line. The layer order is read from the
# table in docs/architecture.md (the one place it lives); every folder found must be in it.
#   scripts/check_layers.py [--root REPO]      exit 0: clean, 1: violations, 2: bad table/usage
import argparse
import os
import re
import sys

TABLE_ROW = re.compile(r'^\|\s*(\d+)\s*\|\s*`(core|widgets)/([a-z_]+)/`\s*\|')
LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s*<([^>]+)>')
SOURCE_EXT = ('.h', '.hpp', '.cpp')
# What each side of the wall must never include (<...> headers, by prefix).
FORBIDDEN_SYSTEM = {
    'core': ('Q', 'qt'),                      # no Qt in the engine
    'widgets': ('torch/', 'ATen/', 'c10/', 'spdlog/'),  # no torch, no spdlog in the views
}


def read_layers(root):
    """{(top, folder): rank} from docs/architecture.md's layer table."""
    path = os.path.join(root, 'docs', 'architecture.md')
    try:
        lines = open(path, encoding='utf-8').read().splitlines()
    except OSError as e:
        sys.exit(f'check_layers: cannot read the layer table: {path}: {e.strerror}')
    layers = {}
    for line in lines:
        m = TABLE_ROW.match(line)
        if m:
            layers[(m.group(2), m.group(3))] = int(m.group(1))
    if not any(top == 'core' for top, _ in layers):
        sys.exit(f'check_layers: {path}: no layer table rows of the form "| N | `core/NAME/` | ... |"')
    return layers


def purpose_line_ok(lines):
    """The file opens with its one-line purpose: a // comment right after the SPDX line."""
    body = [l for l in lines[:3] if 'SPDX-License-Identifier' not in l]
    return bool(body) and body[0].startswith('//') and len(body[0].strip()) > 3


def check(root):
    layers = read_layers(root)
    problems = []
    for top in ('core', 'widgets'):
        base = os.path.join(root, top)
        for dirpath, _, files in os.walk(base):
            rel_dir = os.path.relpath(dirpath, base)
            for name in sorted(files):
                if not name.endswith(SOURCE_EXT):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if rel_dir == '.':
                    if name != 'pch_anchor.cpp':
                        problems.append(f'{rel}:1: file at the top of {top}/: put it in a layer folder')
                    continue
                folder = rel_dir.split(os.sep)[0]
                if (top, folder) not in layers:
                    problems.append(f'{rel}:1: folder {top}/{folder}/ is not in the layer table of '
                                    f'docs/architecture.md')
                    continue
                rank = layers[(top, folder)]
                lines = open(os.path.join(dirpath, name), encoding='utf-8', errors='replace').read().splitlines()
                if not purpose_line_ok(lines):
                    problems.append(f'{rel}:1: does not open with its one-line purpose (// comment after SPDX)')
                for number, line in enumerate(lines, 1):
                    m = SYSTEM_INCLUDE.match(line)
                    if m and m.group(1).startswith(FORBIDDEN_SYSTEM[top]):
                        problems.append(f'{rel}:{number}: includes <{m.group(1)}>: not allowed in {top}/')
                        continue
                    m = LOCAL_INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    parts = target.split('/')
                    if parts[0] in ('app',) or (parts[0] in ('core', 'widgets') and parts[0] != top):
                        problems.append(f'{rel}:{number}: includes "{target}": {top}/ may not include {parts[0]}/')
                        continue
                    if parts[0] != top:
                        if '/' not in target:
                            continue  # moc output or a same-folder file written without a path
                        problems.append(f'{rel}:{number}: includes "{target}": write includes from the repo root')
                        continue
                    if len(parts) < 3:
                        problems.append(f'{rel}:{number}: includes "{target}": not in a layer folder')
                        continue
                    tfolder = parts[1]
                    if (top, tfolder) not in layers:
                        problems.append(f'{rel}:{number}: includes "{target}": {top}/{tfolder}/ is not a layer')
                        continue
                    trank = layers[(top, tfolder)]
                    if tfolder == folder or trank < rank:
                        continue
                    why = 'a higher layer' if trank > rank else 'a sibling layer of the same rank'
                    problems.append(f'{rel}:{number}: includes "{target}" from {why} '
                                    f'({top}/{tfolder}/ is {trank}, {top}/{folder}/ is {rank})')
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--root', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f'check_layers: {len(problems)} problem(s); the layer order is in docs/architecture.md',
              file=sys.stderr)
        return 1
    print('check_layers: clean (no upward, sideways or cross-wall include)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
