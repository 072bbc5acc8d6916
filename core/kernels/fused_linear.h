// SPDX-License-Identifier: MIT
// Linear layers through at::linear rather than the C++ frontend's Linear::forward: for a
// contiguous (B, T, C) input at::linear folds to one addmm with the bias inside the GEMM, while
// torch::nn::functional::linear does matmul + a separate bias add (one more pass over the output
// and one more autograd node). Same values up to float rounding; measured in docs/benchmarks.md.
#pragma once

#include <torch/torch.h>

namespace fpt::core {

inline torch::Tensor applyLinear(const torch::nn::Linear& layer, const torch::Tensor& x) {
    return torch::linear(x, layer->weight, layer->bias);
}

}  // namespace fpt::core
