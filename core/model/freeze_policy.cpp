// SPDX-License-Identifier: MIT
// Freeze rules by parameter-name pattern, mirroring the paper code's loop over named_parameters.
#include "core/model/freeze_policy.h"

#include "core/config/core_logger.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace fpt::core {

namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

/// Layer index of "transformer.h.<i>.…", or -1.
int64_t layerOf(const std::string& name) {
    const std::string prefix = "transformer.h.";
    if (name.rfind(prefix, 0) != 0) {
        return -1;
    }
    return std::stoll(name.substr(prefix.size(), name.find('.', prefix.size()) - prefix.size()));
}

bool listed(const std::vector<int64_t>& layers, int64_t layer, int64_t nLayer) {
    return std::any_of(layers.begin(), layers.end(), [&](int64_t l) {
        return (l >= 0 ? l : nLayer + l) == layer;
    });
}

}  // namespace

ParamGroup FreezePolicy::groupOf(const std::string& name) {
    if (name.rfind("in_net.", 0) == 0) {
        return ParamGroup::Input;
    }
    if (name.rfind("out_net.", 0) == 0) {
        return ParamGroup::Output;
    }
    if (name.rfind("lstm.", 0) == 0) {
        return contains(name, ".ln_") ? ParamGroup::LayerNorm : ParamGroup::Lstm;
    }
    if (contains(name, ".ln_")) {
        return ParamGroup::LayerNorm;
    }
    if (contains(name, "wpe")) {
        return ParamGroup::Positions;
    }
    if (contains(name, ".mlp.")) {
        return ParamGroup::FeedForward;
    }
    if (contains(name, ".attn.")) {
        return ParamGroup::Attention;
    }
    if (contains(name, "wte")) {
        return ParamGroup::TokenEmbedding;
    }
    return ParamGroup::Other;
}

bool FreezePolicy::isTrainable(const std::string& name, const ModelConfig& c, int64_t nLayer) {
    const auto group = groupOf(name);
    if (group == ParamGroup::TokenEmbedding) {
        return false;  // inputs_embeds bypass wte: it never receives a gradient
    }
    if (c.kind != ModelKind::Fpt) {
        return true;
    }
    if (group == ParamGroup::Input) {
        return !c.freeze_in;
    }
    if (group == ParamGroup::Output) {
        return !c.freeze_out;
    }
    if (!c.freeze_trans) {
        return true;
    }
    if (group == ParamGroup::LayerNorm) {
        return !c.freeze_ln;
    }
    if (group == ParamGroup::Positions) {
        return !c.freeze_pos;
    }
    if (group == ParamGroup::FeedForward) {
        return !c.freeze_ff || listed(c.unfreeze_ff_layers, layerOf(name), nLayer);
    }
    if (group == ParamGroup::Attention) {
        return !c.freeze_attn || listed(c.unfreeze_attn_layers, layerOf(name), nLayer);
    }
    return false;
}

ParameterCounts FreezePolicy::count(FptModel& model) {
    ParameterCounts counts;
    for (const auto& item : model->named_parameters()) {
        const auto group = groupOf(item.key());
        const int64_t n = item.value().numel();
        counts.total += n;
        counts.total_by_group[group] += n;
        if (item.value().requires_grad()) {
            counts.trainable += n;
            counts.trainable_by_group[group] += n;
        }
    }
    return counts;
}

ParameterCounts FreezePolicy::apply(FptModel& model, const ModelConfig& config) {
    const int64_t nLayer = model->hasTransformer() ? model->transformer()->config().n_layer : 0;
    for (auto& item : model->named_parameters()) {
        item.value().set_requires_grad(isTrainable(item.key(), config, nLayer));
    }
    auto counts = count(model);
    coreLogger()->info("parameters: {} trainable of {} ({:.4f}%), {} frozen", counts.trainable,
                       counts.total, 100.0 * counts.trainableShare(),
                       counts.total - counts.trainable);
    return counts;
}

}  // namespace fpt::core
