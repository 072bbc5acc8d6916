// SPDX-License-Identifier: MIT
// Trainer::fit: builds task + model from a RunConfig and trains with Adam, reporting through a
// TrainingObserver; writes the run folder (metrics, checkpoints, snapshots) when given one.
#pragma once

#include "core/model/fpt_model.h"
#include "core/model/freeze_policy.h"
#include "core/config/run_config.h"
#include "core/tasks/task.h"
#include "core/training/train_step.h"
#include "core/config/training_observer.h"
#include "core/config/training_types.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>

namespace fpt::core {

class GradientSync;
class RunFolder;

/// Examples in the final evaluation of a generated task (Bit Memory, Bit XOR), which has no test
/// split: 2,048 fresh examples, so a per-bit accuracy carries well under a point of noise.
inline constexpr int64_t kGeneratedFinalEvalExamples = 2048;

struct TrainerOptions {
    std::string run_dir;            // "" = keep nothing on disk
    bool resume = false;            // continue run_dir from its latest checkpoint
    GradientSync* sync = nullptr;   // data-parallel ranks (only rank 0 writes run_dir)
    nlohmann::json extra_record;    // merged into run.json (e.g. the command line)
};

class Trainer {
public:
    Trainer(RunConfig config, TrainerOptions options = {});
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    /// Runs to train.steps (or until stopped). Throws ConfigError / DatasetError / CheckpointError /
    /// TrainingError; the run folder then records status "failed" and the message.
    RunSummary fit(TrainingObserver& observer);

    /// Builds task, model and optimizer without training (also done by fit). Lets the GUI count
    /// parameters and tests inspect the model.
    void setUp();

    FptModel& model() { return m_model; }
    Task& task() { return *m_task; }
    const ParameterCounts& parameterCounts() const { return m_counts; }
    const RunConfig& config() const { return m_config; }

    /// Mean loss / accuracy over the first `batches` test batches (all of a finite test set when
    /// batches <= 0).
    EvalMetrics evaluate(int64_t batches);

    /// Attention on the task's probe example and positional-embedding similarity (GPT-2 bodies).
    std::optional<Snapshot> snapshot();

private:
    void openFolder();
    TrainStepResult trainStep(const Batch& batch);
    void afterStep(TrainingObserver& observer, const StepMetrics& metrics);
    void saveCheckpointNow(TrainingObserver& observer);
    void finish(TrainingObserver& observer, RunSummary& summary);
    Batch shard(Batch batch) const;
    bool isWriter() const;

    RunConfig m_config;
    TrainerOptions m_options;
    torch::Device m_device;
    std::unique_ptr<Task> m_task;
    FptModel m_model{nullptr};
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::unique_ptr<RunFolder> m_folder;
    ParameterCounts m_counts;
    nlohmann::json m_backboneRecord;
    int64_t m_step = 0;
    double m_elapsedBefore = 0.0;  // seconds trained before a resume
    double m_timeNow = 0.0;        // run seconds at the last completed step
    double m_bestTest = 0.0;
    bool m_setUp = false;
};

}  // namespace fpt::core
