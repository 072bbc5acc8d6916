// SPDX-License-Identifier: MIT
// Prints training progress (step, loss, accuracy, steps/s, ETA) to stderr about once a second and
// stops the run cleanly on Ctrl-C (SIGINT/SIGTERM) through a RunControl.
#pragma once

#include "core/config/training_observer.h"

#include <chrono>
#include <string>

namespace fpt::app {

class CliProgressObserver : public core::TrainingObserver {
public:
    explicit CliProgressObserver(std::string label, bool quiet = false);
    ~CliProgressObserver() override;

    void onStart(const core::TaskSpec& spec, const core::ParameterCounts& counts,
                 const core::ProbeInfo& probe) override;
    void onStep(const core::StepMetrics& metrics) override;
    void onEval(const core::EvalMetrics& metrics) override;
    bool shouldStop() override;

    /// Routes SIGINT/SIGTERM to this observer's stop flag for its lifetime.
    void installSignalHandlers();

private:
    std::string m_label;
    bool m_quiet;
    std::chrono::steady_clock::time_point m_lastPrint;
    double m_lastTestAccuracy = -1.0;
};

}  // namespace fpt::app
