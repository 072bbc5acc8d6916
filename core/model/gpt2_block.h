// SPDX-License-Identifier: MIT
// One pre-LayerNorm GPT-2 block ("h.{i}"): x + attn(ln_1(x)), then x + mlp(ln_2(x)).
#pragma once

#include "core/model/causal_self_attention.h"
#include "core/model/gpt2_config.h"
#include "core/model/gpt2_mlp.h"

#include <torch/torch.h>

namespace fpt::core {

class Gpt2BlockImpl : public torch::nn::Module {
public:
    explicit Gpt2BlockImpl(const Gpt2Config& config);
    /// (B, T, C) -> (B, T, C); `probs` as in CausalSelfAttention.
    torch::Tensor forward(torch::Tensor x, torch::Tensor* probs = nullptr);
    /// (B, T, C) -> (B, keep, C): forward() at only the last `keep` positions (all T attended).
    torch::Tensor forwardLast(torch::Tensor x, int64_t keep);

private:
    torch::nn::LayerNorm m_ln1{nullptr};  // "ln_1"
    CausalSelfAttention m_attn{nullptr};  // "attn"
    torch::nn::LayerNorm m_ln2{nullptr};  // "ln_2"
    Gpt2Mlp m_mlp{nullptr};               // "mlp"
};
TORCH_MODULE(Gpt2Block);

}  // namespace fpt::core
