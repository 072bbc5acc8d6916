// SPDX-License-Identifier: MIT
// A resumable pretraining checkpoint of a bare GPT-2: checkpoint/{model.safetensors (F32, HF
// names and Conv1D layout), optimizer.safetensors (AdamW moments by parameter name, no pickle),
// state.json}. Written to a temporary folder and renamed, so a kill leaves the previous one.
#pragma once

#include "core/model/gpt2_model.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>

namespace fpt::core {

/// Writes `dir` (replacing it) with the model, the AdamW moments and `state`. Throws Error.
void saveGpt2TrainingState(const std::string& dir,
                           Gpt2Model& model,
                           torch::optim::AdamW& optimizer,
                           const nlohmann::json& state);

/// Restores model weights and AdamW moments from `dir`; returns state.json. Throws
/// CheckpointError naming the file when something is missing or has the wrong shape.
nlohmann::json loadGpt2TrainingState(const std::string& dir,
                                     Gpt2Model& model,
                                     torch::optim::AdamW& optimizer);

/// True when `dir` holds a complete checkpoint (state.json is written last).
bool hasGpt2TrainingState(const std::string& dir);

}  // namespace fpt::core
