// SPDX-License-Identifier: MIT
// Fuzzes LRA ListOps TSVs: parsing, then tokenising with both vocabularies (byte 0 picks).
#include "core/data/listops_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string text = fpt::fuzz::bytesOf(data + 1, size - 1);
    fpt::fuzz::expectParsedOrError([&] {
        const auto examples = fpt::core::parseListOpsTsv(text, "fuzz");
        const fpt::core::ListOpsVocab vocab((data[0] & 1) != 0);
        fpt::core::encodeListOps(examples, vocab, 1 + (data[0] >> 1), "fuzz");
    });
    return 0;
}
