// SPDX-License-Identifier: MIT
// Builds Snapshot values from attention tensors / positional embeddings and stores them in a run
// folder's snapshots/ as safetensors, so a reopened run can scrub through them again.
#pragma once

#include "core/config/task_types.h"
#include "core/config/training_types.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace fpt::core {

/// Average-pools the last two dims of (..., T, T) so that each is at most `maxTokens`.
torch::Tensor poolSquare(const torch::Tensor& matrices, int64_t maxTokens, int64_t& factor);

/// Cosine similarity (P, P) of the rows of a positional-embedding table (P, C).
torch::Tensor cosineSimilarity(const torch::Tensor& rows);

/// Snapshot from per-layer attentions (1, nh, T, T) of one example and the position table (T, C).
Snapshot makeSnapshot(int64_t step, const std::vector<torch::Tensor>& attentions,
                      const torch::Tensor& positions);

/// snapshots/step_<N>.safetensors (attention F16, position_similarity F32, metadata).
void writeSnapshot(const std::string& dir, const Snapshot& snapshot);
Snapshot readSnapshot(const std::string& path);
/// probe.json: what the probe example's tokens mean (so a reopened run labels its maps).
void writeProbeInfo(const std::string& path, const ProbeInfo& probe);
ProbeInfo readProbeInfo(const std::string& path);

/// Every snapshot file of a folder, by step.
std::vector<std::string> listSnapshots(const std::string& dir);

}  // namespace fpt::core
