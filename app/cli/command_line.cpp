// SPDX-License-Identifier: MIT
// Shell quoting of argv.
#include "app/cli/command_line.h"

#include <cctype>

namespace fpt::app {

namespace {

bool isPlain(const std::string& arg) {
    if (arg.empty()) {
        return false;
    }
    for (unsigned char c : arg) {
        if (std::isalnum(c) == 0 &&
            std::string("_./=:,+-").find(static_cast<char>(c)) == std::string::npos) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string shellCommandLine(int argc, const char* const* argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!out.empty()) {
            out += ' ';
        }
        if (isPlain(arg)) {
            out += arg;
            continue;
        }
        out += '\'';
        for (char c : arg) {
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        out += '\'';
    }
    return out;
}

}  // namespace fpt::app
