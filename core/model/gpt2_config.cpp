// SPDX-License-Identifier: MIT
// Hugging Face GPT-2 config.json <-> Gpt2Config, with checks for options we don't implement.
#include "core/model/gpt2_config.h"

#include "core/config/error.h"
#include "core/config/json_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <type_traits>

namespace fpt::core {

namespace {

template <typename T>
void readField(const nlohmann::json& j, const char* key, T& out, const std::string& origin) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return;
    }
    // Checked before get<T>(): nlohmann converts 1e300 to int64 with a plain cast (UB, reproduced
    // with fuzz_gpt2_config, issue 8) and throws its own type_error for other mismatches.
    bool ok = false;
    if constexpr (std::is_same_v<T, bool>) {
        ok = it->is_boolean();
    } else if constexpr (std::is_integral_v<T>) {
        ok = it->is_number_integer();
    } else if constexpr (std::is_floating_point_v<T>) {
        ok = it->is_number();
    } else {
        ok = it->is_string();
    }
    if (!ok) {
        throw CheckpointError("config '" + origin + "': field '" + key + "' has the wrong type (" +
                              it->dump() + ")");
    }
    out = it->get<T>();
}

}  // namespace

AttentionImpl parseAttentionImpl(const std::string& name) {
    if (name == "auto") {
        return AttentionImpl::Auto;
    }
    if (name == "plain") {
        return AttentionImpl::Plain;
    }
    if (name == "blocked") {
        return AttentionImpl::Blocked;
    }
    throw ConfigError("unknown attention implementation '" + name + "' (auto, plain or blocked)");
}

const char* attentionImplName(AttentionImpl impl) {
    switch (impl) {
        case AttentionImpl::Plain:
            return "plain";
        case AttentionImpl::Blocked:
            return "blocked";
        case AttentionImpl::Auto:
            break;
    }
    return "auto";
}

void Gpt2Config::validate(const std::string& origin) const {
    auto bad = [&](const std::string& what) {
        throw CheckpointError("config '" + origin + "': " + what);
    };
    if (n_embd <= 0 || n_head <= 0 || n_layer < 0 || n_positions <= 0 || vocab_size < 0 ||
        n_inner < 0) {
        bad("n_embd, n_head, n_positions must be > 0 and n_layer, vocab_size, n_inner >= 0");
    }
    if (n_embd % n_head != 0) {
        bad("n_embd (" + std::to_string(n_embd) + ") must be divisible by n_head (" +
            std::to_string(n_head) + ")");
    }
    if (n_embd > 65536 || n_layer > 1024 || n_positions > 1 << 20 || vocab_size > 1 << 24 ||
        n_inner > 1 << 20) {
        bad("architecture is implausibly large");
    }
    if (activation_function != "gelu_new" && activation_function != "gelu" &&
        activation_function != "gelu_pytorch_tanh") {
        bad("activation_function '" + activation_function +
            "' is not supported (gelu_new, gelu_pytorch_tanh or gelu)");
    }
    for (double p : {embd_pdrop, attn_pdrop, resid_pdrop}) {
        if (p < 0.0 || p >= 1.0) {
            bad("dropout probabilities must be in [0, 1)");
        }
    }
    if (!(layer_norm_epsilon > 0.0)) {
        bad("layer_norm_epsilon must be > 0");
    }
}

Gpt2Config parseGpt2Config(const nlohmann::json& j, const std::string& origin) {
    if (!j.is_object()) {
        throw CheckpointError("config '" + origin + "' is not a JSON object");
    }
    std::string modelType = "gpt2";
    readField(j, "model_type", modelType, origin);
    if (modelType != "gpt2") {
        throw CheckpointError("config '" + origin + "': model_type '" + modelType +
                              "' is not gpt2 (only GPT-2 checkpoints can be loaded)");
    }
    for (const char* unsupported : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"}) {
        bool on = false;
        readField(j, unsupported, on, origin);
        if (on) {
            throw CheckpointError("config '" + origin + "': " + unsupported +
                                  " = true is not supported");
        }
    }
    bool scaleAttnWeights = true;
    readField(j, "scale_attn_weights", scaleAttnWeights, origin);
    if (!scaleAttnWeights) {
        throw CheckpointError("config '" + origin + "': scale_attn_weights = false is not supported");
    }
    Gpt2Config c;
    readField(j, "n_embd", c.n_embd, origin);
    readField(j, "n_head", c.n_head, origin);
    readField(j, "n_layer", c.n_layer, origin);
    readField(j, "n_positions", c.n_positions, origin);
    readField(j, "n_inner", c.n_inner, origin);
    readField(j, "vocab_size", c.vocab_size, origin);
    readField(j, "layer_norm_epsilon", c.layer_norm_epsilon, origin);
    readField(j, "embd_pdrop", c.embd_pdrop, origin);
    readField(j, "attn_pdrop", c.attn_pdrop, origin);
    readField(j, "resid_pdrop", c.resid_pdrop, origin);
    readField(j, "activation_function", c.activation_function, origin);
    readField(j, "fpt_causal", c.causal, origin);
    c.validate(origin);
    return c;
}

Gpt2Config parseGpt2ConfigText(const std::string& text, const std::string& origin) {
    return parseGpt2Config(parseJsonText<CheckpointError>(text, origin), origin);
}

Gpt2Config readGpt2Config(const std::string& configJsonPath) {
    return parseGpt2Config(
        readJsonFile<CheckpointError>(configJsonPath,
                                      "a model folder needs config.json beside model.safetensors"),
        configJsonPath);
}

nlohmann::json gpt2ConfigToJson(const Gpt2Config& c, bool lmHead) {
    nlohmann::json j = {{"architectures", {lmHead ? "GPT2LMHeadModel" : "GPT2Model"}},
                        {"model_type", "gpt2"},
                        {"n_embd", c.n_embd},
                        {"n_head", c.n_head},
                        {"n_layer", c.n_layer},
                        {"n_positions", c.n_positions},
                        {"n_ctx", c.n_positions},
                        {"n_inner", c.n_inner > 0 ? nlohmann::json(c.n_inner) : nlohmann::json()},
                        {"vocab_size", c.vocab_size},
                        {"layer_norm_epsilon", c.layer_norm_epsilon},
                        {"embd_pdrop", c.embd_pdrop},
                        {"attn_pdrop", c.attn_pdrop},
                        {"resid_pdrop", c.resid_pdrop},
                        {"activation_function", c.activation_function},
                        {"initializer_range", 0.02},
                        {"torch_dtype", "float32"}};
    if (!c.causal) {
        j["fpt_causal"] = false;  // our extension: ViT-style bidirectional body
    }
    return j;
}

}  // namespace fpt::core
