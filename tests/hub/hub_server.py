#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A Hugging Face Hub stand-in for the tests: real HTTP on 127.0.0.1 serving
# /{repo}/resolve/{revision}/{file} (HEAD + GET) with the Hub's headers (X-Repo-Commit, ETag,
# X-Linked-Etag, X-Linked-Size, X-Error-Code), 302 redirects of LFS files to /lfs/{sha256} on
# another host name (localhost), Range requests, and faults: cut a connection mid-file, corrupt
# bytes, throttle, lie in headers. Every request is logged so tests can count them.
import hashlib
import http.server
import re
import socket
import threading
import time
import urllib.parse

LFS_SUFFIXES = (".safetensors", ".bin")


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class Repo:
    def __init__(self, files, revisions, gated):
        self.files = files          # name -> bytes
        self.revisions = revisions  # branch/tag -> commit
        self.gated = gated


class HubServer:
    def __init__(self):
        self.repos = {}
        self.blobs = {}           # sha256 -> bytes
        self.log = []             # dicts: method, path, range, auth
        self.token = "hf_test_token"
        self.cut_after = {}       # sha256 -> absolute byte offset where the connection is cut (once)
        self.corrupt = set()      # sha256s served with one byte flipped
        self.throttle = {}        # sha256 -> seconds to sleep per 4 KiB chunk
        self.extra_headers = {}   # (repo, file) -> {header: value} overriding the real ones
        self.lfs_redirect = {}    # sha256 -> Location the LFS GET answers 302 with (hostile CDN)
        self.lock = threading.Lock()
        handler = self._handler_class()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_repo(self, repo_id, files, gated=False, revisions=None):
        commit = hashlib.sha1(("commit:" + repo_id).encode()).hexdigest()
        self.repos[repo_id] = Repo(dict(files), revisions or {"main": commit}, gated)
        for name, data in files.items():
            if name.endswith(LFS_SUFFIXES):
                self.blobs[hashlib.sha256(data).hexdigest()] = data
        return commit

    def requests(self, method=None):
        with self.lock:
            return [r for r in self.log if method is None or r["method"] == method]

    def clear_log(self):
        with self.lock:
            self.log.clear()

    def _handler_class(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self._handle(head=True)

            def do_GET(self):
                self._handle(head=False)

            def _send(self, status, headers, body=b"", head=False):
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def _handle(self, head):
                with server.lock:
                    server.log.append({"method": self.command, "path": self.path,
                                       "range": self.headers.get("Range"),
                                       "auth": self.headers.get("Authorization"),
                                       "host": self.headers.get("Host")})
                path = urllib.parse.urlsplit(self.path).path
                if path.startswith("/lfs/"):
                    return self._serve_lfs(path[len("/lfs/"):], head)
                match = re.match(r"^/(.+?)/resolve/([^/]+)/(.+)$", path)
                if not match:
                    return self._send(404, {}, b"not found", head)
                repo_id, rev, name = (urllib.parse.unquote(g) for g in match.groups())
                self._resolve(repo_id, rev, name, head)

            def _resolve(self, repo_id, rev, name, head):
                repo = server.repos.get(repo_id)
                if repo is None:
                    return self._send(404, {"X-Error-Code": "RepoNotFound",
                                            "X-Error-Message": "Repository not found"}, b"", head)
                if repo.gated:
                    auth = self.headers.get("Authorization")
                    if auth != "Bearer " + server.token:
                        return self._send(401 if auth is None else 403, {"X-Error-Code": "GatedRepo"}, b"", head)
                commit = repo.revisions.get(rev, rev if rev in repo.revisions.values() else None)
                if commit is None:
                    return self._send(404, {"X-Error-Code": "RevisionNotFound"}, b"", head)
                if name not in repo.files:
                    return self._send(404, {"X-Error-Code": "EntryNotFound", "X-Repo-Commit": commit}, b"", head)
                data = repo.files[name]
                headers = {"X-Repo-Commit": commit, "ETag": '"%s"' % git_blob_sha1(data)}
                status, body = 200, data
                if name.endswith(LFS_SUFFIXES):
                    sha = hashlib.sha256(data).hexdigest()
                    headers.update({"X-Linked-Etag": '"%s"' % sha, "X-Linked-Size": str(len(data)),
                                    "Location": "http://localhost:%d/lfs/%s" % (server.port, sha)})
                    status, body = 302, b"Found. Redirecting"
                headers.update(server.extra_headers.get((repo_id, name), {}))
                self._send(status, headers, body, head)

            def _serve_lfs(self, sha, head):
                if sha in server.lfs_redirect:
                    return self._send(302, {"Location": server.lfs_redirect[sha]}, b"", head)
                data = server.blobs.get(sha)
                if data is None:
                    return self._send(404, {}, b"no such blob", head)
                if sha in server.corrupt:
                    data = bytearray(data)
                    data[len(data) // 2] ^= 0xFF
                    data = bytes(data)
                start = 0
                rng = self.headers.get("Range")
                if rng:
                    start = int(re.match(r"bytes=(\d+)-", rng).group(1))
                headers = {"Content-Length": str(len(data) - start), "Accept-Ranges": "bytes"}
                if rng:
                    headers["Content-Range"] = "bytes %d-%d/%d" % (start, len(data) - 1, len(data))
                self.send_response(206 if rng else 200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not head:
                    self._stream(sha, data, start)

            def _stream(self, sha, data, start):
                cut = server.cut_after.pop(sha, None)
                end = len(data) if cut is None else max(start, min(cut, len(data)))
                delay = server.throttle.get(sha, 0.0)
                pos = start
                try:
                    while pos < end:
                        chunk = data[pos:min(end, pos + 4096)]
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        pos += len(chunk)
                        if delay:
                            time.sleep(delay)
                except (BrokenPipeError, ConnectionResetError):
                    return
                if cut is not None:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

        return Handler


if __name__ == "__main__":
    import argparse
    import pathlib
    parser = argparse.ArgumentParser(description="Serve fixture folders as Hub repos (for manual tries)")
    parser.add_argument("repos", nargs="+", help="REPO_ID=FOLDER")
    parser.add_argument("--throttle", type=float, default=0.0, help="seconds of sleep per 4 KiB of LFS data")
    args = parser.parse_args()
    hub = HubServer()
    for spec in args.repos:
        repo_id, folder = spec.split("=", 1)
        hub.add_repo(repo_id, {p.name: p.read_bytes() for p in pathlib.Path(folder).iterdir() if p.is_file()})
    for sha in hub.blobs:
        hub.throttle[sha] = args.throttle
    print("HF_ENDPOINT=%s" % hub.endpoint, flush=True)
    hub.start()
    hub.thread.join()
