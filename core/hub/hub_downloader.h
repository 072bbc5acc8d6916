// SPDX-License-Identifier: MIT
// Downloads a GPT-2-style model (config.json + safetensors, single or sharded) from the Hugging
// Face Hub into the shared cache, the way huggingface_hub's file_download does: HEAD for the
// commit / etag / size, GET into blobs/{etag}.incomplete (resumed with a Range), sha256 check of
// LFS files, rename, then snapshot links and refs/{revision}.
#pragma once

#include "core/hub/hub_cache.h"
#include "core/hub/hub_repo_id.h"
#include "core/hub/hub_types.h"
#include "core/hub/http_client.h"

#include <string>
#include <vector>

namespace fpt::core {

class HubDownloader {
public:
    /// Reads HF_ENDPOINT (default https://huggingface.co), HF_TOKEN and HF_HUB_OFFLINE.
    explicit HubDownloader(HubCache cache = HubCache());

    /// True when HF_HUB_OFFLINE is 1/true/yes/on.
    static bool offlineFromEnvironment();

    const std::string& endpoint() const { return m_endpoint; }
    const HubCache& cache() const { return m_cache; }

    /// Fetches the model's files (or, offline, finds them in the cache). Throws HubError saying
    /// what failed and what to do; a partial download stays resumable unless it was refused.
    HubFetchResult fetch(const HubRepoId& repo, const HubProgressCallback& progress) const;

    /// The resolve URL of `file` at `revision`, with the revision and file percent-encoded.
    std::string resolveUrl(const HubRepoId& repo, const std::string& revision, const std::string& file) const;

private:
    struct Planned {
        std::string name;
        HubFileMetadata meta;
    };

    HubFetchResult fromCache(const HubRepoId& repo, bool offline) const;
    HttpResponse headFile(const HubRepoId& repo, const std::string& revision, const std::string& file) const;
    HubFileMetadata requireFile(const HubRepoId& repo, const std::string& revision, const std::string& file) const;
    HubFileMetadata checked(const HttpResponse& response, const HubRepoId& repo, const std::string& revision,
                            const std::string& file) const;
    std::vector<Planned> planWeights(const HubRepoId& repo, const std::string& commit,
                                     const HubProgressCallback& progress, HubFetchResult& result) const;
    void ensureBlob(const HubRepoId& repo, const Planned& file, const HubProgressCallback& progress,
                    HubFetchResult& result) const;
    [[noreturn]] void throwTransferError(const HubRepoId& repo, const Planned& file, const TransferResult& r,
                                         const std::string& partial) const;

    HubCache m_cache;
    std::string m_endpoint;
    std::string m_token;
    bool m_offline = false;
    HttpClient m_http;
};

}  // namespace fpt::core
