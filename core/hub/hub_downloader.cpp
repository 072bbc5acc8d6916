// SPDX-License-Identifier: MIT
// The fetch of one model: plan (HEADs), blobs (GET, resume, sha256, rename), snapshot links, ref.
#include "core/hub/hub_downloader.h"

#include "core/formats/shard_index.h"
#include "core/hub/hub_error.h"
#include "core/hub/hub_file_lock.h"
#include "core/hub/hub_response_parser.h"
#include "core/hub/sha256_hasher.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultEndpoint = "https://huggingface.co";

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string percentEncode(const std::string& text, bool keepSlash) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    return out;
}

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string modelType(const std::string& snapshot) {
    const auto config = nlohmann::json::parse(readText((fs::path(snapshot) / "config.json").string()), nullptr, false);
    if (config.is_object() && config.contains("model_type") && config["model_type"].is_string()) {
        return config["model_type"].get<std::string>();
    }
    return "";
}

std::int64_t sizeOrZero(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

}  // namespace

bool HubDownloader::offlineFromEnvironment() {
    auto value = env("HF_HUB_OFFLINE");
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    return value == "1" || value == "true" || value == "yes" || value == "on";
}

HubDownloader::HubDownloader(HubCache cache)
    : m_cache(std::move(cache)),
      m_endpoint(env("HF_ENDPOINT").empty() ? kDefaultEndpoint : env("HF_ENDPOINT")),
      m_token(env("HF_TOKEN").empty() ? env("HUGGING_FACE_HUB_TOKEN") : env("HF_TOKEN")),
      m_offline(offlineFromEnvironment()),
      m_http(m_token) {
    while (!m_endpoint.empty() && m_endpoint.back() == '/') {
        m_endpoint.pop_back();
    }
    if (!HttpClient::isHttpUrl(m_endpoint)) {
        throw HubError("HF_ENDPOINT '" + HubResponseParser::printable(m_endpoint) + "' must be an http(s) URL");
    }
}

std::string HubDownloader::resolveUrl(const HubRepoId& repo, const std::string& revision,
                                      const std::string& file) const {
    return m_endpoint + "/" + repo.id() + "/resolve/" + percentEncode(revision, false) + "/" +
           percentEncode(file, true);
}

HubFetchResult HubDownloader::fetch(const HubRepoId& repo, const HubProgressCallback& progress) const {
    if (m_offline) {
        return fromCache(repo, true);
    }
    if (HubRepoId::isCommitHash(repo.revision()) && !m_cache.findSnapshot(repo).empty()) {
        return fromCache(repo, false);  // a commit never changes: nothing to ask
    }
    HubCache::makeFolder(m_cache.root());
    HubFetchResult result;
    result.repo_id = repo.id();
    result.revision = repo.revision();
    std::vector<Planned> files{{"config.json", requireFile(repo, repo.revision(), "config.json")}};
    result.commit = files[0].meta.commit;
    ensureBlob(repo, files[0], progress, result);
    for (auto& weights : planWeights(repo, result.commit, progress, result)) {
        files.push_back(std::move(weights));
    }
    for (const auto& file : files) {
        const bool done = std::any_of(result.files.begin(), result.files.end(),
                                      [&](const HubFetchedFile& f) { return f.name == file.name; });
        if (!done) {
            ensureBlob(repo, file, progress, result);
        }
    }
    for (const auto& file : files) {
        m_cache.linkSnapshotFile(repo, result.commit, file.name, file.meta.etag);
    }
    m_cache.writeRef(repo, result.commit);
    result.snapshot = fs::absolute(m_cache.snapshotFolder(repo, result.commit)).string();
    result.model_type = modelType(result.snapshot);
    return result;
}

HubFetchResult HubDownloader::fromCache(const HubRepoId& repo, bool offline) const {
    const auto snapshot = m_cache.findSnapshot(repo);
    if (snapshot.empty()) {
        throw HubError("HF_HUB_OFFLINE is set, so no request is made, and Hub model '" + repo.display() +
                       "' is not complete in the Hugging Face cache '" + m_cache.root() +
                       "'; unset HF_HUB_OFFLINE and run `" + repo.fetchCommand() + "`");
    }
    HubFetchResult result;
    result.repo_id = repo.id();
    result.revision = repo.revision();
    result.commit = m_cache.commitFor(repo);
    result.snapshot = snapshot;
    result.model_type = modelType(snapshot);
    result.offline = offline;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(snapshot, ec)) {
        if (entry.is_regular_file(ec)) {
            result.files.push_back({entry.path().filename().string(), sizeOrZero(entry.path().string()), false, false});
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const HubFetchedFile& a, const HubFetchedFile& b) { return a.name < b.name; });
    return result;
}

HttpResponse HubDownloader::headFile(const HubRepoId& repo, const std::string& revision,
                                     const std::string& file) const {
    return m_http.head(resolveUrl(repo, revision, file), true);
}

HubFileMetadata HubDownloader::requireFile(const HubRepoId& repo, const std::string& revision,
                                           const std::string& file) const {
    return checked(headFile(repo, revision, file), repo, revision, file);
}

HubFileMetadata HubDownloader::checked(const HttpResponse& response, const HubRepoId& repo,
                                       const std::string& revision, const std::string& file) const {
    if (response.status < 200 || response.status >= 400) {
        throw HubError(HubResponseParser::failure(response, repo, file, !m_token.empty()));
    }
    auto meta = HubResponseParser::metadata(response);
    if (HubRepoId::isCommitHash(revision) && meta.commit != revision) {
        throw HubError(response.url + ": refused the answer: asked for commit " + revision +
                       ", the server's X-Repo-Commit says " + meta.commit);
    }
    return meta;
}

std::vector<HubDownloader::Planned> HubDownloader::planWeights(const HubRepoId& repo, const std::string& commit,
                                                               const HubProgressCallback& progress,
                                                               HubFetchResult& result) const {
    const auto single = headFile(repo, commit, "model.safetensors");
    if (!HubResponseParser::isMissingFile(single)) {
        return {{"model.safetensors", checked(single, repo, commit, "model.safetensors")}};
    }
    const std::string indexName = "model.safetensors.index.json";
    const auto index = headFile(repo, commit, indexName);
    if (HubResponseParser::isMissingFile(index)) {
        const bool pickle = !HubResponseParser::isMissingFile(headFile(repo, commit, "pytorch_model.bin"));
        throw HubError(
            "Hub repository '" + repo.id() + "' has no model.safetensors or " + indexName + " at commit " + commit +
            (pickle ? ": it has only pickled weights (pytorch_model.bin), which fpt never loads because unpickling "
                      "can run code. Use a repo that publishes safetensors, or convert once with Python: "
                      "`transformers` from_pretrained(...).save_pretrained(OUT, safe_serialization=True)"
                    : ": not a safetensors model fpt can use"));
    }
    std::vector<Planned> out{{indexName, checked(index, repo, commit, indexName)}};
    ensureBlob(repo, out[0], progress, result);
    std::vector<std::string> shards;
    try {
        shards = parseShardIndex(readText(m_cache.blobPath(repo, out[0].meta.etag)), resolveUrl(repo, commit, indexName));
    } catch (const Error& e) {
        throw HubError(std::string("refused the sharded index of Hub repository '") + repo.id() + "': " + e.what());
    }
    for (const auto& shard : shards) {
        out.push_back({shard, requireFile(repo, commit, shard)});
    }
    return out;
}

void HubDownloader::ensureBlob(const HubRepoId& repo, const Planned& file, const HubProgressCallback& progress,
                               HubFetchResult& result) const {
    HubFetchedFile fetched{file.name, file.meta.size, false, false};
    const auto blob = m_cache.blobPath(repo, file.meta.etag);
    std::error_code ec;
    if (fs::is_regular_file(blob, ec)) {
        if (sizeOrZero(blob) == file.meta.size) {
            result.files.push_back(fetched);
            return;
        }
        fs::remove(blob, ec);  // not the bytes the server describes: fetch them again
    }
    HubCache::makeFolder(fs::path(blob).parent_path().string());
    const auto partial = blob + ".incomplete";
    const auto lockPath = fs::path(m_cache.root()) / ".locks" / repo.folderName() / (file.meta.etag + ".lock");
    const HubFileLock lock(lockPath.string(), [&] {
        return !progress || progress(HubProgress{file.name, sizeOrZero(partial), file.meta.size, 0, 0.0});
    });
    if (sizeOrZero(blob) == file.meta.size && fs::is_regular_file(blob, ec)) {
        result.files.push_back(fetched);  // the process we waited for has just finished it
        return;
    }
    const auto resumed = std::min(sizeOrZero(partial), file.meta.size);
    const bool sendToken = file.meta.location.rfind(m_endpoint + "/", 0) == 0;
    const auto transfer = m_http.download(file.meta.location, partial, file.meta.size, sendToken, file.name, progress);
    if (transfer.end != TransferEnd::Complete) {
        throwTransferError(repo, file, transfer, partial);
    }
    if (file.meta.is_lfs) {
        const auto actual = Sha256Hasher::fileHex(partial);
        if (actual != file.meta.etag) {
            fs::remove(partial, ec);
            throw HubError("checksum mismatch for '" + file.name + "' of Hub repository '" + repo.id() +
                           "': the server's ETag says sha256 " + file.meta.etag + ", the " +
                           std::to_string(file.meta.size) + " bytes received hash to " + actual +
                           "; the download was deleted ('" + partial + "'). Run `" + repo.fetchCommand() +
                           "` to download it again");
        }
        fetched.verified_sha256 = true;
    }
    fs::rename(partial, blob, ec);
    if (ec) {
        throw HubError("cannot rename '" + partial + "' to '" + blob + "': " + ec.message());
    }
    if (progress) {
        progress(HubProgress{file.name, file.meta.size, file.meta.size, resumed, 0.0});
    }
    fetched.downloaded = true;
    result.bytes_downloaded += file.meta.size - resumed;
    result.files.push_back(fetched);
}

void HubDownloader::throwTransferError(const HubRepoId& repo, const Planned& file, const TransferResult& r,
                                       const std::string& partial) const {
    const auto rerun = "`" + repo.fetchCommand() + "`";
    const auto got = std::to_string(r.on_disk) + " of " + std::to_string(file.meta.size) + " bytes";
    const auto what = "'" + file.name + "' of Hub repository '" + repo.id() + "'";
    std::error_code ec;
    switch (r.end) {
    case TransferEnd::Cancelled:
        throw HubError("download of " + what + " stopped after " + got + "; the partial file '" + partial +
                       "' is kept: run " + rerun + " to resume");
    case TransferEnd::WriteFailed:
        throw HubError("cannot write '" + partial + "' (" + r.detail + "; a full disk says 'No space left on device') after " +
                       got + "; free space in the Hugging Face cache '" + m_cache.root() + "' and run " + rerun +
                       " again to resume (the partial file is kept)");
    case TransferEnd::Refused:
        fs::remove(partial, ec);
        throw HubError("refused the download of " + what + " from " + HubResponseParser::printable(file.meta.location) +
                       ": " + r.detail + "; the partial file was deleted");
    case TransferEnd::HttpError:
        throw HubError("downloading " + what + " from " + HubResponseParser::printable(file.meta.location) +
                       " failed with " + r.detail +
                       (r.status == 401 || r.status == 403 ? " (private or gated: set HF_TOKEN)" : "") + "; run " +
                       rerun + " again (" + got + " are kept)");
    default:
        if (r.on_disk == 0) {
            fs::remove(partial, ec);
        }
        throw HubError("downloading " + what + " failed: " + r.detail + "; the " + std::to_string(r.on_disk) +
                       " bytes received are kept in '" + partial + "': run " + rerun + " again to resume");
    }
}

}  // namespace fpt::core
