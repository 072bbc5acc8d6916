// SPDX-License-Identifier: MIT
// The Hugging Face sharded-checkpoint index (model.safetensors.index.json): which shard files a
// model folder consists of. Pure JSON, no torch, so a fuzzer can drive it with arbitrary bytes.
#pragma once

#include <string>
#include <vector>

namespace fpt::core {

/// The distinct shard file names of an index's "weight_map" (sorted). Each must be a plain
/// `.safetensors` file name inside the folder (no '/', no "..", no NUL); a pickle shard (.bin,
/// .pt, ...) is refused with how to convert it. Throws CheckpointError naming `origin`.
std::vector<std::string> parseShardIndex(const std::string& text, const std::string& origin);

}  // namespace fpt::core
