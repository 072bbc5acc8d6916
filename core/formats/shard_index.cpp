// SPDX-License-Identifier: MIT
// Sharded-checkpoint index parsing: shard names are checked before any file is opened.
#include "core/formats/shard_index.h"

#include "core/config/error.h"
#include "core/config/json_file.h"

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include <set>

namespace fpt::core {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> parseShardIndex(const std::string& text, const std::string& origin) {
    const auto j = parseJsonText<CheckpointError>(text, origin);
    if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object()) {
        throw CheckpointError("'" + origin + "' has no weight_map object");
    }
    std::set<std::string> names;
    for (const auto& item : j["weight_map"].items()) {
        if (!item.value().is_string()) {
            throw CheckpointError("'" + origin + "': weight_map['" + item.key() +
                                  "'] is not a file name");
        }
        const auto name = item.value().get<std::string>();
        if (name.empty() || name.find('/') != std::string::npos ||
            name.find("..") != std::string::npos || name.find('\0') != std::string::npos) {
            std::string shown;  // control bytes (a NUL would cut the message short) as \xNN
            for (const char c : name) {
                const auto u = static_cast<unsigned char>(c);
                shown += u < 0x20 ? fmt::format("\\x{:02x}", u) : std::string(1, c);
            }
            throw CheckpointError("'" + origin + "': shard name '" + shown +
                                  "' must be a plain file name inside the folder");
        }
        if (!endsWith(name, ".safetensors")) {
            throw CheckpointError(
                "'" + origin + "': shard '" + name +
                "' is not a .safetensors file; this app never loads pickles (.bin/.pt can run "
                "code). Convert the model once with Python: `GPT2Model.from_pretrained('DIR')"
                ".save_pretrained('OUT', safe_serialization=True)`");
        }
        names.insert(name);
    }
    if (names.empty()) {
        throw CheckpointError("'" + origin + "': weight_map names no shard");
    }
    return {names.begin(), names.end()};
}

}  // namespace fpt::core
