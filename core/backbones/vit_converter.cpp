// SPDX-License-Identifier: MIT
// ViT -> GPT-2 key mapping: layernorm_before -> ln_1, query|key|value -> c_attn (rows stacked
// q, k, v as in GPT-2's split), attention.output.dense -> attn.c_proj, layernorm_after -> ln_2,
// intermediate.dense -> mlp.c_fc, output.dense -> mlp.c_proj, layernorm -> ln_f.
#include "core/backbones/vit_converter.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/model/gpt2_model.h"
#include "core/formats/safetensors_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

/// The ViT tensors of one safetensors file, found with or without the "vit." prefix.
class VitTensors {
public:
    explicit VitTensors(const std::string& path)
        : m_file(path) {
        m_prefix = m_file.contains("vit.embeddings.position_embeddings") ? "vit." : "";
    }

    torch::Tensor take(const std::string& key, std::vector<int64_t> shape) {
        const auto name = m_prefix + key;
        if (!m_file.contains(name)) {
            throw CheckpointError("ViT file '" + m_file.path() + "' is missing tensor '" + name +
                                  "'");
        }
        auto t = m_file.read(name).to(torch::kFloat32);
        if (t.sizes() != torch::IntArrayRef(shape)) {
            std::ostringstream msg;
            msg << "ViT file '" << m_file.path() << "': tensor '" << name << "' has shape "
                << t.sizes() << " but config.json implies " << torch::IntArrayRef(shape);
            throw CheckpointError(msg.str());
        }
        m_used.insert(name);
        return t;
    }

    /// A bias that qkv_bias=false checkpoints leave out.
    torch::Tensor takeOrZeros(const std::string& key, int64_t size) {
        return m_file.contains(m_prefix + key) ? take(key, {size}) : torch::zeros({size});
    }

    torch::Tensor positions(int64_t width) {
        const auto name = m_prefix + "embeddings.position_embeddings";
        if (!m_file.contains(name)) {
            throw CheckpointError("ViT file '" + m_file.path() + "' is missing tensor '" + name +
                                  "'");
        }
        const auto& e = m_file.entry(name);
        if (e.shape.size() != 3 || e.shape[0] != 1 || e.shape[2] != width) {
            throw CheckpointError("ViT file '" + m_file.path() + "': '" + name +
                                  "' must have shape (1, P, " + std::to_string(width) + ")");
        }
        return take("embeddings.position_embeddings", e.shape).squeeze(0);  // (P, C)
    }

    std::vector<std::string> unused() const {
        std::vector<std::string> out;
        for (const auto& name : m_file.names()) {
            if (m_used.count(name) == 0) {
                out.push_back(name);
            }
        }
        return out;
    }

private:
    SafetensorsFile m_file;
    std::string m_prefix;
    std::set<std::string> m_used;
};

void copyLayer(Gpt2Model& model, VitTensors& vit, int64_t i) {
    const auto& c = model->config();
    const int64_t C = c.n_embd;
    const int64_t inner = c.innerSize();
    const auto v = "encoder.layer." + std::to_string(i) + ".";
    const auto g = "h." + std::to_string(i) + ".";
    auto params = model->named_parameters();
    auto set = [&params](const std::string& key, const torch::Tensor& value) {
        params[key].copy_(value);
    };
    set(g + "ln_1.weight", vit.take(v + "layernorm_before.weight", {C}));
    set(g + "ln_1.bias", vit.take(v + "layernorm_before.bias", {C}));
    // Linear layout (out, in): stacking rows q, k, v gives GPT-2's c_attn, whose output GPT-2
    // splits into q, k, v in that order; saving transposes it to Conv1D (in, 3C).
    const auto a = v + "attention.attention.";
    set(g + "attn.c_attn.weight",
        torch::cat({vit.take(a + "query.weight", {C, C}), vit.take(a + "key.weight", {C, C}),
                    vit.take(a + "value.weight", {C, C})},
                   0));
    set(g + "attn.c_attn.bias",
        torch::cat({vit.takeOrZeros(a + "query.bias", C), vit.takeOrZeros(a + "key.bias", C),
                    vit.takeOrZeros(a + "value.bias", C)}));
    set(g + "attn.c_proj.weight", vit.take(v + "attention.output.dense.weight", {C, C}));
    set(g + "attn.c_proj.bias", vit.take(v + "attention.output.dense.bias", {C}));
    set(g + "ln_2.weight", vit.take(v + "layernorm_after.weight", {C}));
    set(g + "ln_2.bias", vit.take(v + "layernorm_after.bias", {C}));
    set(g + "mlp.c_fc.weight", vit.take(v + "intermediate.dense.weight", {inner, C}));
    set(g + "mlp.c_fc.bias", vit.take(v + "intermediate.dense.bias", {inner}));
    set(g + "mlp.c_proj.weight", vit.take(v + "output.dense.weight", {C, inner}));
    set(g + "mlp.c_proj.bias", vit.take(v + "output.dense.bias", {C}));
}

}  // namespace

Gpt2Config gpt2ConfigFromVit(const nlohmann::json& j, const std::string& origin) {
    if (!j.is_object()) {
        throw CheckpointError("ViT config '" + origin + "' is not a JSON object");
    }
    const auto type = j.value("model_type", std::string("vit"));
    if (type != "vit") {
        throw CheckpointError("config '" + origin + "': model_type '" + type +
                              "' is not vit (only HF ViTModel / ViTForImageClassification)");
    }
    Gpt2Config c;
    try {
        c.n_embd = j.value("hidden_size", int64_t{768});
        c.n_layer = j.value("num_hidden_layers", int64_t{12});
        c.n_head = j.value("num_attention_heads", int64_t{12});
        c.n_inner = j.value("intermediate_size", int64_t{3072});
        c.layer_norm_epsilon = j.value("layer_norm_eps", 1e-12);
        c.embd_pdrop = c.resid_pdrop = j.value("hidden_dropout_prob", 0.0);
        c.attn_pdrop = j.value("attention_probs_dropout_prob", 0.0);
        c.activation_function = j.value("hidden_act", std::string("gelu"));
    } catch (const nlohmann::json::exception& e) {
        throw CheckpointError("ViT config '" + origin +
                              "': a field has the wrong type: " + e.what());
    }
    if (c.activation_function != "gelu" && c.activation_function != "gelu_new" &&
        c.activation_function != "gelu_pytorch_tanh") {
        throw CheckpointError("ViT config '" + origin + "': hidden_act '" + c.activation_function +
                              "' is not supported (gelu, gelu_new or gelu_pytorch_tanh)");
    }
    c.vocab_size = 0;  // no token table: FPT feeds inputs_embeds
    c.causal = false;  // ViT attends both ways
    c.validate(origin);
    return c;
}

VitConversion convertVitFolder(const std::string& vitDir,
                               const std::string& outDir,
                               int64_t nPositions,
                               torch::Dtype dtype) {
    const fs::path dir(vitDir);
    const auto configPath = (dir / "config.json").string();
    VitConversion out;
    out.config = gpt2ConfigFromVit(readJsonFile<CheckpointError>(configPath, "a ViT folder needs config.json"), configPath);
    const auto weights = dir / "model.safetensors";
    if (!fs::exists(weights)) {
        throw CheckpointError("ViT folder '" + vitDir +
                              "' has no model.safetensors (sharded or "
                              "pickle-only folders are not read; re-save it with "
                              "save_pretrained(DIR, safe_serialization=True))");
    }
    VitTensors vit(weights.string());
    const auto positions = vit.positions(out.config.n_embd);  // (P, C)
    out.vit_positions = positions.size(0);
    out.config.n_positions = std::max(nPositions, out.vit_positions);
    Gpt2Model model(out.config);
    {
        torch::NoGradGuard noGrad;
        auto params = model->named_parameters();
        params["wpe.weight"].zero_();
        params["wpe.weight"].narrow(0, 0, out.vit_positions).copy_(positions);
        for (int64_t i = 0; i < out.config.n_layer; ++i) {
            copyLayer(model, vit, i);
        }
        params["ln_f.weight"].copy_(vit.take("layernorm.weight", {out.config.n_embd}));
        params["ln_f.bias"].copy_(vit.take("layernorm.bias", {out.config.n_embd}));
    }
    out.unused = vit.unused();
    saveGpt2Checkpoint(model, outDir, /*lmHead=*/false, dtype, {{"fpt_source", "hf-vit"}});
    const nlohmann::json record = {
        {"kind", "vit"},
        {"source", vitDir},
        {"vit_positions", out.vit_positions},
        {"n_positions", out.config.n_positions},
        {"note",
         "encoder blocks, final layernorm and position embeddings converted; rows past "
         "the ViT's positions are zero. Not used: patch embedding, cls token, pooler, "
         "classifier (FPT trains its own input and output layers). Attention is "
         "bidirectional (fpt_causal false), which HF's GPT2Model would ignore."},
        {"unused", out.unused}};
    AtomicFileWriter::writeText((fs::path(outDir) / "pretrain.json").string(),
                                record.dump(2) + "\n");
    return out;
}

}  // namespace fpt::core
