// SPDX-License-Identifier: MIT
// Attention written out (LibTorch 1.13 has no scaled_dot_product_attention), in HF GPT-2 order.
#include "core/causal_self_attention.h"

#include <cmath>

namespace fpt::core {

namespace nn = torch::nn;

CausalSelfAttentionImpl::CausalSelfAttentionImpl(const Gpt2Config& config)
    : m_nHead(config.n_head)
    , m_causal(config.causal) {
    const int64_t c = config.n_embd;
    m_cAttn = register_module("c_attn", nn::Linear(nn::LinearOptions(c, 3 * c)));
    m_cProj = register_module("c_proj", nn::Linear(nn::LinearOptions(c, c)));
    m_attnDropout = register_module("attn_dropout", RunDropout(config.attn_pdrop));
    m_residDropout = register_module("resid_dropout", RunDropout(config.resid_pdrop));
    const int64_t p = config.n_positions;
    m_bias = register_buffer("bias", torch::ones({p, p}, torch::kBool).tril().view({1, 1, p, p}));
}

torch::Tensor CausalSelfAttentionImpl::forward(torch::Tensor x, torch::Tensor* probs) {
    const int64_t B = x.size(0);
    const int64_t T = x.size(1);
    const int64_t C = x.size(2);
    const int64_t hs = C / m_nHead;
    TORCH_CHECK(!m_causal || T <= m_bias.size(2), "sequence length ", T, " exceeds n_positions ",
                m_bias.size(2));
    auto qkv = m_cAttn(x).split(C, /*dim=*/2);  // 3 x (B, T, C)
    auto q = qkv[0].view({B, T, m_nHead, hs}).transpose(1, 2);  // (B, nh, T, hs)
    auto k = qkv[1].view({B, T, m_nHead, hs}).transpose(1, 2);  // (B, nh, T, hs)
    auto v = qkv[2].view({B, T, m_nHead, hs}).transpose(1, 2);  // (B, nh, T, hs)
    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(hs)));
    if (m_causal) {
        using torch::indexing::Slice;
        const auto mask = m_bias.index({Slice(), Slice(), Slice(0, T), Slice(0, T)});
        att = att.masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity());
    }
    att = torch::softmax(att, -1);  // (B, nh, T, T)
    if (probs != nullptr) {
        *probs = att;
    }
    att = m_attnDropout(att);
    auto y = torch::matmul(att, v);                       // (B, nh, T, hs)
    y = y.transpose(1, 2).contiguous().view({B, T, C});  // (B, T, C)
    return m_residDropout(m_cProj(y));
}

}  // namespace fpt::core
