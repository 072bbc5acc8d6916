#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# scripts/check_layers.py must pass on the tree and fail, naming file and line, on a deliberately
# upward include, a sideways (sibling) include, a Qt include in core/ and a core/ include in widgets/.
import os
import shutil
import subprocess
import sys
import tempfile

src = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..'))
script = os.path.join(src, 'scripts', 'check_layers.py')
failures = 0


def run(root):
    p = subprocess.run([sys.executable, script, '--root', root], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def expect(name, cond, detail):
    global failures
    print(('PASS ' if cond else 'FAIL ') + name + ('' if cond else '\n' + detail))
    failures += 0 if cond else 1


def fresh_copy():
    d = tempfile.mkdtemp(prefix='fpt-layers-')
    for part in ('core', 'widgets'):
        shutil.copytree(os.path.join(src, part), os.path.join(d, part))
    os.makedirs(os.path.join(d, 'docs'))
    shutil.copy(os.path.join(src, 'docs', 'architecture.md'), os.path.join(d, 'docs'))
    return d


def inject(root, rel, line_text, at=4):
    """Inserts line_text as line `at` of root/rel; returns that line number."""
    path = os.path.join(root, rel)
    lines = open(path).read().split('\n')
    lines.insert(at - 1, line_text)
    open(path, 'w').write('\n'.join(lines))
    return at


rc, out = run(src)
expect('the tree is clean', rc == 0, out)

cases = [
    ('upward include', 'core/config/run_config.h', '#include "core/studies/study_plan.h"',
     'from a higher layer'),
    ('sideways include', 'widgets/charts/curve_axes.h', '#include "widgets/attention/heatmap_widget.h"',
     'sibling layer'),
    ('Qt in core', 'core/model/gpt2_model.h', '#include <QString>', 'not allowed in core/'),
    ('core in widgets', 'widgets/common/color_map.h', '#include "core/config/error.h"',
     'may not include core/'),
    ('torch in widgets', 'widgets/runs/run_list_widget.h', '#include <torch/torch.h>',
     'not allowed in widgets/'),
]
for name, rel, text, reason in cases:
    root = fresh_copy()
    try:
        line = inject(root, rel, text)
        rc, out = run(root)
        expect(name + ' fails', rc == 1, out)
        expect(name + ' names file:line', f'{rel}:{line}:' in out and reason in out, out)
    finally:
        shutil.rmtree(root)

root = fresh_copy()
try:
    os.makedirs(os.path.join(root, 'core', 'misc'))
    open(os.path.join(root, 'core', 'misc', 'x.h'), 'w').write('// SPDX-License-Identifier: MIT\n// x\n')
    rc, out = run(root)
    expect('a folder missing from the table fails', rc == 1 and 'core/misc/' in out, out)
finally:
    shutil.rmtree(root)

print(f'{len(cases) * 2 + 2 - failures} passed, {failures} failed')
sys.exit(1 if failures else 0)
