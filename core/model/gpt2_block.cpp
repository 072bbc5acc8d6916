// SPDX-License-Identifier: MIT
// GPT-2 block wiring (HF GPT2Block, no cross-attention).
#include "core/model/gpt2_block.h"

namespace fpt::core {

namespace nn = torch::nn;

Gpt2BlockImpl::Gpt2BlockImpl(const Gpt2Config& config) {
    const auto lnOptions =
        nn::LayerNormOptions({config.n_embd}).eps(config.layer_norm_epsilon);
    m_ln1 = register_module("ln_1", nn::LayerNorm(lnOptions));
    m_attn = register_module("attn", CausalSelfAttention(config));
    m_ln2 = register_module("ln_2", nn::LayerNorm(lnOptions));
    m_mlp = register_module("mlp", Gpt2Mlp(config));
}

torch::Tensor Gpt2BlockImpl::forward(torch::Tensor x, torch::Tensor* probs) {
    x = x + m_attn(m_ln1(x), probs);
    return x + m_mlp(m_ln2(x));
}

torch::Tensor Gpt2BlockImpl::forwardLast(torch::Tensor x, int64_t keep) {
    const int64_t T = x.size(1);
    auto h = x.narrow(1, T - keep, keep) + m_attn->forwardLast(m_ln1(x), keep);  // (B, keep, C)
    return h + m_mlp(m_ln2(h));
}

}  // namespace fpt::core
