// SPDX-License-Identifier: MIT
// libcurl plumbing: one easy handle per request, headers collected per response, the body
// appended to a file descriptor with checks on the status, the Content-Range and the size.
#include "core/hub/http_client.h"

#include "core/hub/hub_error.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

namespace fpt::core {

namespace {

using Clock = std::chrono::steady_clock;
using CurlHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

long envSeconds(const char* name, long fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    const long seconds = std::strtol(value, nullptr, 10);
    return seconds > 0 ? seconds : fallback;
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

// Called once per header line; a status line starts a new response (after a redirect).
size_t onHeader(char* data, size_t size, size_t count, void* user) {
    static_cast<HttpResponse*>(user)->addHeaderLine(std::string(data, size * count));
    return size * count;
}

CurlHandle newHandle(const std::string& url, long connectTimeout, char* errorBuffer) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CurlHandle curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        throw HubError("libcurl could not start a request for " + url);
    }
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connectTimeout);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "fpt/" FPT_VERSION "; libcurl");
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    return curl;
}

HeaderList requestHeaders(const std::string& token, bool sendToken) {
    curl_slist* list = curl_slist_append(nullptr, "Accept-Encoding: identity");
    if (sendToken && !token.empty()) {
        list = curl_slist_append(list, ("Authorization: Bearer " + token).c_str());
    }
    return HeaderList(list, &curl_slist_free_all);
}

std::string networkProblem(const std::string& url, CURLcode code, const char* errorBuffer) {
    std::string what;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: what = "could not resolve the host name (no network, or DNS failure)"; break;
    case CURLE_COULDNT_CONNECT: what = "could not connect (no network, server down, or a proxy needed)"; break;
    case CURLE_OPERATION_TIMEDOUT: what = "timed out (raise HF_HUB_ETAG_TIMEOUT / HF_HUB_DOWNLOAD_TIMEOUT)"; break;
    case CURLE_UNSUPPORTED_PROTOCOL: what = "refused: only http and https URLs are followed"; break;
    default: what = curl_easy_strerror(code); break;
    }
    const std::string detail = errorBuffer != nullptr && *errorBuffer != '\0' ? std::string(" [") + errorBuffer + "]" : "";
    return url + ": " + what + detail;
}

std::string originOf(const std::string& url) {
    const auto scheme = url.find("://");
    const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return path == std::string::npos ? url : url.substr(0, path);
}


// The state of one download, shared with libcurl's callbacks.
struct Transfer {
    CURL* curl = nullptr;
    int fd = -1;
    std::int64_t offset = 0;    // bytes on disk when the request was sent
    std::int64_t written = 0;   // bytes on disk now
    std::int64_t expected = 0;
    bool started = false;
    std::string refusal;        // why the body was refused (bad range, too many bytes)
    int writeErrno = 0;
    bool cancelled = false;
    HttpResponse response;
    const HubProgressCallback* progress = nullptr;
    HubProgress report;
    Clock::time_point begin = Clock::now();
    Clock::time_point lastReport = Clock::now();
};

// First body bytes: a 200 to a Range request restarts the file; a 206 must start where we are.
bool startBody(Transfer& t) {
    t.started = true;
    long status = 0;
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) {
        if (t.offset > 0 && ::ftruncate(t.fd, 0) != 0) {
            t.writeErrno = errno;
            return false;
        }
        t.offset = t.written = t.report.resumed = 0;
        return true;
    }
    const auto range = t.response.header("content-range");
    long long first = -1;
    if (status != 206 || std::sscanf(range.c_str(), "bytes %lld-", &first) != 1 || first != t.offset) {
        t.refusal = "the server answered HTTP " + std::to_string(status) + " with Content-Range '" +
                    range.substr(0, 80) + "' to a request for bytes " + std::to_string(t.offset) + "-";
        return false;
    }
    return true;
}

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const auto n = static_cast<std::int64_t>(size * count);
    if (!t.started && !startBody(t)) {
        return 0;
    }
    if (t.written + n > t.expected) {
        t.refusal = "the server sent more than the " + std::to_string(t.expected) + " bytes it announced";
        return 0;
    }
    for (std::int64_t done = 0; done < n;) {
        const auto wrote = ::write(t.fd, data + done, static_cast<size_t>(n - done));
        if (wrote < 0 && errno == EINTR) {
            continue;
        }
        if (wrote <= 0) {
            t.writeErrno = wrote < 0 ? errno : EIO;
            return 0;
        }
        done += wrote;
        t.written += wrote;
    }
    return size * count;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& t = *static_cast<Transfer*>(user);
    const auto now = Clock::now();
    if (now - t.lastReport < std::chrono::milliseconds(100) || t.progress == nullptr || !*t.progress) {
        return 0;
    }
    t.lastReport = now;
    t.report.file_done = t.written;
    t.report.seconds = std::chrono::duration<double>(now - t.begin).count();
    if (!(*t.progress)(t.report)) {
        t.cancelled = true;
        return 1;
    }
    return 0;
}

TransferResult outcome(const Transfer& t, CURLcode code, const std::string& url, const char* errorBuffer) {
    TransferResult r;
    r.on_disk = t.written;
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &r.status);
    const std::string sizes = std::to_string(t.written) + " of " + std::to_string(t.expected) + " bytes";
    if (code == CURLE_OK) {
        r.end = t.written == t.expected ? TransferEnd::Complete : TransferEnd::Cut;
        r.detail = "the connection ended after " + sizes;
    } else if (t.cancelled || code == CURLE_ABORTED_BY_CALLBACK) {
        r.end = TransferEnd::Cancelled;
        r.detail = "cancelled after " + sizes;
    } else if (!t.refusal.empty()) {
        r.end = TransferEnd::Refused;
        r.detail = t.refusal;
    } else if (t.writeErrno != 0) {
        r.end = TransferEnd::WriteFailed;
        r.detail = std::strerror(t.writeErrno);
    } else if (code == CURLE_HTTP_RETURNED_ERROR) {
        r.end = TransferEnd::HttpError;
        r.detail = "HTTP " + std::to_string(r.status);
    } else if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_TOO_MANY_REDIRECTS) {
        r.end = TransferEnd::Refused;
        r.detail = networkProblem(url, code, errorBuffer);
    } else {
        r.end = t.written > t.offset ? TransferEnd::Cut : TransferEnd::NetworkError;
        r.detail = networkProblem(url, code, errorBuffer) + " after " + sizes;
    }
    return r;
}

}  // namespace

std::string HttpResponse::header(const std::string& lowercaseName) const {
    const auto it = headers.find(lowercaseName);
    return it == headers.end() ? "" : it->second;
}

void HttpResponse::addHeaderLine(const std::string& line) {
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();
        return;
    }
    if (const auto colon = line.find(':'); colon != std::string::npos) {
        headers[lowercase(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
}

HttpClient::HttpClient(std::string token)
    : m_token(std::move(token)),
      m_headTimeout(envSeconds("HF_HUB_ETAG_TIMEOUT", 10)),
      m_downloadTimeout(envSeconds("HF_HUB_DOWNLOAD_TIMEOUT", 10)) {}

bool HttpClient::isHttpUrl(const std::string& url) {
    const auto lower = lowercase(url.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

HttpResponse HttpClient::head(const std::string& url, bool sendToken) const {
    std::string current = url;
    for (int hop = 0; hop < 5; ++hop) {
        char errorBuffer[CURL_ERROR_SIZE] = {};
        auto curl = newHandle(current, m_headTimeout, errorBuffer);
        auto headers = requestHeaders(m_token, sendToken);
        HttpResponse response;
        response.url = current;
        curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
        curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, m_headTimeout);
        curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &onHeader);
        curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &response);
        if (const auto code = curl_easy_perform(curl.get()); code != CURLE_OK) {
            throw HubError("cannot reach " + networkProblem(current, code, errorBuffer) +
                           "; for a model already cached, set HF_HUB_OFFLINE=1");
        }
        curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
        const auto location = response.header("location");
        const bool relative = location.size() > 1 && location[0] == '/' && location[1] != '/';
        if (response.status >= 300 && response.status < 400 && relative) {
            current = originOf(current) + location;
            continue;
        }
        return response;
    }
    throw HubError(url + ": more than 5 redirects within the server");
}

TransferResult HttpClient::download(const std::string& url, const std::string& path,
                                    std::int64_t expectedSize, bool sendToken, const std::string& name,
                                    const HubProgressCallback& progress) const {
    Transfer t;
    t.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    struct stat info {};
    if (t.fd < 0 || ::fstat(t.fd, &info) != 0) {
        const int err = errno;
        if (t.fd >= 0) {
            ::close(t.fd);
        }
        return {TransferEnd::WriteFailed, 0, 0, "cannot open '" + path + "': " + std::strerror(err)};
    }
    t.offset = t.written = info.st_size > expectedSize ? 0 : info.st_size;
    if (info.st_size > expectedSize && ::ftruncate(t.fd, 0) != 0) {
        t.writeErrno = errno;
    }
    t.expected = expectedSize;
    t.progress = &progress;
    t.report = HubProgress{name, t.written, expectedSize, t.written, 0.0};
    TransferResult result{TransferEnd::Complete, 0, t.written, ""};
    if (t.written < expectedSize && t.writeErrno == 0) {
        char errorBuffer[CURL_ERROR_SIZE] = {};
        auto curl = newHandle(url, m_downloadTimeout, errorBuffer);
        auto headers = requestHeaders(m_token, sendToken);
        t.curl = curl.get();
        curl_easy_setopt(t.curl, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(t.curl, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(t.curl, CURLOPT_FAILONERROR, 1L);
        curl_easy_setopt(t.curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(t.curl, CURLOPT_LOW_SPEED_TIME, m_downloadTimeout);
        curl_easy_setopt(t.curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(t.offset));
        curl_easy_setopt(t.curl, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(t.curl, CURLOPT_HEADERFUNCTION, &onHeader);
        curl_easy_setopt(t.curl, CURLOPT_HEADERDATA, &t.response);
        curl_easy_setopt(t.curl, CURLOPT_WRITEFUNCTION, &onBody);
        curl_easy_setopt(t.curl, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(t.curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
        curl_easy_setopt(t.curl, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(t.curl, CURLOPT_NOPROGRESS, 0L);
        const auto code = curl_easy_perform(t.curl);
        result = outcome(t, code, url, errorBuffer);
    } else if (t.writeErrno != 0) {
        result = {TransferEnd::WriteFailed, 0, 0, std::strerror(t.writeErrno)};
    }
    if (result.end == TransferEnd::Complete && ::fsync(t.fd) != 0) {
        result = {TransferEnd::WriteFailed, result.status, t.written, std::strerror(errno)};
    }
    if (::close(t.fd) != 0 && result.end == TransferEnd::Complete) {
        result = {TransferEnd::WriteFailed, result.status, t.written, std::strerror(errno)};
    }
    return result;
}

}  // namespace fpt::core
