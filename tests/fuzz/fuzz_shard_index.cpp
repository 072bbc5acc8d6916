// SPDX-License-Identifier: MIT
// Fuzzes model.safetensors.index.json: shard names must stay plain .safetensors files.
#include "core/formats/shard_index.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fpt::fuzz::expectParsedOrError([&] {
        for (const auto& name :
             fpt::core::parseShardIndex(fpt::fuzz::bytesOf(data, size), "fuzz")) {
            if (name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
                __builtin_trap();  // a shard path that leaves the model folder
            }
        }
    });
    return 0;
}
