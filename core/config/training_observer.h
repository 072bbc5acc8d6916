// SPDX-License-Identifier: MIT
// Callbacks from Trainer::fit (on the training thread), in the spirit of ggml-opt / llama's
// progress callback. The GUI's TrainingWorker turns them into queued signals.
#pragma once

#include "core/config/task_types.h"
#include "core/config/training_types.h"

#include <string>

namespace fpt::core {

struct ParameterCounts;

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    /// Once the model is built: the task, the parameter counts and the probe description.
    virtual void onStart(const TaskSpec& /*spec*/, const ParameterCounts& /*counts*/,
                         const ProbeInfo& /*probe*/) {}
    virtual void onStep(const StepMetrics& /*metrics*/) {}
    virtual void onEval(const EvalMetrics& /*metrics*/) {}
    virtual void onCheckpoint(const std::string& /*path*/) {}
    virtual void onSnapshot(const Snapshot& /*snapshot*/) {}
    /// Polled before every step; true ends the run cleanly (checkpoint written, status "stopped").
    virtual bool shouldStop() { return false; }
    /// Called before every step; may block while the user has paused (single-stepping included).
    virtual void waitIfPaused() {}
};

}  // namespace fpt::core
