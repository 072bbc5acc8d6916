// SPDX-License-Identifier: MIT
// A small libcurl client for the Hub: HEAD for metadata, and resumable GET into a file with
// progress and cancel. Only http and https are allowed, on redirects too; libcurl itself honours
// the usual proxy variables (https_proxy, no_proxy, ...).
#pragma once

#include "core/hub/hub_types.h"

#include <cstdint>
#include <map>
#include <string>

namespace fpt::core {

/// One HTTP answer: status, headers (names lowercased) and the URL that gave it.
struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;
    std::string url;

    /// The header's value, or "" when absent.
    std::string header(const std::string& lowercaseName) const;

    /// One raw header line as the server sent it: a status line ("HTTP/...") starts a new
    /// response (after a redirect) and clears the headers; "Name: value" is stored under the
    /// lowercased, trimmed name; anything else is ignored (fuzzed: tests/fuzz/fuzz_hub_headers).
    void addHeaderLine(const std::string& line);
};

/// How a download ended. Anything but Complete leaves the bytes received so far in the file.
enum class TransferEnd { Complete, Cancelled, Cut, WriteFailed, HttpError, NetworkError, Refused };

struct TransferResult {
    TransferEnd end = TransferEnd::Complete;
    long status = 0;             // last HTTP status
    std::int64_t on_disk = 0;    // bytes in the file afterwards
    std::string detail;          // what went wrong, in words
};

class HttpClient {
public:
    /// `token`: sent as "Authorization: Bearer" when a call asks for it ("" sends nothing).
    /// Timeouts (seconds) come from HF_HUB_ETAG_TIMEOUT and HF_HUB_DOWNLOAD_TIMEOUT (default 10).
    explicit HttpClient(std::string token);

    /// HEAD `url`, following only relative redirects (a renamed repo) and stopping at absolute
    /// ones (the CDN), whose headers carry the LFS metadata. Throws HubError when no answer came.
    HttpResponse head(const std::string& url, bool sendToken) const;

    /// GET `url` (redirects followed, http/https only) and append to `path`, resuming with a Range
    /// from the file's current size. Writes at most `expectedSize` bytes in all.
    TransferResult download(const std::string& url, const std::string& path, std::int64_t expectedSize,
                            bool sendToken, const std::string& name,
                            const HubProgressCallback& progress) const;

    /// True when `url` starts with http:// or https:// (case-insensitive).
    static bool isHttpUrl(const std::string& url);

private:
    std::string m_token;
    long m_headTimeout = 10;
    long m_downloadTimeout = 10;
};

}  // namespace fpt::core
