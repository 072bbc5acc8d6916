// SPDX-License-Identifier: MIT
// Fuzzes the safetensors header: 8-byte length, JSON entries, dtypes, shapes, data_offsets.
#include "core/formats/safetensors_header.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fpt::fuzz::expectParsedOrError([&] {
        const auto header =
            fpt::core::parseSafetensorsBytes(fpt::fuzz::bytesOf(data, size), "fuzz");
        // What the loader relies on: every tensor lies inside the buffer.
        for (const auto& e : header.entries) {
            if (e.end < e.begin || header.data_start + e.end > size) {
                __builtin_trap();
            }
        }
    });
    return 0;
}
