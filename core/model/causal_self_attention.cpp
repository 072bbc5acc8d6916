// SPDX-License-Identifier: MIT
// Attention written out (LibTorch 1.13 has no scaled_dot_product_attention), in HF GPT-2 order.
#include "core/model/causal_self_attention.h"

#include "core/kernels/blocked_attention.h"
#include "core/kernels/fused_linear.h"

#include <cmath>

namespace fpt::core {

namespace nn = torch::nn;

CausalSelfAttentionImpl::CausalSelfAttentionImpl(const Gpt2Config& config)
    : m_nHead(config.n_head)
    , m_causal(config.causal)
    , m_impl(config.attention_impl)
    , m_blockRows(config.attention_block_rows) {
    const int64_t c = config.n_embd;
    m_cAttn = register_module("c_attn", nn::Linear(nn::LinearOptions(c, 3 * c)));
    m_cProj = register_module("c_proj", nn::Linear(nn::LinearOptions(c, c)));
    m_attnDropout = register_module("attn_dropout", RunDropout(config.attn_pdrop));
    m_residDropout = register_module("resid_dropout", RunDropout(config.resid_pdrop));
    const int64_t p = config.n_positions;
    m_bias = register_buffer("bias", torch::ones({p, p}, torch::kBool).tril().view({1, 1, p, p}));
}

bool CausalSelfAttentionImpl::useBlocked(int64_t T, bool wantProbs) const {
    // Maps for the views need the probabilities themselves, and attention dropout needs them
    // materialised: both take the written-out path.
    if (wantProbs || (is_training() && m_attnDropout->p() > 0.0)) {
        return false;
    }
    return m_impl == AttentionImpl::Blocked ||
           (m_impl == AttentionImpl::Auto && T >= kBlockedAttentionMinT);
}

torch::Tensor CausalSelfAttentionImpl::forward(torch::Tensor x, torch::Tensor* probs) {
    const int64_t B = x.size(0);
    const int64_t T = x.size(1);
    const int64_t C = x.size(2);
    const int64_t hs = C / m_nHead;
    TORCH_CHECK(!m_causal || T <= m_bias.size(2), "sequence length ", T, " exceeds n_positions ",
                m_bias.size(2));
    auto fused = applyLinear(m_cAttn, x);  // (B, T, 3C)
    const bool kernelDtype = x.scalar_type() == torch::kFloat32 || x.scalar_type() == torch::kFloat64;
    if (x.is_cpu() && kernelDtype && useBlocked(T, probs != nullptr)) {
        auto y = blockedAttention(fused, m_nHead, m_causal, m_blockRows);  // (B, T, C)
        return m_residDropout(applyLinear(m_cProj, y));
    }
    auto qkv = fused.split(C, /*dim=*/2);  // 3 x (B, T, C)
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
    return m_residDropout(applyLinear(m_cProj, y));
}

torch::Tensor CausalSelfAttentionImpl::forwardLast(torch::Tensor x, int64_t keep) {
    const int64_t B = x.size(0);
    const int64_t T = x.size(1);
    const int64_t C = x.size(2);
    const int64_t hs = C / m_nHead;
    TORCH_CHECK(keep >= 1 && keep <= T, "keep must be in [1, T], got ", keep);
    TORCH_CHECK(!m_causal || T <= m_bias.size(2), "sequence length ", T, " exceeds n_positions ",
                m_bias.size(2));
    const auto& w = m_cAttn->weight;  // (3C, C): rows [q | k | v]
    const auto& b = m_cAttn->bias;
    auto kv = torch::linear(x, w.narrow(0, C, 2 * C), b.narrow(0, C, 2 * C));  // (B, T, 2C)
    auto q = torch::linear(x.narrow(1, T - keep, keep), w.narrow(0, 0, C), b.narrow(0, 0, C));
    q = q.view({B, keep, m_nHead, hs}).transpose(1, 2);                    // (B, nh, keep, hs)
    auto k = kv.narrow(2, 0, C).view({B, T, m_nHead, hs}).transpose(1, 2);  // (B, nh, T, hs)
    auto v = kv.narrow(2, C, C).view({B, T, m_nHead, hs}).transpose(1, 2);  // (B, nh, T, hs)
    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(hs)));
    if (m_causal) {
        using torch::indexing::Slice;
        const auto mask = m_bias.index({Slice(), Slice(), Slice(T - keep, T), Slice(0, T)});
        att = att.masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity());
    }
    att = m_attnDropout(torch::softmax(att, -1));                  // (B, nh, keep, T)
    auto y = torch::matmul(att, v);                                // (B, nh, keep, hs)
    y = y.transpose(1, 2).contiguous().view({B, keep, C});        // (B, keep, C)
    return m_residDropout(applyLinear(m_cProj, y));
}

}  // namespace fpt::core
