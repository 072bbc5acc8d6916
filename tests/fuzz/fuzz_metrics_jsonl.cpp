// SPDX-License-Identifier: MIT
// Fuzzes the metrics.jsonl reader and the resume filter that rewrites it.
#include "core/training/run_folder.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fpt::fuzz::bytesOf(data, size);
    fpt::fuzz::expectParsedOrError([&] {
        const auto lines = fpt::core::parseMetricsLines(text);
        const int64_t step = size > 0 ? data[0] : 0;
        const auto kept = fpt::core::metricsKeptOnResume(text, step);
        // Filtering is idempotent and keeps only whole, parsable lines.
        if (fpt::core::metricsKeptOnResume(kept, step) != kept ||
            fpt::core::parseMetricsLines(kept).size() > lines.size()) {
            __builtin_trap();
        }
    });
    return 0;
}
