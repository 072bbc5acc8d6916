// SPDX-License-Identifier: MIT
// Small value types of the Hugging Face Hub client: progress reports, file metadata from the
// server, and the result of a fetch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fpt::core {

/// One progress report during a download (called at most every ~100 ms and once at the end).
struct HubProgress {
    std::string file;             // path inside the repo, e.g. "model.safetensors"
    std::int64_t file_done = 0;   // bytes of this file on disk (resumed bytes included)
    std::int64_t file_total = 0;  // announced size of this file
    std::int64_t resumed = 0;     // bytes that were already on disk when this file started
    double seconds = 0.0;         // since this file's transfer started
};

/// Returns false to cancel the download (Ctrl-C, the dialog's Cancel): the partial file stays.
using HubProgressCallback = std::function<bool(const HubProgress&)>;

/// What the server said about one file (HEAD on .../resolve/{revision}/{file}), validated.
struct HubFileMetadata {
    std::string commit;    // X-Repo-Commit: 40 lowercase hex digits
    std::string etag;      // X-Linked-Etag, else ETag, without quotes and W/: the blob's name
    std::int64_t size = 0; // X-Linked-Size, else Content-Length
    std::string location;  // where to GET the bytes (the redirect target, else the resolve URL)
    bool is_lfs = false;   // the etag is a sha256 (64 hex): the bytes are checked against it
};

/// One file of a fetched snapshot.
struct HubFetchedFile {
    std::string name;              // path inside the repo
    std::int64_t size = 0;
    bool downloaded = false;       // false: the blob was already in the cache
    bool verified_sha256 = false;  // true: the bytes matched the sha256 etag
};

/// The result of HubDownloader::fetch.
struct HubFetchResult {
    std::string repo_id;
    std::string revision;
    std::string commit;
    std::string snapshot;   // absolute snapshot folder (usable as model.backbone)
    std::string model_type; // config.json's "model_type" ("" when absent)
    std::vector<HubFetchedFile> files;
    std::int64_t bytes_downloaded = 0;
    bool offline = false;   // HF_HUB_OFFLINE: resolved from the cache without any request
};

}  // namespace fpt::core
