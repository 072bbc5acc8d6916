// SPDX-License-Identifier: MIT
// The one way core reads a JSON file or text: errors name the file, line and column.
#pragma once

#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fpt::core {

/// Parses `text`; on failure `error` says "'origin' is not valid JSON (line L, column C): why".
/// Returns false (and leaves `out` alone) on failure.
bool tryParseJson(const std::string& text, const std::string& origin, nlohmann::json& out,
                  std::string& error);

/// Reads and parses the file at `path`; on failure `error` names the file and, for a parse
/// error, the line and column. `missingHint` is appended when the file cannot be opened.
bool tryReadJsonFile(const std::string& path, const std::string& missingHint, nlohmann::json& out,
                     std::string& error);

/// Parses JSON text, throwing E (an Error subclass) that names origin, line and column.
template <class E = Error>
nlohmann::json parseJsonText(const std::string& text, const std::string& origin) {
    nlohmann::json out;
    std::string error;
    if (!tryParseJson(text, origin, out, error)) {
        throw E(error);
    }
    return out;
}

/// Reads a JSON file, throwing E that names the file (and line and column for bad JSON).
template <class E = Error>
nlohmann::json readJsonFile(const std::string& path, const std::string& missingHint = {}) {
    nlohmann::json out;
    std::string error;
    if (!tryReadJsonFile(path, missingHint, out, error)) {
        throw E(error);
    }
    return out;
}

}  // namespace fpt::core
