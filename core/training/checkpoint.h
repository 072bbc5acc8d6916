// SPDX-License-Identifier: MIT
// Model weights (model.safetensors, HF GPT-2 key names and Conv1D layout under "transformer.") and
// training state (Adam moments per parameter name + step) for checkpoints and resume.
#pragma once

#include "core/model/fpt_model.h"
#include "core/formats/safetensors_file.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>

namespace fpt::core {

class RunFolder;

/// The model's parameters, HF-named: transformer.* in Conv1D (in, out) layout, others as-is.
NamedTensors fptModelState(FptModel& model);

/// Loads weights saved by fptModelState (validating every name and shape). Throws CheckpointError.
void loadFptModelState(FptModel& model, const std::string& safetensorsPath);

/// Writes checkpoints/step_N/{model.safetensors, training_state.safetensors, state.json} into a
/// temporary folder and renames it into place, then prunes old checkpoints.
std::string saveCheckpoint(const RunFolder& folder, int64_t step, FptModel& model,
                           torch::optim::Optimizer& optimizer, const nlohmann::json& extra,
                           int64_t keep);

/// Restores model + optimizer from a checkpoint folder; returns its state.json.
nlohmann::json loadCheckpoint(const std::string& checkpointDir, FptModel& model,
                              torch::optim::Optimizer& optimizer);

}  // namespace fpt::core
