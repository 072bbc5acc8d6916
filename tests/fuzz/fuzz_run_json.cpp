// SPDX-License-Identifier: MIT
// Fuzzes a run folder's run.json as --resume reads it: the record, then its config.
#include "core/config/run_config.h"
#include "core/training/run_folder.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fpt::fuzz::expectParsedOrError([&] {
        const auto record = fpt::core::parseRunRecord(fpt::fuzz::bytesOf(data, size), "fuzz");
        fpt::core::parseRunConfig(record["config"].dump(), "fuzz config");
    });
    return 0;
}
