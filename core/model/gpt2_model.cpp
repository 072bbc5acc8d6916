// SPDX-License-Identifier: MIT
// GPT-2 forward in HF order (embeddings -> blocks -> ln_f) and HF's default initialisation.
#include "core/model/gpt2_model.h"

#include <cmath>

namespace fpt::core {

namespace nn = torch::nn;

Gpt2ModelImpl::Gpt2ModelImpl(const Gpt2Config& config)
    : m_config(config) {
    const int64_t c = config.n_embd;
    if (config.vocab_size > 0) {
        m_wte = register_module("wte", nn::Embedding(nn::EmbeddingOptions(config.vocab_size, c)));
    }
    m_wpe = register_module("wpe", nn::Embedding(nn::EmbeddingOptions(config.n_positions, c)));
    m_drop = register_module("drop", RunDropout(config.embd_pdrop));
    m_h = register_module("h", nn::ModuleList());
    for (int64_t i = 0; i < config.n_layer; ++i) {
        m_h->push_back(Gpt2Block(config));
    }
    m_lnF = register_module(
        "ln_f", nn::LayerNorm(nn::LayerNormOptions({c}).eps(config.layer_norm_epsilon)));
    resetParameters();
}

void Gpt2ModelImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    const double std = 0.02;
    const double projStd = std / std::sqrt(2.0 * static_cast<double>(std::max<int64_t>(1, m_config.n_layer)));
    for (auto& item : named_parameters()) {
        const auto& name = item.key();
        auto& p = item.value();
        const bool isNorm = name.find("ln_") != std::string::npos;
        if (isNorm) {
            name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0 ? p.fill_(1.0)
                                                                                 : p.zero_();
        } else if (name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0) {
            p.zero_();
        } else if (name.find("c_proj.weight") != std::string::npos) {
            p.normal_(0.0, projStd);
        } else {
            p.normal_(0.0, std);
        }
    }
}

torch::Tensor Gpt2ModelImpl::forward(torch::Tensor inputsEmbeds,
                                     std::vector<torch::Tensor>* attentions) {
    const int64_t T = inputsEmbeds.size(1);
    TORCH_CHECK(T <= m_config.n_positions, "sequence length ", T, " exceeds n_positions ",
                m_config.n_positions);
    using torch::indexing::Slice;
    auto x = inputsEmbeds + m_wpe->weight.index({Slice(0, T)});  // (B, T, C)
    x = m_drop(x);
    if (attentions != nullptr) {
        attentions->clear();
    }
    for (const auto& module : *m_h) {
        torch::Tensor probs;
        x = module->as<Gpt2Block>()->forward(x, attentions != nullptr ? &probs : nullptr);
        if (attentions != nullptr) {
            attentions->push_back(probs);
        }
    }
    return m_lnF(x);
}

torch::Tensor Gpt2ModelImpl::forwardLast(torch::Tensor inputsEmbeds, int64_t keep) {
    const int64_t T = inputsEmbeds.size(1);
    TORCH_CHECK(T <= m_config.n_positions, "sequence length ", T, " exceeds n_positions ",
                m_config.n_positions);
    TORCH_CHECK(keep >= 1 && keep <= T, "keep must be in [1, T], got ", keep);
    using torch::indexing::Slice;
    auto x = m_drop(inputsEmbeds + m_wpe->weight.index({Slice(0, T)}));  // (B, T, C)
    const auto n = static_cast<int64_t>(m_h->size());
    if (n == 0) {
        return m_lnF(x.narrow(1, T - keep, keep));
    }
    for (int64_t i = 0; i + 1 < n; ++i) {
        x = m_h[i]->as<Gpt2Block>()->forward(x);
    }
    return m_lnF(m_h[n - 1]->as<Gpt2Block>()->forwardLast(x, keep));  // (B, keep, C)
}

torch::Tensor Gpt2ModelImpl::forwardTokens(torch::Tensor ids) {
    TORCH_CHECK(hasTokenEmbedding(), "this GPT-2 body has no token embedding (vocab_size 0)");
    return forward(m_wte(ids));
}

torch::Tensor Gpt2ModelImpl::lmLogits(torch::Tensor hidden) {
    TORCH_CHECK(hasTokenEmbedding(), "this GPT-2 body has no token embedding (vocab_size 0)");
    return torch::matmul(hidden, m_wte->weight.t());  // (B, T, vocab)
}

}  // namespace fpt::core
