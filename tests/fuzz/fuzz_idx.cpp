// SPDX-License-Identifier: MIT
// Fuzzes IDX files (MNIST / Fashion-MNIST), gzip or plain. Byte 0 chooses images or labels; the
// rest is the file. Gzip input (1f 8b) goes through a scratch file in /dev/shm and the real
// readDatasetFile; plain input, which zlib passes through unchanged, is parsed directly (the file
// round trip costs ~20 ms an input under ASan).
#include "core/formats/dataset_file.h"
#include "core/data/idx_reader.h"
#include "tests/fuzz/fuzz_common.h"

#include <fstream>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    std::string bytes = fpt::fuzz::bytesOf(data + 1, size - 1);
    static const std::string path = "/dev/shm/fpt_fuzz_idx_" + std::to_string(::getpid());
    const bool gzip = bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
    if (gzip) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    fpt::fuzz::expectParsedOrError([&] {
        if (gzip) {
            // 64 MiB cap: a gzip bomb must be refused, not exhaust memory.
            bytes = fpt::core::readDatasetFile(path, "", int64_t{64} << 20);
        }
        if (data[0] & 1) {
            fpt::core::parseIdxLabels(bytes, "fuzz", 10);
        } else {
            fpt::core::parseIdxImages(bytes, "fuzz");
        }
    });
    return 0;
}
