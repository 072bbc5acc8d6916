// SPDX-License-Identifier: MIT
// Fuzzes what `fpt fetch` reads from a server's HEAD answer (issue 19): the first line is the
// status code, every further line goes through HttpResponse::addHeaderLine as libcurl hands it
// over, then HubResponseParser judges the answer. Whatever it accepts must be safe to use: a blob
// name that stays one plain file in blobs/, a 40-hex commit, a size >= 0, an http(s) location.
#include "core/hub/hub_cache.h"
#include "core/hub/hub_response_parser.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdlib>
#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fpt::fuzz::bytesOf(data, size);
    fpt::core::HttpResponse response;
    response.url = "https://hub.test/gpt2/resolve/main/model.safetensors";
    const auto eol = text.find('\n');
    response.status = std::strtol(text.substr(0, std::min<size_t>(eol, 4)).c_str(), nullptr, 10);
    for (size_t begin = eol; begin != std::string::npos && begin < text.size();) {
        const auto end = text.find('\n', begin + 1);
        response.addHeaderLine(text.substr(begin + 1, end == std::string::npos ? end : end - begin));
        begin = end;
    }
    fpt::fuzz::expectParsedOrError([&] {
        const auto repo = fpt::core::HubRepoId::parse("gpt2", "main");
        (void)fpt::core::HubResponseParser::isMissingFile(response);
        (void)fpt::core::HubResponseParser::failure(response, repo, "model.safetensors", size % 2 == 0);
        const auto meta = fpt::core::HubResponseParser::metadata(response);
        const bool safeEtag = !meta.etag.empty() && meta.etag.find('/') == std::string::npos &&
                              meta.etag.find("..") == std::string::npos &&
                              meta.etag.find('\0') == std::string::npos;
        const auto blob = std::filesystem::path(fpt::core::HubCache("/cache").blobPath(repo, meta.etag));
        if (!safeEtag || blob.parent_path() != "/cache/models--gpt2/blobs" ||
            !fpt::core::HubRepoId::isCommitHash(meta.commit) || meta.size < 0 ||
            !fpt::core::HttpClient::isHttpUrl(meta.location)) {
            __builtin_trap();  // accepted a value that could leave the cache or the web
        }
    });
    return 0;
}
