#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Issue 14 / issue 19 item 7: `fpt fetch` against a real HTTP server on 127.0.0.1 (tests/hub/
# hub_server.py) serving the gpt2-tiny fixture: fresh download in huggingface_hub's cache layout,
# resume after a cut, Ctrl-C, checksum mismatch, offline mode, a hand-made cache found with no
# request, sharded weights, hostile server answers, the clear errors, and `fpt forward` / model.backbone
# on a Hub id matching the golden output. Never touches the internet.
# Usage: test_hub_fetch.py FPT_BINARY SOURCE_DIR
import hashlib
import json
import os
import pathlib
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unittest

FPT = os.path.abspath(sys.argv[1])
SRC = pathlib.Path(sys.argv[2]).resolve()
sys.path.insert(0, str(SRC / "tests" / "hub"))
from hub_server import HubServer, git_blob_sha1  # noqa: E402

FIXTURE = SRC / "tests" / "fixtures" / "gpt2-tiny"
CONFIG = (FIXTURE / "config.json").read_bytes()
WEIGHTS = (FIXTURE / "model.safetensors").read_bytes()
WEIGHTS_SHA = hashlib.sha256(WEIGHTS).hexdigest()


def split_safetensors(data):
    """The fixture's tensors in two safetensors shards + the HF index naming them."""
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    names = sorted(k for k in header if k != "__metadata__")
    shards, weight_map = {}, {}
    for i, part in enumerate((names[: len(names) // 2], names[len(names) // 2:])):
        fname = "model-%05d-of-00002.safetensors" % (i + 1)
        new_header, chunks, offset = {}, [], 0
        for name in part:
            begin, end = header[name]["data_offsets"]
            new_header[name] = dict(header[name], data_offsets=[offset, offset + end - begin])
            chunks.append(body[begin:end])
            offset += end - begin
            weight_map[name] = fname
        text = json.dumps(new_header).encode()
        text += b" " * ((8 - len(text) % 8) % 8)
        shards[fname] = struct.pack("<Q", len(text)) + text + b"".join(chunks)
    index = {"metadata": {"total_size": sum(len(s) for s in shards.values())}, "weight_map": weight_map}
    return shards, json.dumps(index).encode()


class HubFetchTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fpt-hub-"))
        self.cache = self.tmp / "hf" / "hub"
        self.hub = HubServer().start()
        self.commit = self.hub.add_repo("gpt2", {"config.json": CONFIG, "model.safetensors": WEIGHTS})

    def tearDown(self):
        self.hub.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING"))}
        env.update({"HF_HOME": str(self.tmp / "hf"), "HF_ENDPOINT": self.hub.endpoint,
                    "FPT_BACKBONES": str(self.tmp / "no-backbones"), "HOME": str(self.tmp / "home"),
                    "no_proxy": "*", "NO_PROXY": "*"})
        env.update(extra)
        return env

    def fpt(self, *args, env=None, preexec=None, timeout=120):
        return subprocess.run([FPT, *args], env=env or self.env(), capture_output=True, text=True,
                              timeout=timeout, preexec_fn=preexec)

    def fetch(self, repo="gpt2", *extra, ok=True, **kw):
        r = self.fpt("fetch", repo, *extra, **kw)
        if ok:
            self.assertEqual(r.returncode, 0, r.stderr)
            return json.loads(r.stdout.strip().splitlines()[-1])
        self.assertEqual(r.returncode, 1, "expected a failure; stdout=%s stderr=%s" % (r.stdout, r.stderr))
        return r.stderr

    def repo_dir(self, folder="models--gpt2"):
        return self.cache / folder

    def incomplete_files(self):
        return list(self.cache.rglob("*.incomplete"))

    def forward_diff(self, model, **env):
        out = self.tmp / "forward.safetensors"
        r = self.fpt("forward", "--model", model, "--inputs", str(FIXTURE / "inputs.safetensors"),
                     "--out", str(out), "--expected", str(FIXTURE / "expected.safetensors"), env=self.env(**env))
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["max_abs_diff"]

    # --- the happy paths -------------------------------------------------------------------------

    def test_fresh_download_in_hf_layout(self):
        summary = self.fetch()
        repo = self.repo_dir()
        self.assertEqual(summary["commit"], self.commit)
        self.assertEqual((repo / "refs" / "main").read_text(), self.commit)
        snap = repo / "snapshots" / self.commit
        self.assertEqual(os.readlink(snap / "model.safetensors"), "../../blobs/" + WEIGHTS_SHA)
        self.assertEqual(os.readlink(snap / "config.json"), "../../blobs/" + git_blob_sha1(CONFIG))
        self.assertEqual((repo / "blobs" / WEIGHTS_SHA).read_bytes(), WEIGHTS)
        self.assertEqual(pathlib.Path(summary["snapshot"]).resolve(), snap.resolve())
        weights = [f for f in summary["files"] if f["name"] == "model.safetensors"][0]
        self.assertTrue(weights["downloaded"] and weights["sha256_verified"])
        self.assertEqual(summary["bytes_downloaded"], len(WEIGHTS) + len(CONFIG))
        self.assertEqual(self.incomplete_files(), [])
        # The LFS bytes came from the redirect target, and no token went anywhere (none was set).
        gets = self.hub.requests("GET")
        self.assertTrue(any(g["path"] == "/lfs/" + WEIGHTS_SHA for g in gets), gets)
        # Fetching again asks (HEAD) but downloads nothing.
        self.hub.clear_log()
        again = self.fetch()
        self.assertEqual(again["bytes_downloaded"], 0)
        self.assertEqual(self.hub.requests("GET"), [])

    def test_forward_on_hub_id_matches_golden_without_requests(self):
        self.fetch()
        self.hub.clear_log()
        self.assertLessEqual(self.forward_diff("gpt2"), 1e-4)
        self.assertLessEqual(self.forward_diff("gpt2@main"), 1e-4)
        self.assertEqual(self.hub.requests(), [], "resolving a cached Hub id made requests")
        r = self.fpt("params", str(SRC / "presets" / "bit_xor_fpt.json"), "--set", "model.backbone=gpt2")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_prefilled_cache_found_without_any_request(self):
        # Written by hand in huggingface_hub's layout, for a repo the server does not even have.
        commit = "0123456789abcdef0123456789abcdef01234567"
        repo = self.cache / "models--acme--handmade"
        (repo / "blobs").mkdir(parents=True)
        (repo / "refs").mkdir()
        snap = repo / "snapshots" / commit
        snap.mkdir(parents=True)
        (repo / "blobs" / WEIGHTS_SHA).write_bytes(WEIGHTS)
        (repo / "blobs" / git_blob_sha1(CONFIG)).write_bytes(CONFIG)
        os.symlink("../../blobs/" + WEIGHTS_SHA, snap / "model.safetensors")
        os.symlink("../../blobs/" + git_blob_sha1(CONFIG), snap / "config.json")
        (repo / "refs" / "main").write_text(commit)
        self.assertLessEqual(self.forward_diff("acme/handmade"), 1e-4)
        self.assertLessEqual(self.forward_diff("acme/handmade@" + commit), 1e-4)
        offline = self.fetch("acme/handmade", env=self.env(HF_HUB_OFFLINE="1"))
        self.assertTrue(offline["offline"])
        self.assertEqual(offline["commit"], commit)
        # A commit-hash revision that is cached needs no request even online.
        self.fetch("acme/handmade", "--revision", commit)
        self.assertEqual(self.hub.requests(), [])

    def test_sharded_weights(self):
        shards, index = split_safetensors(WEIGHTS)
        self.hub.add_repo("acme/sharded", {"config.json": CONFIG, "model.safetensors.index.json": index, **shards})
        summary = self.fetch("acme/sharded")
        names = sorted(f["name"] for f in summary["files"])
        self.assertEqual(names, sorted(["config.json", "model.safetensors.index.json", *shards]))
        for f in summary["files"]:
            self.assertEqual(f["sha256_verified"], f["name"].endswith(".safetensors"), f)
        self.hub.clear_log()
        self.assertLessEqual(self.forward_diff("acme/sharded"), 1e-4)
        self.assertEqual(self.hub.requests(), [])

    def test_cached_gpt2_is_listed_as_backbone(self):
        # The registry lists it: a preset naming it resolves, a non-GPT-2 cached model does not.
        self.fetch()
        self.hub.add_repo("acme/bert", {"config.json": b'{"model_type": "bert"}', "model.safetensors": WEIGHTS})
        self.fetch("acme/bert")
        r = self.fpt("params", str(SRC / "presets" / "bit_xor_fpt.json"), "--set", "model.backbone=nope-x")
        self.assertEqual(r.returncode, 1)
        self.assertIn("gpt2", r.stderr.split("available:")[1])
        self.assertNotIn("acme/bert", r.stderr)

    # --- interrupted and broken downloads ---------------------------------------------------------

    def test_resume_after_cut(self):
        cut = len(WEIGHTS) // 3
        self.hub.cut_after[WEIGHTS_SHA] = cut
        err = self.fetch(ok=False)
        self.assertIn("again to resume", err)
        partial = self.repo_dir() / "blobs" / (WEIGHTS_SHA + ".incomplete")
        self.assertEqual(partial.stat().st_size, cut)
        self.assertFalse((self.repo_dir() / "refs" / "main").exists())
        self.hub.clear_log()
        summary = self.fetch()
        ranges = [g["range"] for g in self.hub.requests("GET") if g["path"].startswith("/lfs/")]
        self.assertEqual(ranges, ["bytes=%d-" % cut])
        self.assertEqual(summary["bytes_downloaded"], len(WEIGHTS) - cut)
        blob = self.repo_dir() / "blobs" / WEIGHTS_SHA
        self.assertEqual(hashlib.sha256(blob.read_bytes()).hexdigest(), WEIGHTS_SHA)
        self.assertEqual(self.incomplete_files(), [])

    def test_ctrl_c_keeps_a_resumable_file(self):
        self.hub.throttle[WEIGHTS_SHA] = 0.05  # ~80 kB/s: the fixture takes a few seconds
        proc = subprocess.Popen([FPT, "fetch", "gpt2"], env=self.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        partial = self.repo_dir() / "blobs" / (WEIGHTS_SHA + ".incomplete")
        # Wait on progress, not a fixed time: under load (a build beside the suite) LibTorch's
        # start-up alone can take tens of seconds; a SIGINT before the download has begun, or
        # after it has ended, tests nothing and used to fail this test as a flake.
        deadline = time.time() + 180
        while time.time() < deadline and proc.poll() is None and (
                not partial.exists() or partial.stat().st_size < 8192):
            time.sleep(0.05)
        if proc.poll() is not None:
            self.fail("fpt fetch ended before the download could be interrupted: " + proc.communicate()[1])
        self.assertTrue(partial.exists() and partial.stat().st_size >= 8192,
                        "the download did not reach 8 kB within 180 s")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, err)
        self.assertIn("stopped after", err)
        kept = partial.stat().st_size
        self.assertGreater(kept, 0)
        self.hub.throttle.clear()
        self.hub.clear_log()
        self.fetch()
        ranges = [g["range"] for g in self.hub.requests("GET") if g["path"].startswith("/lfs/")]
        self.assertEqual(ranges, ["bytes=%d-" % kept])

    def test_two_fetches_at_once_download_once(self):
        # The huggingface_hub lock file (.locks/models--gpt2/{etag}.lock) serialises the two.
        self.hub.throttle[WEIGHTS_SHA] = 0.01
        procs = [subprocess.Popen([FPT, "fetch", "gpt2"], env=self.env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            self.assertEqual(proc.returncode, 0, err)
        lfs = [g for g in self.hub.requests("GET") if g["path"].startswith("/lfs/")]
        self.assertEqual(len(lfs), 1, lfs)
        self.assertTrue((self.cache / ".locks" / "models--gpt2" / (WEIGHTS_SHA + ".lock")).exists())
        self.assertEqual((self.repo_dir() / "blobs" / WEIGHTS_SHA).read_bytes(), WEIGHTS)

    def test_checksum_mismatch_deletes_the_blob(self):
        self.hub.corrupt.add(WEIGHTS_SHA)
        err = self.fetch(ok=False)
        self.assertIn("checksum mismatch", err)
        self.assertIn("deleted", err)
        self.assertFalse((self.repo_dir() / "blobs" / WEIGHTS_SHA).exists())
        self.assertEqual(self.incomplete_files(), [])
        self.assertFalse((self.repo_dir() / "snapshots" / self.commit / "model.safetensors").exists())
        self.assertFalse((self.repo_dir() / "refs" / "main").exists())

    def test_disk_full_keeps_partial_and_resumes(self):
        limit = 64 * 1024  # RLIMIT_FSIZE: writes past it fail (EFBIG), as a full disk fails them
        err = self.fetch(ok=False, preexec=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
        self.assertIn("cannot write", err)
        self.assertIn(WEIGHTS_SHA + ".incomplete", err)
        self.assertIn("resume", err)
        self.fetch()
        self.assertEqual((self.repo_dir() / "blobs" / WEIGHTS_SHA).read_bytes(), WEIGHTS)

    # --- offline -----------------------------------------------------------------------------------

    def test_offline_mode(self):
        err = self.fetch(ok=False, env=self.env(HF_HUB_OFFLINE="1"))
        self.assertIn("HF_HUB_OFFLINE", err)
        self.assertIn("fpt fetch gpt2", err)
        self.assertEqual(self.hub.requests(), [])
        r = self.fpt("params", str(SRC / "presets" / "bit_xor_fpt.json"), "--set", "model.backbone=gpt2")
        self.assertEqual(r.returncode, 1)
        self.assertIn("fpt fetch gpt2", r.stderr)
        self.fetch()
        self.hub.clear_log()
        summary = self.fetch(env=self.env(HF_HUB_OFFLINE="1"))
        self.assertTrue(summary["offline"])
        self.assertEqual(self.hub.requests(), [])

    # --- clear errors ------------------------------------------------------------------------------

    def test_unknown_repo_revision_and_pickles(self):
        self.assertIn("not found", self.fetch("acme/missing", ok=False))
        self.assertIn("revision 'nope' does not exist", self.fetch("gpt2", "--revision", "nope", ok=False))
        self.hub.add_repo("acme/pickled", {"config.json": CONFIG, "pytorch_model.bin": b"\x80\x02pickle"})
        err = self.fetch("acme/pickled", ok=False)
        self.assertIn("pickled", err)
        self.assertIn("never loads", err)
        self.assertIn("Hub model id", self.fetch("../etc", ok=False))

    def test_gated_repo_and_token(self):
        self.hub.add_repo("acme/gated", {"config.json": CONFIG, "model.safetensors": WEIGHTS}, gated=True)
        err = self.fetch("acme/gated", ok=False)
        self.assertIn("gated", err)
        self.assertIn("HF_TOKEN", err)
        self.hub.clear_log()
        self.fetch("acme/gated", env=self.env(HF_TOKEN=self.hub.token))
        for r in self.hub.requests():
            if "/resolve/" in r["path"]:
                self.assertEqual(r["auth"], "Bearer " + self.hub.token)
            else:  # the LFS redirect goes to another host: the token must not follow
                self.assertIsNone(r["auth"], r)

    def test_no_network_and_unwritable_cache(self):
        closed = HubServer()
        port = closed.port
        closed.httpd.server_close()
        err = self.fetch(ok=False, env=self.env(HF_ENDPOINT="http://127.0.0.1:%d" % port))
        self.assertIn("could not connect", err)
        self.assertIn("HF_HUB_OFFLINE=1", err)
        blocker = self.tmp / "a-file"
        blocker.write_text("not a folder")
        err = self.fetch(ok=False, env=self.env(HF_HUB_CACHE=str(blocker / "hub")))
        self.assertIn("cannot write the Hugging Face cache folder '%s" % blocker, err)

    # --- hostile answers ---------------------------------------------------------------------------

    def assert_nothing_outside_cache(self, name):
        hits = [p for p in self.tmp.rglob(name)]
        self.assertEqual(hits, [], "a file named %s was written" % name)

    def test_hostile_index_names(self):
        for bad in ("../../../../evil.safetensors", "/tmp/evil.safetensors", "sub/../../evil.safetensors"):
            index = json.dumps({"weight_map": {"h.0.attn.c_attn.weight": bad}}).encode()
            self.hub.add_repo("acme/hostile", {"config.json": CONFIG, "model.safetensors.index.json": index,
                                               "evil.safetensors": WEIGHTS})
            err = self.fetch("acme/hostile", ok=False)
            self.assertIn("refused the sharded index", err)
            self.assert_nothing_outside_cache("evil.safetensors")
            self.assertFalse((self.repo_dir("models--acme--hostile") / "refs" / "main").exists())

    def test_hostile_headers(self):
        cases = [
            ({"X-Linked-Etag": '"../../../escape"'}, "refused the server's ETag"),
            ({"X-Repo-Commit": "main; rm -rf /"}, "refused the server's X-Repo-Commit"),
            ({"Location": "file:///etc/passwd"}, "only http and https"),
            ({"X-Linked-Size": "12abc"}, "refused the server's X-Linked-Size"),
            ({"X-Linked-Size": str(len(WEIGHTS) - 100)}, "more than the"),
        ]
        for headers, fragment in cases:
            self.hub.extra_headers[("gpt2", "model.safetensors")] = headers
            err = self.fetch(ok=False)
            self.assertIn(fragment, err, headers)
            self.assertFalse((self.repo_dir() / "refs" / "main").exists())
            self.assertEqual(self.incomplete_files(), [], headers)
        self.assert_nothing_outside_cache("escape")


    def test_hostile_download_redirects_and_short_body(self):
        # Issue 19: the CDN's own answer is hostile too. A GET redirected to another scheme is
        # refused (libcurl is limited to http/https on redirects); a body shorter than the size
        # the HEAD announced is not taken for the file. Neither leaves a ref, a snapshot link or
        # a file outside the cache.
        for location in ("file:///etc/passwd", "ftp://127.0.0.1/evil", "gopher://127.0.0.1/x"):
            self.hub.lfs_redirect[WEIGHTS_SHA] = location
            err = self.fetch(ok=False)
            self.assertIn("model.safetensors", err, location)
            self.assertIn("refused", err, location)
            self.assertFalse((self.repo_dir() / "blobs" / WEIGHTS_SHA).exists(), location)
            self.assertFalse((self.repo_dir() / "refs" / "main").exists(), location)
            self.assertFalse((self.repo_dir() / "snapshots" / self.commit / "model.safetensors").exists())
        self.hub.lfs_redirect.clear()
        self.hub.extra_headers[("gpt2", "model.safetensors")] = {"X-Linked-Size": str(len(WEIGHTS) + 1000)}
        err = self.fetch(ok=False)
        self.assertIn("%d of %d bytes" % (len(WEIGHTS), len(WEIGHTS) + 1000), err)
        self.assertFalse((self.repo_dir() / "blobs" / WEIGHTS_SHA).exists())
        self.assertFalse((self.repo_dir() / "refs" / "main").exists())
        self.assert_nothing_outside_cache("passwd")
        self.assert_nothing_outside_cache("evil")
        # The honest server again: the same cache then fetches cleanly.
        self.hub.extra_headers.clear()
        self.fetch()
        self.assertEqual((self.repo_dir() / "blobs" / WEIGHTS_SHA).read_bytes(), WEIGHTS)

if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
