# SPDX-License-Identifier: MIT
# Shared by the kill/resume and SIGINT/resume checks (tests/cli/test_*_resume.py): the tiny Bit XOR
# run they both train, and the check that a safetensors file on disk is complete.
import json
import os
import struct


def tiny_bit_xor_args(src, **train):
    """`fpt train` arguments for a 2 x 32 random-body Bit XOR run; train.* settings as keywords."""
    args = [os.path.join(src, "presets/bit_xor_fpt.json"),
            "--set", "model.n_layer=2", "--set", "model.n_embd=32", "--set", "model.backbone=random"]
    for key, value in train.items():
        args += ["--set", f"train.{key}={value}"]
    return args + ["-q"]


def safetensors_problem(path):
    """None when the file holds every byte its header promises, else what is wrong."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        return f"{path}: shorter than the 8-byte header length"
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    end = max([v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"] or [0])
    if 8 + n + end != len(data):
        return f"{path}: data section is {len(data) - 8 - n} bytes, header needs {end}"
    return None
