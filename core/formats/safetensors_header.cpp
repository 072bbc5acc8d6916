// SPDX-License-Identifier: MIT
// Safetensors header validation (see safetensors_header.h for the rules enforced).
#include "core/formats/safetensors_header.h"

#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace fpt::core {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
    throw CheckpointError("safetensors file '" + origin + "': " + what);
}

int64_t checkedNumel(const std::vector<int64_t>& shape, int64_t elementSize, bool& overflow) {
    // Bytes must fit in int64 for torch; reject before any allocation.
    const int64_t limit = std::numeric_limits<int64_t>::max() / std::max<int64_t>(elementSize, 1);
    int64_t numel = 1;
    overflow = false;
    for (int64_t d : shape) {
        if (d != 0 && numel > limit / d) {
            overflow = true;
            return 0;
        }
        numel *= d;
    }
    return numel;
}

SafetensorsEntry parseEntry(const std::string& name, const json& value, uint64_t dataSize,
                            const std::string& origin) {
    const std::string where = "tensor '" + name + "'";
    if (!value.is_object()) {
        fail(origin, where + ": expected an object with dtype, shape, data_offsets");
    }
    for (const auto& item : value.items()) {
        if (item.key() != "dtype" && item.key() != "shape" && item.key() != "data_offsets") {
            fail(origin, where + ": unknown field '" + item.key() + "'");
        }
    }
    SafetensorsEntry entry;
    entry.name = name;
    const auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string()) {
        fail(origin, where + ": missing or non-string 'dtype'");
    }
    entry.dtype = dtype->get<std::string>();
    const int64_t elementSize = safetensorsDtypeSize(entry.dtype);
    if (elementSize == 0) {
        fail(origin, where + ": unsupported dtype '" + entry.dtype +
                         "' (expected F32, F16, BF16, F64, I64, I32, I16, I8, U8 or BOOL)");
    }
    const auto shape = value.find("shape");
    if (shape == value.end() || !shape->is_array()) {
        fail(origin, where + ": missing or non-array 'shape'");
    }
    for (const auto& d : *shape) {
        if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<int64_t>() >= 0)) {
            fail(origin, where + ": shape must hold non-negative integers, got " + shape->dump());
        }
        if (d.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            fail(origin, where + ": shape dimension too large: " + shape->dump());
        }
        entry.shape.push_back(d.get<int64_t>());
    }
    const auto offsets = value.find("data_offsets");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
        !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned()) {
        fail(origin, where + ": 'data_offsets' must be [begin, end] with non-negative integers");
    }
    entry.begin = (*offsets)[0].get<uint64_t>();
    entry.end = (*offsets)[1].get<uint64_t>();
    if (entry.begin > entry.end || entry.end > dataSize) {
        fail(origin, where + ": data_offsets [" + std::to_string(entry.begin) + ", " +
                         std::to_string(entry.end) + "] outside the data section of " +
                         std::to_string(dataSize) + " bytes (file truncated?)");
    }
    bool overflow = false;
    const int64_t numel = checkedNumel(entry.shape, elementSize, overflow);
    if (overflow) {
        fail(origin, where + ": shape " + shape->dump() + " is too large");
    }
    const uint64_t expected = static_cast<uint64_t>(numel) * static_cast<uint64_t>(elementSize);
    if (entry.end - entry.begin != expected) {
        fail(origin, where + ": holds " + std::to_string(entry.end - entry.begin) +
                         " bytes but shape " + shape->dump() + " of " + entry.dtype + " needs " +
                         std::to_string(expected));
    }
    return entry;
}

}  // namespace

int64_t safetensorsDtypeSize(const std::string& dtype) {
    if (dtype == "F64" || dtype == "I64" || dtype == "U64") {
        return dtype == "U64" ? 0 : 8;
    }
    if (dtype == "F32" || dtype == "I32") {
        return 4;
    }
    if (dtype == "F16" || dtype == "BF16" || dtype == "I16") {
        return 2;
    }
    if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") {
        return 1;
    }
    return 0;
}

uint64_t parseSafetensorsHeaderLength(const char* prefix8, uint64_t fileSize,
                                      const std::string& origin) {
    if (fileSize < 8) {
        fail(origin, "file is " + std::to_string(fileSize) +
                         " bytes, too short for the 8-byte header length");
    }
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i) {  // little-endian u64
        length = (length << 8) | static_cast<unsigned char>(prefix8[i]);
    }
    if (length < 2) {
        fail(origin, "header length " + std::to_string(length) + " is too small");
    }
    if (length > kMaxSafetensorsHeaderBytes) {
        fail(origin, "header length " + std::to_string(length) + " exceeds the 100 MB limit");
    }
    if (length > fileSize - 8) {
        fail(origin, "header length " + std::to_string(length) + " runs past the end of the " +
                         std::to_string(fileSize) + "-byte file (truncated or not safetensors)");
    }
    return length;
}

SafetensorsHeader parseSafetensorsHeaderJson(const std::string& headerText, uint64_t dataSize,
                                             const std::string& origin) {
    if (headerText.empty() || headerText.front() != '{') {
        fail(origin, "header does not start with '{' (not a safetensors file?)");
    }
    std::set<std::string> topKeys;
    std::string duplicate;
    const json::parser_callback_t noteDuplicates = [&](int depth, json::parse_event_t event,
                                                       json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key && duplicate.empty()) {
            const auto key = parsed.get<std::string>();
            if (!topKeys.insert(key).second) {
                duplicate = key;
            }
        }
        return true;
    };
    json header;
    try {
        header = json::parse(headerText, noteDuplicates);
    } catch (const json::exception& e) {
        fail(origin, std::string("header is not valid JSON: ") + e.what());
    }
    if (!header.is_object()) {
        fail(origin, "header is not a JSON object");
    }
    if (!duplicate.empty()) {
        fail(origin, "tensor '" + duplicate + "' appears twice in the header");
    }
    SafetensorsHeader result;
    for (const auto& item : header.items()) {
        if (item.key() == "__metadata__") {
            if (!item.value().is_object()) {
                fail(origin, "__metadata__ must be an object of strings");
            }
            for (const auto& meta : item.value().items()) {
                if (!meta.value().is_string()) {
                    fail(origin, "__metadata__ value '" + meta.key() + "' is not a string");
                }
                result.metadata[meta.key()] = meta.value().get<std::string>();
            }
            continue;
        }
        result.entries.push_back(parseEntry(item.key(), item.value(), dataSize, origin));
    }
    std::sort(result.entries.begin(), result.entries.end(),
              [](const auto& a, const auto& b) {
                  return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
              });
    uint64_t cursor = 0;
    for (std::size_t i = 0; i < result.entries.size(); ++i) {
        const auto& e = result.entries[i];
        if (e.begin < cursor) {
            fail(origin, "tensor '" + e.name + "' overlaps tensor '" + result.entries[i - 1].name +
                             "' (data_offsets " + std::to_string(e.begin) + " < " +
                             std::to_string(cursor) + ")");
        }
        if (e.begin > cursor) {
            fail(origin, "tensor '" + e.name + "' starts at byte " + std::to_string(e.begin) +
                             " leaving a hole after byte " + std::to_string(cursor));
        }
        cursor = e.end;
    }
    if (cursor != dataSize) {
        fail(origin, "data section has " + std::to_string(dataSize) + " bytes but tensors use " +
                         std::to_string(cursor));
    }
    return result;
}

SafetensorsHeader parseSafetensorsBytes(const std::string& bytes, const std::string& origin) {
    const uint64_t length = parseSafetensorsHeaderLength(bytes.data(), bytes.size(), origin);
    const uint64_t dataSize = bytes.size() - 8 - length;
    auto header = parseSafetensorsHeaderJson(bytes.substr(8, length), dataSize, origin);
    header.data_start = 8 + length;
    return header;
}

}  // namespace fpt::core
