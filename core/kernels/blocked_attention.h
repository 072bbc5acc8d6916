// SPDX-License-Identifier: MIT
// Multi-head attention straight from the fused projection: query blocks against only the keys
// they can see, softmax recomputed in backward (flash-attention style on CPU, one BLAS GEMM per
// block and head), heads in parallel on all cores. Never forms a (B, nh, T, T) tensor.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace fpt::core {

/// qkv (B, T, 3C) = [q | k | v] as c_attn produces it -> the heads' outputs merged, (B, T, C):
/// softmax(q kᵀ / sqrt(hs) [+ causal mask]) v per head, hs = C / nHead. Differentiable in qkv;
/// keeps only qkv, the output and one log-sum-exp per row for backward (O(T) memory, not O(T²)).
/// Float32 and float64. Equals the written-out attention up to float rounding.
torch::Tensor blockedAttention(const torch::Tensor& qkv,
                               int64_t nHead,
                               bool causal,
                               int64_t blockRows);

}  // namespace fpt::core
