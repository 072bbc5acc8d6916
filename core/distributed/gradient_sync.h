// SPDX-License-Identifier: MIT
// Hook for data-parallel training: how a rank averages gradients and metrics with the others.
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace fpt::core {

class GradientSync {
public:
    virtual ~GradientSync() = default;
    virtual int rank() const = 0;
    virtual int worldSize() const = 0;
    virtual std::string backend() const = 0;
    /// Makes every tensor equal to rank 0's (initial weights).
    virtual void broadcast(std::vector<torch::Tensor>& tensors) = 0;
    /// Replaces each gradient by its mean over ranks.
    virtual void averageGradients(std::vector<torch::Tensor>& grads) = 0;
    /// Mean of per-rank values (loss, accuracy).
    virtual std::vector<double> averageValues(const std::vector<double>& values) = 0;
    /// Bytes all-reduced so far (for reporting).
    virtual int64_t bytesReduced() const = 0;
};

}  // namespace fpt::core
