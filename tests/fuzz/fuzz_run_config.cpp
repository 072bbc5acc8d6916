// SPDX-License-Identifier: MIT
// Fuzzes presets (parseRunConfig) and, when the input has a first line starting with '=',
// a --set override (applyOverride) applied to the rest before parsing.
#include "core/config/run_config.h"
#include "tests/fuzz/fuzz_common.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fpt::fuzz::bytesOf(data, size);
    fpt::fuzz::expectParsedOrError([&] {
        if (!text.empty() && text[0] == '=') {
            const auto eol = text.find('\n');
            const std::string assignment = text.substr(1, eol == std::string::npos ? eol : eol - 1);
            nlohmann::json j;
            try {
                j = nlohmann::json::parse(eol == std::string::npos ? "{}" : text.substr(eol + 1));
            } catch (const nlohmann::json::exception&) {
                return;
            }
            fpt::core::applyOverride(j, assignment);
            fpt::core::parseRunConfig(j.dump(), "fuzz --set");
            return;
        }
        const auto config = fpt::core::parseRunConfig(text, "fuzz");
        nlohmann::json back = config;  // a parsed config always serialises and re-parses
        fpt::core::parseRunConfig(back.dump(), "fuzz round trip");
    });
    return 0;
}
