// SPDX-License-Identifier: MIT
// zlib's gzread passes plain files through unchanged, so one code path reads .gz and raw files.
#include "core/formats/dataset_file.h"

#include "core/config/error.h"

#include <filesystem>
#include <memory>
#include <system_error>
#include <zlib.h>

namespace fpt::core {

namespace {

struct GzCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};

}  // namespace

bool datasetFileExists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

std::string readDatasetFile(const std::string& path, const std::string& hint, int64_t maxBytes) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw DatasetError("dataset file '" + path + "' not found" +
                           (hint.empty() ? std::string() : "; " + hint));
    }
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw DatasetError("dataset file '" + path + "' is not a regular file");
    }
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) {
        throw DatasetError("cannot open dataset file '" + path + "' for reading");
    }
    gzbuffer(file.get(), 1 << 17);
    std::string bytes;
    constexpr unsigned kChunk = 1 << 20;
    while (true) {
        const size_t used = bytes.size();
        bytes.resize(used + kChunk);
        const int got = gzread(file.get(), bytes.data() + used, kChunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file.get(), &code);
            throw DatasetError("cannot read dataset file '" + path +
                               "': " + (message != nullptr ? message : "read error") +
                               " (corrupt or truncated gzip?)");
        }
        bytes.resize(used + static_cast<size_t>(got));
        if (static_cast<int64_t>(bytes.size()) > maxBytes) {
            throw DatasetError("dataset file '" + path + "' is larger than " +
                               std::to_string(maxBytes) +
                               " bytes (uncompressed); refusing to load it");
        }
        if (got == 0) {
            break;
        }
    }
    // gzread reports a gzip stream cut short (Z_BUF_ERROR) only through gzerror.
    int code = Z_OK;
    gzerror(file.get(), &code);
    if (code != Z_OK) {
        throw DatasetError("dataset file '" + path +
                           "' is a truncated or corrupt gzip stream (zlib error " +
                           std::to_string(code) + ")");
    }
    return bytes;
}

}  // namespace fpt::core
