// SPDX-License-Identifier: MIT
// Fuzzes CIFAR-10 binary batches (byte 0 even) and batches.meta.txt (byte 0 odd).
#include "core/data/cifar_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string bytes = fpt::fuzz::bytesOf(data + 1, size - 1);
    fpt::fuzz::expectParsedOrError([&] {
        if (data[0] & 1) {
            fpt::core::parseCifarClassNames(bytes, "fuzz");
        } else {
            fpt::core::parseCifarBatch(bytes, "fuzz");
        }
    });
    return 0;
}
