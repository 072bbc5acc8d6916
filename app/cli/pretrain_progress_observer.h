// SPDX-License-Identifier: MIT
// Console progress for `fpt pretrain language`: bits per byte (train, validation, unigram
// baseline), learning rate, steps/s and ETA on stderr about once a second; Ctrl-C stops cleanly.
#pragma once

#include "app/cli/cli_progress_observer.h"

#include <chrono>
#include <string>

namespace fpt::app {

class PretrainProgressObserver : public CliProgressObserver {
public:
    /// `unigramBitsPerByte` is printed beside every validation line as the bar to beat.
    PretrainProgressObserver(std::string label, double unigramBitsPerByte, bool quiet = false);

    void onStart(const core::TaskSpec& spec,
                 const core::ParameterCounts& counts,
                 const core::ProbeInfo& probe) override;
    void onStep(const core::StepMetrics& metrics) override;
    void onEval(const core::EvalMetrics& metrics) override;
    void onCheckpoint(const std::string& path) override;

private:
    std::string m_label;
    double m_unigram;
    bool m_quiet;
    std::chrono::steady_clock::time_point m_lastPrint;
    double m_lastValidation = -1.0;
};

}  // namespace fpt::app
