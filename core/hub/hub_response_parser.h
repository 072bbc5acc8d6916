// SPDX-License-Identifier: MIT
// Turns the Hub's answer to a HEAD on .../resolve/{revision}/{file} into validated metadata or a
// clear error. Everything a server says is hostile input: header values are checked before they
// become file names (etag -> blobs/{etag}), paths (commit -> snapshots/{commit}) or URLs.
#pragma once

#include "core/hub/http_client.h"
#include "core/hub/hub_repo_id.h"
#include "core/hub/hub_types.h"

#include <string>

namespace fpt::core {

class HubResponseParser {
public:
    /// True when the answer says the repo and revision exist but this file does not.
    static bool isMissingFile(const HttpResponse& response);

    /// Metadata of a found file (2xx, or a 3xx to an absolute http(s) URL). Throws HubError
    /// naming the URL and the header when a value is malformed or a redirect leaves http(s).
    static HubFileMetadata metadata(const HttpResponse& response);

    /// The user-facing error for a failed answer (404 repo/revision, 401/403 gated, 5xx, ...).
    static std::string failure(const HttpResponse& response, const HubRepoId& repo,
                               const std::string& file, bool haveToken);

    /// An ETag without W/ and quotes; throws HubError unless it is 1..128 of [A-Za-z0-9_-].
    static std::string blobName(const std::string& etag, const std::string& url);

    /// A byte count of 1..15 decimal digits; throws HubError naming the header and URL.
    static std::int64_t size(const std::string& text, const std::string& header, const std::string& url);

    /// `text` cut to 120 characters with anything but printable ASCII replaced by '?'.
    static std::string printable(const std::string& text);
};

}  // namespace fpt::core
