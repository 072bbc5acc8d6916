// SPDX-License-Identifier: MIT
// One LSTM layer (torch::nn::LSTM's math and gate order i, f, g, o; zero initial state) as a
// single autograd node: per time step one GEMM plus fused gate loops; in backward the weight and
// input gradients of all steps are three large GEMMs instead of 3 x T small ones.
#pragma once

#include <torch/torch.h>

namespace fpt::core {

/// x (B, T, I) -> h (B, T, H) for weights w_ih (4H, I), w_hh (4H, H), biases (4H) as
/// torch::nn::LSTM stores them. Differentiable in x and all four parameters. Float32 / float64 on
/// the CPU; equals torch's LSTM up to float rounding.
torch::Tensor fusedLstmLayer(const torch::Tensor& x,
                             const torch::Tensor& wIh,
                             const torch::Tensor& wHh,
                             const torch::Tensor& bIh,
                             const torch::Tensor& bHh);

/// Whether fusedLstmLayer handles tensors like `x` (CPU, float32 or float64).
bool fusedLstmSupports(const torch::Tensor& x);

}  // namespace fpt::core
