// SPDX-License-Identifier: MIT
// readJsonFile / parseJsonText: one reader for every JSON file core opens.
#include "core/config/json_file.h"

#include <fstream>
#include <sstream>

namespace fpt::core {

namespace {

/// "line L, column C" of a 1-based byte offset (nlohmann's parse_error::byte).
std::string lineAndColumn(const std::string& text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// nlohmann's what() without its "[json.exception.parse_error.101] parse error at line 1,
/// column 2: " prefix (we say where ourselves).
std::string reason(const std::exception& e) {
    std::string what = e.what();
    if (what.rfind("[json.exception.", 0) == 0) {
        if (const auto close = what.find("] "); close != std::string::npos) {
            what = what.substr(close + 2);
        }
    }
    if (what.rfind("parse error", 0) == 0) {
        // "parse error at line 1, column 17: syntax error ..." (or without the position)
        if (const auto colon = what.find(": "); colon != std::string::npos) {
            what = what.substr(colon + 2);
        }
    }
    return what;
}

}  // namespace

bool tryParseJson(const std::string& text, const std::string& origin, nlohmann::json& out,
                  std::string& error) {
    try {
        out = nlohmann::json::parse(text);
        return true;
    } catch (const nlohmann::json::parse_error& e) {
        error = "'" + origin + "' is not valid JSON (" + lineAndColumn(text, e.byte) +
                "): " + reason(e);
    } catch (const nlohmann::json::exception& e) {
        // Not only parse_error: 1E999999 is out_of_range 406 (found by fuzz_tape, issue 8).
        error = "'" + origin + "' is not valid JSON: " + reason(e);
    }
    return false;
}

bool tryReadJsonFile(const std::string& path, const std::string& missingHint, nlohmann::json& out,
                     std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open '" + path + "'" + (missingHint.empty() ? "" : " (" + missingHint + ")");
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error = "cannot read '" + path + "'";
        return false;
    }
    return tryParseJson(text.str(), path, out, error);
}

}  // namespace fpt::core
