// SPDX-License-Identifier: MIT
// Validation of the Hub's HEAD answers (headers as in huggingface_hub's get_hf_file_metadata).
#include "core/hub/hub_response_parser.h"

#include "core/hub/hub_error.h"
#include "core/hub/sha256_hasher.h"

namespace fpt::core {

namespace {

constexpr std::size_t kMaxEtag = 128;
constexpr std::size_t kMaxSizeDigits = 15;

bool isEtagChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

std::string firstOf(const HttpResponse& response, const char* preferred, const char* fallback) {
    auto value = response.header(preferred);
    return value.empty() ? response.header(fallback) : value;
}

}  // namespace

std::string HubResponseParser::printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 120)) {
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

bool HubResponseParser::isMissingFile(const HttpResponse& response) {
    if (response.status != 404) {
        return false;
    }
    const auto code = response.header("x-error-code");
    return code == "EntryNotFound" || (code.empty() && !response.header("x-repo-commit").empty());
}

std::string HubResponseParser::blobName(const std::string& etag, const std::string& url) {
    std::string name = etag;
    if (name.rfind("W/", 0) == 0) {
        name = name.substr(2);
    }
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
    }
    bool ok = !name.empty() && name.size() <= kMaxEtag;
    for (char c : name) {
        ok = ok && isEtagChar(c);
    }
    if (!ok) {
        throw HubError(url + ": refused the server's ETag '" + printable(etag) +
                       "': expected 1 to 128 letters, digits, '-' or '_' (it names a file in the cache)");
    }
    return name;
}

std::int64_t HubResponseParser::size(const std::string& text, const std::string& header, const std::string& url) {
    bool ok = !text.empty() && text.size() <= kMaxSizeDigits;
    for (char c : text) {
        ok = ok && c >= '0' && c <= '9';
    }
    if (!ok) {
        throw HubError(url + ": refused the server's " + header + " '" + printable(text) +
                       "': expected a byte count of 1 to 15 digits");
    }
    return std::stoll(text);
}

HubFileMetadata HubResponseParser::metadata(const HttpResponse& response) {
    const auto& url = response.url;
    HubFileMetadata meta;
    meta.commit = response.header("x-repo-commit");
    if (!HubRepoId::isCommitHash(meta.commit)) {
        throw HubError(url + ": refused the server's X-Repo-Commit '" + printable(meta.commit) +
                       "': expected a 40-hex commit hash");
    }
    meta.etag = blobName(firstOf(response, "x-linked-etag", "etag"), url);
    const bool linked = !response.header("x-linked-size").empty();
    meta.size = size(firstOf(response, "x-linked-size", "content-length"),
                     linked ? "X-Linked-Size" : "Content-Length", url);
    meta.is_lfs = Sha256Hasher::isSha256Hex(meta.etag);
    meta.location = url;
    if (response.status >= 300 && response.status < 400) {
        auto location = response.header("location");
        if (location.rfind("//", 0) == 0) {
            location = url.substr(0, url.find("//")) + location;
        }
        if (!HttpClient::isHttpUrl(location)) {
            throw HubError(url + ": refused the redirect to '" + printable(location) +
                           "': only http and https URLs are followed");
        }
        meta.location = location;
    }
    return meta;
}

std::string HubResponseParser::failure(const HttpResponse& response, const HubRepoId& repo,
                                       const std::string& file, bool haveToken) {
    const auto code = response.header("x-error-code");
    const auto status = "HTTP " + std::to_string(response.status);
    const auto where = "'" + repo.id() + "'";
    const auto serverSays = response.header("x-error-message").empty()
                                ? std::string()
                                : " (server: " + printable(response.header("x-error-message")) + ")";
    if (code == "RevisionNotFound") {
        return "revision '" + repo.revision() + "' does not exist in Hub repository " + where + " (" + status + ")";
    }
    if (code == "GatedRepo") {
        return "Hub repository " + where + " is gated (" + status + "): accept its conditions on its Hub page, then " +
               (haveToken ? "check that HF_TOKEN belongs to that account" : "set HF_TOKEN to a read token");
    }
    if (response.status == 401 || response.status == 403) {
        return "Hub repository " + where + " refused access (" + status + ")" + serverSays + ": " +
               (haveToken ? "HF_TOKEN has no access to it" : "it may be private or gated: set HF_TOKEN") +
               ", or check the id";
    }
    if (response.status == 404) {
        return code == "EntryNotFound" || !response.header("x-repo-commit").empty()
                   ? "Hub repository " + where + " has no file '" + file + "' (" + status + ")"
                   : "Hub repository " + where + " not found (" + status + " from " + response.url + ")" + serverSays +
                     ": check the id";
    }
    if (response.status == 429) {
        return response.url + ": the Hub is rate-limiting requests (" + status + "); try again in a minute";
    }
    return response.url + ": unexpected answer " + status + serverSays +
           (response.status >= 500 ? "; the server has a problem, try again later" : "");
}

}  // namespace fpt::core
