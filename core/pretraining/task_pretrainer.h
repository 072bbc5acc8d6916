// SPDX-License-Identifier: MIT
// `fpt pretrain vision|bits`: a GPT-2 body trained fully (kind "full", random init) on a task -
// Fashion-MNIST patches (the stand-in for the paper's ViT) or Bit Memory (the paper's "bit memory
// pretrained" backbone) - by the ordinary Trainer, then exported as an HF GPT-2 folder that FPT
// runs use as a frozen backbone (fpt-paper.md §4.2, Table 2).
#pragma once

#include "core/config/pretrain_types.h"
#include "core/config/run_config.h"
#include "core/config/training_observer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace fpt::core {

/// Runs on the calling thread. out_dir gets config.json + model.safetensors (bare GPT2Model keys,
/// no wte: tasks feed inputs_embeds), pretrain.json, and run/ (the Trainer's run folder, which
/// holds the checkpoints that --resume continues).
class TaskPretrainer {
public:
    /// The run config for `kind` "vision" (task fashion_mnist) or "bits" (task bit_memory): kind
    /// "full", backbone "random", the task's paper defaults. Throws ConfigError for other kinds.
    static RunConfig defaultConfig(const std::string& kind);

    /// The config stored in out_dir/run/run.json (for --resume). Throws CheckpointError.
    static RunConfig savedConfig(const std::string& outDir);

    /// `config.model.kind` must be "full" and the backbone "random". `nPositions`: wpe rows in the
    /// exported body (>= the task's length; rows past it keep their init). `dtype`: f32/f16/bf16.
    TaskPretrainer(std::string kind,
                   RunConfig config,
                   std::string outDir,
                   int64_t nPositions,
                   std::string dtype,
                   bool resume = false,
                   nlohmann::json record = {});

    /// Trains (Trainer::fit), then exports the body and writes pretrain.json, also when stopped
    /// early. Throws what Trainer::fit throws.
    PretrainResult run(TrainingObserver& observer);

private:
    std::string m_kind;
    RunConfig m_config;
    std::string m_outDir;
    int64_t m_nPositions;
    std::string m_dtype;
    bool m_resume;
    nlohmann::json m_record;
};

}  // namespace fpt::core
