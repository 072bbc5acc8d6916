// SPDX-License-Identifier: MIT
// Parses and validates a safetensors header to the format's spec (8-byte little-endian length,
// JSON object of {dtype, shape, data_offsets}, optional __metadata__). Pure C++, no torch, so the
// fuzzers can drive it with arbitrary bytes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fpt::core {

/// One tensor entry of a safetensors header; offsets are relative to the data section.
struct SafetensorsEntry {
    std::string name;
    std::string dtype;  // "F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL"
    std::vector<int64_t> shape;
    uint64_t begin = 0;
    uint64_t end = 0;
};

struct SafetensorsHeader {
    std::vector<SafetensorsEntry> entries;  // in data order (sorted by begin)
    std::map<std::string, std::string> metadata;
    uint64_t data_start = 0;  // byte offset of the data section in the file (8 + header length)
};

/// Largest header the reader accepts (the reference implementation's limit).
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100ULL * 1024 * 1024;

/// Bytes per element of a safetensors dtype name, or 0 when the dtype is unknown.
int64_t safetensorsDtypeSize(const std::string& dtype);

/// Reads the 8-byte length prefix and checks it against the file size. Throws CheckpointError.
uint64_t parseSafetensorsHeaderLength(const char* prefix8, uint64_t fileSize,
                                      const std::string& origin);

/// Validates the JSON header text for a file whose data section holds `dataSize` bytes: every entry
/// has a known dtype, a non-negative shape, offsets inside the data, byte size = numel x dtype size,
/// no overlaps or holes, no duplicate names. Throws CheckpointError naming `origin` and the tensor.
SafetensorsHeader parseSafetensorsHeaderJson(const std::string& headerText, uint64_t dataSize,
                                             const std::string& origin);

/// Whole-buffer convenience used by tests and fuzzers: `bytes` is an entire safetensors file.
SafetensorsHeader parseSafetensorsBytes(const std::string& bytes, const std::string& origin);

}  // namespace fpt::core
