// SPDX-License-Identifier: MIT
// Analytic parameter layout of FptModel (in_net, transformer / lstm, out_net).
#include "core/training/parameter_count.h"

#include "core/backbones/backbone_registry.h"
#include "core/model/fpt_model.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/model/gpt2_config.h"
#include "core/tasks/task_factory.h"

namespace fpt::core {

namespace {

using Layout = std::vector<std::pair<std::string, int64_t>>;

void addLinear(Layout& out, const std::string& name, int64_t in, int64_t outDim) {
    out.emplace_back(name + ".weight", in * outDim);
    out.emplace_back(name + ".bias", outDim);
}

void addNorm(Layout& out, const std::string& name, int64_t width) {
    out.emplace_back(name + ".weight", width);
    out.emplace_back(name + ".bias", width);
}

void addGpt2(Layout& out, const Gpt2Config& c) {
    const std::string p = "transformer.";
    if (c.vocab_size > 0) {
        out.emplace_back(p + "wte.weight", c.vocab_size * c.n_embd);
    }
    out.emplace_back(p + "wpe.weight", c.n_positions * c.n_embd);
    for (int64_t i = 0; i < c.n_layer; ++i) {
        const std::string h = p + "h." + std::to_string(i) + ".";
        addNorm(out, h + "ln_1", c.n_embd);
        addLinear(out, h + "attn.c_attn", c.n_embd, 3 * c.n_embd);
        addLinear(out, h + "attn.c_proj", c.n_embd, c.n_embd);
        addNorm(out, h + "ln_2", c.n_embd);
        addLinear(out, h + "mlp.c_fc", c.n_embd, c.innerSize());
        addLinear(out, h + "mlp.c_proj", c.innerSize(), c.n_embd);
    }
    addNorm(out, p + "ln_f", c.n_embd);
}

void addLstm(Layout& out, const ModelConfig& m) {
    const int64_t w = m.n_embd;
    for (int64_t i = 0; i < m.n_layer; ++i) {
        if (m.lstm_layer_norm) {
            const std::string l = "lstm.layers." + std::to_string(i) + ".";
            out.emplace_back(l + "weight_ih", 4 * w * w);
            out.emplace_back(l + "weight_hh", 4 * w * w);
            out.emplace_back(l + "bias", 4 * w);
            addNorm(out, l + "ln_ih", 4 * w);
            addNorm(out, l + "ln_hh", 4 * w);
            addNorm(out, l + "ln_c", w);
        } else {
            const std::string l = "lstm.lstm.";
            const std::string s = "_l" + std::to_string(i);
            out.emplace_back(l + "weight_ih" + s, 4 * w * w);
            out.emplace_back(l + "weight_hh" + s, 4 * w * w);
            out.emplace_back(l + "bias_ih" + s, 4 * w);
            out.emplace_back(l + "bias_hh" + s, 4 * w);
        }
    }
}

}  // namespace

std::vector<std::pair<std::string, int64_t>> parameterLayout(const RunConfig& config) {
    RunConfig c = config;
    resolveTaskDefaults(c.task);
    const TaskSpec spec = taskSpecFor(c.task);
    Layout out;
    int64_t width = c.model.n_embd;
    if (c.model.kind == ModelKind::Lstm) {
        addLstm(out, c.model);
    } else {
        const auto backbone = BackboneRegistry::resolve(c.model.backbone);
        Gpt2Config body;
        if (backbone.source == BackboneSource::Random) {
            body = bodyConfigFor(c.model, spec, nullptr);
        } else {
            body = readGpt2Config(backbone.folder + "/config.json");
            if (spec.seq_len > body.n_positions) {
                throw ConfigError("/model/backbone: the task needs " + std::to_string(spec.seq_len) +
                                  " positions but the backbone has " + std::to_string(body.n_positions));
            }
            body.n_positions = spec.seq_len;
        }
        width = body.n_embd;
        addGpt2(out, body);
    }
    Layout in;
    if (spec.input_kind == InputKind::Tokens) {
        in.emplace_back("in_net.weight", spec.input_dim * width);
    } else {
        addLinear(in, "in_net", spec.input_dim, width);
    }
    // Registration order of FptModel: body, then in_net, then out_net.
    out.insert(out.end(), in.begin(), in.end());
    addLinear(out, "out_net", width, spec.outputs_per_token);
    return out;
}

ParameterCounts countParameters(const RunConfig& config) {
    ParameterCounts counts;
    const auto layout = parameterLayout(config);
    int64_t nLayer = 0;
    for (const auto& [name, n] : layout) {
        if (name.rfind("transformer.h.", 0) == 0) {
            nLayer = std::max<int64_t>(nLayer, std::stoll(name.substr(14, name.find('.', 14) - 14)) + 1);
        }
    }
    for (const auto& [name, n] : layout) {
        const auto group = FreezePolicy::groupOf(name);
        counts.total += n;
        counts.total_by_group[group] += n;
        if (FreezePolicy::isTrainable(name, config.model, nLayer)) {
            counts.trainable += n;
            counts.trainable_by_group[group] += n;
        }
    }
    return counts;
}

}  // namespace fpt::core
