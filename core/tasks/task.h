// SPDX-License-Identifier: MIT
// The Task interface: every paper task turns a split + batch index into (x, y) tensors.
#pragma once

#include "core/config/task_types.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

/// One batch. x: (B, T, input_dim) float32 for Continuous tasks, (B, T) int64 for Tokens tasks.
/// y: int64 class targets whose numel equals logits.numel() / num_classes (e.g. (B) or (B, n_bits)).
struct Batch {
    torch::Tensor x;
    torch::Tensor y;
};

/// A task: data source + tokenisation. Batches are a pure function of (seed, split, index), so a
/// resumed or distributed run sees exactly the batches an uninterrupted run would.
/// Thread-safety: batch() may be called from one thread at a time per Task object.
class Task {
public:
    virtual ~Task() = default;

    /// The task key, e.g. "bit_xor".
    virtual std::string name() const = 0;

    /// Shapes and read-out convention.
    virtual const TaskSpec& spec() const = 0;

    /// The index-th batch of a split (index >= 0). For finite datasets the train split walks a
    /// seeded permutation epoch by epoch; the test split walks the test set in a fixed order.
    virtual Batch batch(Split split, int64_t batchSize, int64_t index) = 0;

    /// Number of examples in a split, or -1 for generated (infinite) data.
    virtual int64_t size(Split split) const = 0;

    /// The fixed probe example (batch of 1) the attention views show, and what its tokens mean.
    virtual Batch probeBatch() = 0;
    virtual ProbeInfo probeInfo() = 0;
};

}  // namespace fpt::core
