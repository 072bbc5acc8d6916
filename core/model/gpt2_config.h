// SPDX-License-Identifier: MIT
// GPT-2 architecture hyper-parameters, read from / written to a Hugging Face config.json.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace fpt::core {

/// How attention is computed. Plain: written out, (B, nh, T, T) scores kept for backward.
/// Blocked: query blocks against only the keys they can see, softmax recomputed in backward
/// (never a T x T tensor; exact same math). Auto: blocked from kBlockedAttentionMinT tokens.
/// Attention maps (forward with `probs`) and attention dropout in training always take Plain.
enum class AttentionImpl { Auto, Plain, Blocked };

/// "auto", "plain", "blocked" <-> AttentionImpl; throws ConfigError on other names.
AttentionImpl parseAttentionImpl(const std::string& name);
const char* attentionImplName(AttentionImpl impl);

struct Gpt2Config {
    int64_t n_embd = 768;         // model width C
    int64_t n_head = 12;          // attention heads (head size C / n_head)
    int64_t n_layer = 12;         // transformer blocks
    int64_t n_positions = 1024;   // learned positions (max T)
    int64_t n_inner = 0;          // MLP hidden size (0: 4 * n_embd)
    int64_t vocab_size = 0;       // token embedding rows (0: no wte, inputs_embeds only)
    double layer_norm_epsilon = 1e-5;
    double embd_pdrop = 0.1;      // dropout after adding positions
    double attn_pdrop = 0.1;      // dropout on attention probabilities
    double resid_pdrop = 0.1;     // dropout on each residual branch
    std::string activation_function = "gelu_new";  // gelu_new (tanh approx.) or gelu (exact)
    bool causal = true;           // causal mask (GPT-2); false for ViT-style encoders
    AttentionImpl attention_impl = AttentionImpl::Auto;  // runtime choice, not an HF key
    int64_t attention_block_rows = 128;  // query rows per block of blocked attention

    int64_t innerSize() const { return n_inner > 0 ? n_inner : 4 * n_embd; }
    int64_t headSize() const { return n_embd / n_head; }
    /// Throws CheckpointError (naming `origin`) when the shape is inconsistent or unsupported.
    void validate(const std::string& origin) const;
};

/// Reads an HF config.json (GPT2Model / GPT2LMHeadModel); rejects options we don't implement
/// (scale_attn_by_inverse_layer_idx, reorder_and_upcast_attn, other activations).
Gpt2Config readGpt2Config(const std::string& configJsonPath);
Gpt2Config parseGpt2Config(const nlohmann::json& j, const std::string& origin);
/// config.json text held in memory (what readGpt2Config parses after reading the file).
Gpt2Config parseGpt2ConfigText(const std::string& text, const std::string& origin);

/// The HF config.json for a saved GPT2Model ("GPT2LMHeadModel" when `lmHead`).
nlohmann::json gpt2ConfigToJson(const Gpt2Config& config, bool lmHead);

}  // namespace fpt::core
