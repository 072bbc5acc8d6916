// SPDX-License-Identifier: MIT
// SHA-256 of a file (OpenSSL libcrypto), to check a downloaded LFS blob against its etag.
#pragma once

#include <string>

namespace fpt::core {

class Sha256Hasher {
public:
    /// Lowercase hex SHA-256 of the file's bytes. Throws HubError naming the file on a read error.
    static std::string fileHex(const std::string& path);

    /// Lowercase hex SHA-256 of `data` (for tests and small payloads).
    static std::string hex(const std::string& data);

    /// True when `text` is 64 lowercase hex digits (the form of an LFS etag).
    static bool isSha256Hex(const std::string& text) noexcept;
};

}  // namespace fpt::core
