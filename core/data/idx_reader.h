// SPDX-License-Identifier: MIT
// Reader for IDX files (the original MNIST / Fashion-MNIST format), gzip or plain: images with
// magic 0x00000803 (N, rows, cols) and labels with magic 0x00000801 (N), big-endian counts.
#pragma once

#include "core/config/dataset_types.h"
#include "core/config/task_types.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

inline constexpr uint32_t kIdxImagesMagic = 0x00000803;  // unsigned byte, 3 dims
inline constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned byte, 1 dim

/// Parses an IDX image file held in memory: (N, rows, cols) uint8. Throws DatasetError naming
/// `origin` on a wrong magic, a header/size mismatch, a truncated file or zero images.
torch::Tensor parseIdxImages(const std::string& bytes, const std::string& origin);

/// Parses an IDX label file held in memory: (N) int64. Labels >= numClasses are an error.
torch::Tensor parseIdxLabels(const std::string& bytes,
                             const std::string& origin,
                             int64_t numClasses);

/// The file (`stem` or `stem`.gz) in `dir`, or "" when neither exists.
std::string findIdxFile(const std::string& dir, const std::string& stem);

/// True when `dir` holds all four MNIST-style IDX files (train/t10k images and labels).
bool hasIdxSplitFiles(const std::string& dir);

/// Reads a split of an MNIST-style folder (train-* or t10k-* images and labels, .gz or not):
/// images (N, 1, rows, cols) uint8 and labels; counts must agree.
ImageSet readIdxSplit(const std::string& dir, Split split, int64_t numClasses = 10);

/// Reads one images file and one labels file (gzip or plain) whose counts must agree.
ImageSet readIdxPair(const std::string& imagesPath,
                     const std::string& labelsPath,
                     int64_t numClasses);

}  // namespace fpt::core
