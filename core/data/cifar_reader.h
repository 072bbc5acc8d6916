// SPDX-License-Identifier: MIT
// Reader for the CIFAR-10 binary version (cifar-10-batches-bin/): records of 1 label byte +
// 3072 pixel bytes (1024 R, 1024 G, 1024 B planes, row-major 32x32); batches.meta.txt names.
#pragma once

#include "core/config/dataset_types.h"
#include "core/config/task_types.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace fpt::core {

inline constexpr int64_t kCifarSide = 32;
inline constexpr int64_t kCifarRecordBytes = 1 + 3 * kCifarSide * kCifarSide;  // 3073

/// Parses one batch file held in memory: images (n, 3, 32, 32) uint8, labels (n) int64 in 0..9.
/// Throws DatasetError naming `origin` (and the record) for a size that is not a whole number
/// of 3073-byte records, an empty file or a label > 9.
ImageSet parseCifarBatch(const std::string& bytes, const std::string& origin);

/// Parses batches.meta.txt: exactly 10 non-empty class names, one a line (blank lines ignored).
std::vector<std::string> parseCifarClassNames(const std::string& text, const std::string& origin);

/// The 10 CIFAR-10 class names in label order (used when batches.meta.txt is absent).
std::vector<std::string> defaultCifarClassNames();

/// Reads data_batch_1..5.bin (Train, 50,000 records) or test_batch.bin (Test) from `dir`, plus
/// batches.meta.txt if present. A missing batch names the file and says where to put the data.
ImageSet readCifarSplit(const std::string& dir, Split split);

}  // namespace fpt::core
