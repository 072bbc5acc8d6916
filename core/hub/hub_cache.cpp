// SPDX-License-Identifier: MIT
// Reading and writing the shared Hub cache (layout: huggingface_hub's "Hub Local Cache" page).
#include "core/hub/hub_cache.h"

#include "core/formats/atomic_file_writer.h"
#include "core/formats/shard_index.h"
#include "core/hub/hub_error.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string readSmallFile(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.pop_back();
    }
    return text;
}

// "models--org--name" -> "org/name" (ids never contain "--", so the first "--" is the slash).
std::string idFromFolder(const std::string& folder) {
    std::string rest = folder.substr(std::string("models--").size());
    if (const auto dashes = rest.find("--"); dashes != std::string::npos) {
        rest.replace(dashes, 2, "/");
    }
    return rest;
}

}  // namespace

std::string HubCache::defaultRoot() {
    for (const char* name : {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"}) {
        if (auto value = env(name); !value.empty()) {
            return value;
        }
    }
    if (auto home = env("HF_HOME"); !home.empty()) {
        return (fs::path(home) / "hub").string();
    }
    if (auto xdg = env("XDG_CACHE_HOME"); !xdg.empty()) {
        return (fs::path(xdg) / "huggingface" / "hub").string();
    }
    return (fs::path(env("HOME")) / ".cache" / "huggingface" / "hub").string();
}

HubCache::HubCache(std::string root)
    : m_root(std::move(root)) {}

std::string HubCache::repoFolder(const HubRepoId& repo) const {
    return (fs::path(m_root) / repo.folderName()).string();
}

std::string HubCache::blobPath(const HubRepoId& repo, const std::string& etag) const {
    return (fs::path(repoFolder(repo)) / "blobs" / etag).string();
}

std::string HubCache::snapshotFolder(const HubRepoId& repo, const std::string& commit) const {
    return (fs::path(repoFolder(repo)) / "snapshots" / commit).string();
}

std::string HubCache::commitFor(const HubRepoId& repo) const {
    if (HubRepoId::isCommitHash(repo.revision())) {
        return repo.revision();
    }
    const auto ref = fs::path(repoFolder(repo)) / "refs" / repo.revision();
    std::error_code ec;
    if (!fs::is_regular_file(ref, ec)) {
        return "";
    }
    const auto commit = trimmed(readSmallFile(ref));
    if (!HubRepoId::isCommitHash(commit)) {
        throw HubError("Hub cache ref '" + ref.string() + "' should hold a 40-hex commit hash, got '" +
                       commit.substr(0, 64) + "'; delete it and run `" + repo.fetchCommand() + "`");
    }
    return commit;
}

bool HubCache::isCompleteSnapshot(const std::string& folder) {
    const fs::path dir(folder);
    std::error_code ec;
    if (!fs::is_regular_file(dir / "config.json", ec)) {
        return false;
    }
    if (fs::is_regular_file(dir / "model.safetensors", ec)) {
        return true;
    }
    const auto index = dir / "model.safetensors.index.json";
    if (!fs::is_regular_file(index, ec)) {
        return false;
    }
    try {
        for (const auto& shard : parseShardIndex(readSmallFile(index), index.string())) {
            if (!fs::is_regular_file(dir / shard, ec)) {
                return false;
            }
        }
    } catch (const Error&) {
        return false;
    }
    return true;
}

std::string HubCache::findSnapshot(const HubRepoId& repo) const {
    const auto commit = commitFor(repo);
    if (commit.empty()) {
        return "";
    }
    const auto folder = snapshotFolder(repo, commit);
    return isCompleteSnapshot(folder) ? fs::absolute(folder).string() : "";
}

std::string HubCache::resolve(const HubRepoId& repo) const {
    if (auto folder = findSnapshot(repo); !folder.empty()) {
        return folder;
    }
    throw HubError("Hub model '" + repo.display() + "' is not in the Hugging Face cache '" + m_root +
                   "'; download it with: " + repo.fetchCommand());
}

std::vector<CachedHubModel> HubCache::list() const {
    std::vector<CachedHubModel> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_root, ec)) {
        const auto folder = entry.path().filename().string();
        if (folder.rfind("models--", 0) != 0 || !entry.is_directory(ec)) {
            continue;
        }
        const auto refs = entry.path() / "refs";
        std::error_code walk;
        for (auto it = fs::recursive_directory_iterator(refs, walk);
             !walk && it != fs::recursive_directory_iterator(); it.increment(walk)) {
            if (!it->is_regular_file(ec)) {
                continue;
            }
            const auto revision = it->path().lexically_relative(refs).generic_string();
            try {
                const auto repo = HubRepoId::parse(idFromFolder(folder), revision);
                if (auto snapshot = findSnapshot(repo); !snapshot.empty()) {
                    out.push_back({repo.display(), snapshot});
                }
            } catch (const Error&) {
                continue;  // not ours to judge: a folder or ref we cannot read is skipped
            }
        }
    }
    return out;
}

void HubCache::makeFolder(const std::string& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || ::access(folder.c_str(), W_OK) != 0) {
        throw HubError("cannot write the Hugging Face cache folder '" + folder + "' (" +
                       (ec ? ec.message() : std::string("not writable")) +
                       "); set HF_HUB_CACHE or HF_HOME to a writable folder");
    }
}

void HubCache::writeRef(const HubRepoId& repo, const std::string& commit) const {
    if (HubRepoId::isCommitHash(repo.revision())) {
        return;
    }
    const auto ref = fs::path(repoFolder(repo)) / "refs" / repo.revision();
    makeFolder(ref.parent_path().string());
    AtomicFileWriter::writeText(ref.string(), commit);
}

void HubCache::linkSnapshotFile(const HubRepoId& repo, const std::string& commit,
                                const std::string& file, const std::string& etag) const {
    const auto link = fs::path(snapshotFolder(repo, commit)) / file;
    makeFolder(link.parent_path().string());
    // From snapshots/{commit}/{dirs...}/file back up to the repo folder, then into blobs/.
    fs::path target;
    for (auto depth = fs::path(file).lexically_normal().parent_path(); !depth.empty();
         depth = depth.parent_path()) {
        target /= "..";
    }
    target = target / ".." / ".." / "blobs" / etag;
    const auto tmp = link.string() + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_symlink(target, tmp, ec);
    if (!ec) {
        fs::rename(tmp, link, ec);
    }
    if (ec) {
        const auto why = ec.message();
        fs::remove(tmp, ec);
        throw HubError("cannot create the snapshot link '" + link.string() + "' -> '" +
                       target.string() + "': " + why);
    }
}

}  // namespace fpt::core
