#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`fpt export tensorboard` (issue 20), read back by an independent reader.

The reader here shares no code with ours: TFRecord framing checked with Debian's python3-crc32c
(masked CRC-32C of the length and of the data), and the Event / Summary messages decoded by
Debian's python3-protobuf from a descriptor written in this file from TensorBoard's event.proto
and summary.proto field numbers (not from core/formats/tensorboard_event.proto). Every scalar read
back must equal the run's metrics.jsonl, parsed here directly; names, uniqueness and the refusal
of bad input (nothing written) are checked too. Usage: test_tensorboard_export.py FPT SOURCE_DIR
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

try:
    import crc32c
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
except ImportError:
    # A pyenv or venv python3 on PATH may lack Debian's modules; Debian's own python3 has them.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("FAIL: needs Debian's python3-crc32c and python3-protobuf (scripts/setup.sh installs them)")
    sys.exit(1)

FPT, SRC = sys.argv[1], sys.argv[2]


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def event_class():
    """tensorflow.Event with Summary / Summary.Value, from TensorBoard's field numbers."""
    f = descriptor_pb2.FileDescriptorProto(name="tb_event_readback.proto", package="tbcheck", syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto
    value = f.message_type.add(name="Value")
    value.field.add(name="tag", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    value.field.add(name="simple_value", number=2, type=T.TYPE_FLOAT, label=T.LABEL_OPTIONAL, oneof_index=0)
    value.oneof_decl.add(name="value")
    summary = f.message_type.add(name="Summary")
    summary.field.add(name="value", number=1, type=T.TYPE_MESSAGE, type_name=".tbcheck.Value", label=T.LABEL_REPEATED)
    event = f.message_type.add(name="Event")
    event.field.add(name="wall_time", number=1, type=T.TYPE_DOUBLE, label=T.LABEL_OPTIONAL)
    event.field.add(name="step", number=2, type=T.TYPE_INT64, label=T.LABEL_OPTIONAL)
    event.field.add(name="file_version", number=3, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL, oneof_index=0)
    event.field.add(name="summary", number=5, type=T.TYPE_MESSAGE, type_name=".tbcheck.Summary",
                    label=T.LABEL_OPTIONAL, oneof_index=0)
    event.oneof_decl.add(name="what")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("tbcheck.Event"))


Event = event_class()


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def read_records(path):
    raw = open(path, "rb").read()
    pos, records = 0, []
    while pos < len(raw):
        if len(raw) - pos < 12:
            fail(f"{path}: torn record header at byte {pos}")
        header = raw[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", raw[pos + 8:pos + 12])
        if masked(crc32c.crc32c(header)) != length_crc:
            fail(f"{path}: bad length CRC at byte {pos}")
        data = raw[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", raw[pos + 12 + length:pos + 16 + length])
        if len(data) != length or masked(crc32c.crc32c(data)) != data_crc:
            fail(f"{path}: bad data CRC at byte {pos}")
        records.append(data)
        pos += 16 + length
    return records


def scalars_of(event_file):
    records = read_records(event_file)
    first = Event.FromString(records[0])
    if first.WhichOneof("what") != "file_version" or first.file_version != "brain.Event:2":
        fail(f"{event_file}: first record is not file_version brain.Event:2: {first}")
    out = []
    for data in records[1:]:
        e = Event.FromString(data)
        if e.WhichOneof("what") != "summary":
            fail(f"{event_file}: a record that is not a summary: {e}")
        for v in e.summary.value:
            out.append((v.tag, e.step, v.simple_value, e.wall_time))
    return out


def expected_of(run_dir):
    """(tag, step, float32 value) from metrics.jsonl, mapped as the README says: split/metric."""
    keys = {"loss": "loss", "accuracy": "accuracy", "learning_rate": "learning_rate", "lr": "learning_rate",
            "grad_norm": "grad_norm"}
    out = []
    for line in open(os.path.join(run_dir, "metrics.jsonl")):
        if not line.strip():
            continue
        j = json.loads(line)
        if "split" not in j or not isinstance(j.get("step"), int):
            continue
        for key, tag in keys.items():
            if isinstance(j.get(key), (int, float)) and not isinstance(j.get(key), bool):
                out.append((f"{j['split']}/{tag}", j["step"], struct.unpack("<f", struct.pack("<f", j[key]))[0]))
    return out


def fpt(*args):
    return subprocess.run([FPT, *args], capture_output=True, text=True, timeout=300)


tmp = tempfile.mkdtemp()
try:
    refs = os.path.join(SRC, "resources", "reference-runs")
    a = os.path.join(tmp, "runs", "a")
    b = os.path.join(tmp, "runs", "b")
    c = os.path.join(tmp, "runs", "c")
    shutil.copytree(os.path.join(refs, "xor-fpt-language"), a)
    shutil.copytree(os.path.join(refs, "xor-lstm"), b)
    shutil.copytree(os.path.join(refs, "xor-fpt-language"), c)  # the same name twice -> "-2"

    out = os.path.join(tmp, "tb")
    r = fpt("export", "tensorboard", a, b, c, "--out", out)
    if r.returncode != 0:
        fail(f"export failed ({r.returncode}): {r.stderr}")
    subdirs = sorted(os.listdir(out))
    name_a = json.load(open(os.path.join(a, "run.json")))["config"]["name"]
    name_b = json.load(open(os.path.join(b, "run.json")))["config"]["name"]

    def safe(name):
        s = "".join(ch if ch.isalnum() and ch.isascii() or ch in ".-_" else "_" for ch in name)
        while "__" in s:
            s = s.replace("__", "_")
        return s.strip("_")

    want = sorted([safe(name_a), safe(name_b), safe(name_a) + "-2"])
    if subdirs != want:
        fail(f"subfolders {subdirs}, expected {want} (names {name_a!r}, {name_b!r})")

    total = 0
    for run_dir, sub in ((a, safe(name_a)), (b, safe(name_b)), (c, safe(name_a) + "-2")):
        files = os.listdir(os.path.join(out, sub))
        if len(files) != 1 or not files[0].startswith("events.out.tfevents."):
            fail(f"{sub}: expected one events.out.tfevents.* file, found {files}")
        got = scalars_of(os.path.join(out, sub, files[0]))
        expected = expected_of(run_dir)
        if [(t, s, v) for t, s, v, _ in got] != expected:
            diff = next(i for i, (x, y) in enumerate(zip(got, expected + [None] * len(got))) if x[:3] != y)
            fail(f"{sub}: scalar {diff} read back {got[diff][:3]}, metrics.jsonl has "
                 f"{expected[diff] if diff < len(expected) else 'nothing'} ({len(got)} vs {len(expected)})")
        tags = {t for t, _, _, _ in got}
        for tag in ("train/loss", "train/accuracy", "test/accuracy"):
            if tag not in tags:
                fail(f"{sub}: no {tag} scalars (tags: {sorted(tags)})")
        walls = [w for _, _, _, w in got]
        if walls != sorted(walls) or walls[0] < 1.5e9:
            fail(f"{sub}: wall times not increasing epoch seconds: {walls[:3]}...")
        total += len(got)
    print(f"read back {total} scalars from 3 runs, all equal to metrics.jsonl")

    # Bad input: a missing folder and a corrupt line are refused, naming them; nothing is written.
    bad_out = os.path.join(tmp, "tb-bad")
    r = fpt("export", "tensorboard", a, os.path.join(tmp, "runs", "missing"), "--out", bad_out)
    if r.returncode == 0 or "missing" not in r.stderr:
        fail(f"a missing run folder: rc {r.returncode}, stderr {r.stderr!r}")
    if os.path.exists(bad_out) and os.listdir(bad_out):
        fail(f"a refused export wrote {os.listdir(bad_out)}")
    lines = open(os.path.join(c, "metrics.jsonl")).read().splitlines()
    lines[3] = "{not json"
    open(os.path.join(c, "metrics.jsonl"), "w").write("\n".join(lines) + "\n")
    r = fpt("export", "tensorboard", a, c, "--out", bad_out)
    if r.returncode == 0 or "metrics.jsonl" not in r.stderr or "4" not in r.stderr:
        fail(f"a corrupt metrics line: rc {r.returncode}, stderr {r.stderr!r}")
    if os.path.exists(bad_out) and os.listdir(bad_out):
        fail(f"a refused export wrote {os.listdir(bad_out)}")
    print("PASS: TensorBoard export read back independently; bad input refused, nothing written")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
