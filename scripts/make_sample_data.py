#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes small, learnable stand-in files in the *real* formats of the datasets nobody can ship
here, so their presets can be run end to end without the downloads:

  OUT/cifar10/   data_batch_1..5.bin + test_batch.bin   (CIFAR-10 binary: 1 label byte + 3072 bytes)
  OUT/tape/      remote_homology_<split>.jsonl           (TAPE records: {"primary", "fold_label"})

Each class has its own pattern plus noise (CIFAR: a bright horizontal band at a class-dependent
row; TAPE: a class-dependent residue motif inside random residues), so a model that trains can
beat chance. Accuracies on these files say nothing about the real datasets.

Usage: scripts/make_sample_data.py OUT [--per-file N] [--classes K] [--seed S]
"""
import argparse
import json
import random
from pathlib import Path

TAPE_ALPHABET = "ACDEFGHIKLMNPQRSTVWY"
TAPE_SPLITS = ["train", "valid", "test_fold_holdout", "test_superfamily_holdout", "test_family_holdout"]


def cifar_record(rng, label):
    pixels = bytearray(rng.randrange(0, 96) for _ in range(3072))
    row = 3 * label + 1  # band rows 1..30 for labels 0..9
    for ch in range(3):
        for r in (row, row + 1):
            for c in range(32):
                pixels[ch * 1024 + r * 32 + c] = 200 + rng.randrange(0, 56)
    return bytes([label]) + bytes(pixels)


def write_cifar(out, per_file, rng):
    out.mkdir(parents=True, exist_ok=True)
    for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
        with open(out / name, "wb") as f:
            for i in range(per_file):
                f.write(cifar_record(rng, i % 10))
    (out / "batches.meta.txt").write_text(
        "\n".join(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]) + "\n")


def write_tape(out, per_file, classes, rng):
    out.mkdir(parents=True, exist_ok=True)
    motifs = ["".join(rng.choice(TAPE_ALPHABET) for _ in range(6)) for _ in range(classes)]
    for split in TAPE_SPLITS:
        n = per_file if split == "train" else max(per_file // 4, classes)
        with open(out / f"remote_homology_{split}.jsonl", "w") as f:
            for i in range(n):
                label = i % classes
                length = rng.randrange(40, 120)
                seq = [rng.choice(TAPE_ALPHABET) for _ in range(length)]
                at = rng.randrange(0, length - 6)
                seq[at:at + 6] = motifs[label]
                f.write(json.dumps({"primary": "".join(seq), "fold_label": label}) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--per-file", type=int, default=500, help="CIFAR records per batch file / TAPE train records")
    ap.add_argument("--classes", type=int, default=10, help="TAPE fold labels used (of 1195)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = Path(a.out)
    write_cifar(out / "cifar10", a.per_file, rng)
    write_tape(out / "tape", a.per_file, a.classes, rng)
    print(f"wrote {out / 'cifar10'} and {out / 'tape'}")


if __name__ == "__main__":
    main()
