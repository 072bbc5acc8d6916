// SPDX-License-Identifier: MIT
// Which parameters train (FPT paper, method: only input/output, positional and LayerNorm train by
// default), by the paper code's freeze_* flags plus per-layer overrides.
#pragma once

#include "core/model/fpt_model.h"
#include "core/config/run_config.h"

#include <cstdint>
#include <map>
#include <string>

namespace fpt::core {

/// Parameter counts after freezing, per group (ParamGroup: input, output, positions, layernorm,
/// attention, feedforward, token_embedding, lstm) and in total.
struct ParameterCounts {
    int64_t trainable = 0;
    int64_t total = 0;
    std::map<ParamGroup, int64_t> trainable_by_group;
    std::map<ParamGroup, int64_t> total_by_group;

    double trainableShare() const { return total > 0 ? double(trainable) / double(total) : 0.0; }
};

class FreezePolicy {
public:
    /// The group a parameter name belongs to (e.g. "transformer.h.3.attn.c_attn.weight" ->
    /// "attention").
    static ParamGroup groupOf(const std::string& name);

    /// Whether `name` trains under `config` (kind full/lstm: everything but an unused wte).
    static bool isTrainable(const std::string& name, const ModelConfig& config, int64_t nLayer);

    /// Sets requires_grad on every parameter and returns the counts (also logged at info).
    static ParameterCounts apply(FptModel& model, const ModelConfig& config);

    /// Counts without changing anything (requires_grad as currently set).
    static ParameterCounts count(FptModel& model);
};

}  // namespace fpt::core
