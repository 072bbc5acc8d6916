// SPDX-License-Identifier: MIT
// SHA-256 through OpenSSL's EVP interface, streaming the file in 1 MiB reads.
#include "core/hub/sha256_hasher.h"

#include "core/hub/hub_error.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace fpt::core {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext newContext() {
    DigestContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        throw HubError("OpenSSL could not start a SHA-256 digest");
    }
    return ctx;
}

std::string finish(EVP_MD_CTX* ctx) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx, digest, &length) != 1) {
        throw HubError("OpenSSL could not finish a SHA-256 digest");
    }
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    return out;
}

}  // namespace

std::string Sha256Hasher::fileHex(const std::string& path) {
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        throw HubError("cannot read '" + path + "' to check its sha256: " + std::strerror(errno));
    }
    auto ctx = newContext();
    std::vector<char> buffer(1 << 20);
    while (true) {
        const auto n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (n > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), n) != 1) {
            throw HubError("OpenSSL SHA-256 update failed on '" + path + "'");
        }
        if (n < buffer.size()) {
            if (std::ferror(file.get()) != 0) {
                throw HubError("read error on '" + path + "' while checking its sha256");
            }
            break;
        }
    }
    return finish(ctx.get());
}

std::string Sha256Hasher::hex(const std::string& data) {
    auto ctx = newContext();
    if (EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1) {
        throw HubError("OpenSSL SHA-256 update failed");
    }
    return finish(ctx.get());
}

bool Sha256Hasher::isSha256Hex(const std::string& text) noexcept {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

}  // namespace fpt::core
