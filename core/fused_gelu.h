// SPDX-License-Identifier: MIT
// GPT-2's GELU ("gelu_new", tanh approximation) on all cores, forward and backward, for float32
// CPU tensors (torch runs it on one thread here, where intra-op threads are 1 so OpenBLAS gets
// the cores).
#pragma once

#include <torch/torch.h>

namespace fpt::core {

/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x³))), differentiable; equals
/// torch::gelu(x, "tanh") up to float rounding. Other dtypes / devices go to torch::gelu.
torch::Tensor fusedGeluTanh(const torch::Tensor& x);

}  // namespace fpt::core
