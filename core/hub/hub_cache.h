// SPDX-License-Identifier: MIT
// The Hugging Face Hub cache on disk, in huggingface_hub's layout so both tools share it:
// {root}/models--{org}--{name}/{blobs/{etag}, snapshots/{commit}/{file} -> ../../blobs/{etag},
// refs/{revision} holding the commit}. Resolving a Hub id here never touches the network.
#pragma once

#include "core/hub/hub_repo_id.h"

#include <string>
#include <vector>

namespace fpt::core {

/// A model found in the cache: its id (with revision) and complete snapshot folder.
struct CachedHubModel {
    std::string name;      // "gpt2", "org/name", or "org/name@rev" for a revision other than main
    std::string snapshot;  // absolute folder holding config.json and the weights
};

class HubCache {
public:
    /// $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, else
    /// $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
    static std::string defaultRoot();

    explicit HubCache(std::string root = defaultRoot());

    const std::string& root() const { return m_root; }
    std::string repoFolder(const HubRepoId& repo) const;
    std::string blobPath(const HubRepoId& repo, const std::string& etag) const;
    std::string snapshotFolder(const HubRepoId& repo, const std::string& commit) const;

    /// The commit the revision points to: the revision itself when it is a commit hash, else the
    /// content of refs/{revision}; "" when unknown. A malformed ref file throws HubError.
    std::string commitFor(const HubRepoId& repo) const;

    /// The snapshot folder when it holds config.json and all its safetensors weights, else "".
    std::string findSnapshot(const HubRepoId& repo) const;

    /// findSnapshot, or HubError saying it is not cached and which `fpt fetch` command to run.
    std::string resolve(const HubRepoId& repo) const;

    /// True when `folder` has config.json and model.safetensors, or an index with all its shards.
    static bool isCompleteSnapshot(const std::string& folder);

    /// Every complete cached model that has a ref (main or another revision).
    std::vector<CachedHubModel> list() const;

    /// Creates `folder` (and parents) or throws HubError naming it and how to pick another cache.
    static void makeFolder(const std::string& folder);

    /// Atomically writes refs/{revision} = commit (nothing to do for a commit-hash revision).
    void writeRef(const HubRepoId& repo, const std::string& commit) const;

    /// Atomically points snapshots/{commit}/{file} at ../../blobs/{etag} (a relative symlink).
    void linkSnapshotFile(const HubRepoId& repo, const std::string& commit, const std::string& file,
                          const std::string& etag) const;

private:
    std::string m_root;
};

}  // namespace fpt::core
