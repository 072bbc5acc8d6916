// SPDX-License-Identifier: MIT
// Reads a dataset file into memory with one bounded, gzip-transparent read, so every reader
// can hand the bytes to its pure parser and report missing/oversized files the same way.
#pragma once

#include <cstdint>
#include <string>

namespace fpt::core {

/// Largest uncompressed size any dataset reader accepts by default (1 GiB).
inline constexpr int64_t kMaxDatasetFileBytes = int64_t{1} << 30;

/// The whole content of `path`, gunzipped if it is gzip (plain files are read as they are).
/// Throws DatasetError naming the file when it is missing (the message ends with `hint`, e.g.
/// "run scripts/fetch_data.sh"), unreadable, corrupt gzip, or larger than `maxBytes`.
std::string readDatasetFile(const std::string& path,
                            const std::string& hint,
                            int64_t maxBytes = kMaxDatasetFileBytes);

/// True when `path` names an existing regular file.
bool datasetFileExists(const std::string& path);

}  // namespace fpt::core
