// SPDX-License-Identifier: MIT
// Fuzzes TAPE remote-homology records: byte 0 picks JSON, JSON Lines or FASTA; then tokenising.
#include "core/data/tape_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    static const char* const kOrigins[] = {"fuzz.json", "fuzz.jsonl", "fuzz.fasta"};
    const std::string text = fpt::fuzz::bytesOf(data + 1, size - 1);
    fpt::fuzz::expectParsedOrError([&] {
        const auto records = fpt::core::parseTapeRecords(text, kOrigins[data[0] % 3]);
        fpt::core::encodeProteins(records, 64);
    });
    return 0;
}
