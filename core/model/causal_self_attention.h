// SPDX-License-Identifier: MIT
// GPT-2 multi-head self-attention ("attn"): fused qkv projection, causal softmax, output projection.
#pragma once

#include "core/model/run_dropout.h"
#include "core/model/gpt2_config.h"

#include <torch/torch.h>

namespace fpt::core {

/// AttentionImpl::Auto switches to blocked attention from this many tokens (measured crossover).
inline constexpr int64_t kBlockedAttentionMinT = 256;

class CausalSelfAttentionImpl : public torch::nn::Module {
public:
    explicit CausalSelfAttentionImpl(const Gpt2Config& config);

    /// (B, T, C) -> (B, T, C). When `probs` is given it receives the softmax probabilities
    /// (B, nh, T, T), before attention dropout, exactly as HF's output_attentions (this always
    /// takes the written-out path).
    torch::Tensor forward(torch::Tensor x, torch::Tensor* probs = nullptr);

    /// (B, T, C) -> (B, keep, C): the output at only the last `keep` positions. Keys and values
    /// still come from all T positions; queries, scores and c_proj only for the kept ones.
    torch::Tensor forwardLast(torch::Tensor x, int64_t keep);

    /// Whether forward() at T tokens runs blockedAttention (see AttentionImpl).
    bool useBlocked(int64_t T, bool wantProbs) const;
    void setAttentionImpl(AttentionImpl impl) { m_impl = impl; }

    torch::nn::Linear& cAttn() { return m_cAttn; }
    torch::nn::Linear& cProj() { return m_cProj; }

private:
    int64_t m_nHead;
    bool m_causal;
    AttentionImpl m_impl;
    int64_t m_blockRows;
    torch::nn::Linear m_cAttn{nullptr};  // "c_attn": C -> 3C (q, k, v)
    torch::nn::Linear m_cProj{nullptr};  // "c_proj": C -> C
    RunDropout m_attnDropout{nullptr};
    RunDropout m_residDropout{nullptr};
    torch::Tensor m_bias;  // "bias": (1, 1, P, P) lower-triangular bool mask (HF's legacy buffer)
};
TORCH_MODULE(CausalSelfAttention);

}  // namespace fpt::core
