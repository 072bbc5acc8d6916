// SPDX-License-Identifier: MIT
// GPT-2 body (HF GPT2Model) driven by inputs_embeds: wpe + dropout, n_layer blocks, ln_f.
// Parameter names equal HF state-dict keys (wte, wpe, h.{i}.…, ln_f), Linear weights are (out, in).
#pragma once

#include "core/model/run_dropout.h"
#include "core/model/gpt2_block.h"
#include "core/model/gpt2_config.h"

#include <torch/torch.h>

#include <vector>

namespace fpt::core {

class Gpt2ModelImpl : public torch::nn::Module {
public:
    /// Builds the architecture with HF's default initialisation (call under torch::manual_seed).
    explicit Gpt2ModelImpl(const Gpt2Config& config);

    /// inputs_embeds (B, T, C) -> last_hidden_state (B, T, C). If `attentions` is given it receives
    /// one (B, nh, T, T) probability tensor per layer.
    torch::Tensor forward(torch::Tensor inputsEmbeds,
                          std::vector<torch::Tensor>* attentions = nullptr);

    /// inputs_embeds (B, T, C) -> last_hidden_state at the last `keep` positions (B, keep, C).
    /// The last block computes queries, attention and MLP only there (keys and values for all T),
    /// so a read-out of R tokens skips most of that block's work, forward and backward. Exact: it
    /// equals forward(x).narrow(1, T - keep, keep) up to float rounding.
    torch::Tensor forwardLast(torch::Tensor inputsEmbeds, int64_t keep);

    /// Token ids (B, T) -> last_hidden_state, through wte (needs vocab_size > 0).
    torch::Tensor forwardTokens(torch::Tensor ids);

    /// Language-model logits (B, T, vocab) with the head tied to wte.
    torch::Tensor lmLogits(torch::Tensor hidden);

    /// HF GPT-2 init: N(0, 0.02) weights and embeddings, c_proj scaled by 1/sqrt(2 n_layer),
    /// zero biases, LayerNorm 1/0.
    void resetParameters();

    const Gpt2Config& config() const { return m_config; }
    bool hasTokenEmbedding() const { return !m_wte.is_empty(); }
    torch::nn::Embedding& wpe() { return m_wpe; }
    torch::nn::Embedding& wte() { return m_wte; }

private:
    Gpt2Config m_config;
    torch::nn::Embedding m_wte{nullptr};  // "wte": vocab -> C (absent when vocab_size == 0)
    torch::nn::Embedding m_wpe{nullptr};  // "wpe": n_positions -> C
    RunDropout m_drop{nullptr};   // "drop"
    torch::nn::ModuleList m_h{nullptr};   // "h": n_layer Gpt2Block
    torch::nn::LayerNorm m_lnF{nullptr};  // "ln_f"
};
TORCH_MODULE(Gpt2Model);

}  // namespace fpt::core
