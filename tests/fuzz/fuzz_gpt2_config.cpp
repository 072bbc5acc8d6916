// SPDX-License-Identifier: MIT
// Fuzzes an HF config.json as the GPT-2 loader reads it (JSON, then shape validation).
#include "core/model/gpt2_config.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fpt::fuzz::expectParsedOrError([&] {
        const auto config = fpt::core::parseGpt2ConfigText(fpt::fuzz::bytesOf(data, size), "fuzz");
        config.validate("fuzz");
        (void)config.headSize();
    });
    return 0;
}
