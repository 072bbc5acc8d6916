// SPDX-License-Identifier: MIT
// Runs a study's cells × seeds one after another in this process (or one shard of them, when
// several processes share a study): finished runs are skipped,
// interrupted ones resume from their checkpoint, and results are rewritten after every run.
#pragma once

#include "core/studies/study_plan.h"
#include "core/studies/study_results.h"
#include "core/config/training_observer.h"

#include <functional>
#include <memory>
#include <string>

namespace fpt::core {

struct StudyRunOptions {
    std::string out;  // study folder
    /// Makes the observer for one run (progress printing, stop flag); label e.g. "3/24 mnist fpt s0".
    std::function<std::unique_ptr<TrainingObserver>(const std::string& label)> observer;
    /// Called with one line per event (run skipped, started, failed, backbone missing).
    std::function<void(const std::string& line)> log;
    /// Makes a missing named backbone (e.g. by pretraining it); returns false if it cannot.
    std::function<bool(const std::string& backbone)> ensureBackbone;
    /// Train only every shard_count-th run, starting at shard_index (0-based), in the order
    /// seed-major, then cells: `fpt study --jobs N` runs N processes, one shard each.
    int shard_index = 0;
    int shard_count = 1;
};

class StudyRunner {
public:
    StudyRunner(StudyPlan plan, StudyRunOptions options);

    /// Runs everything still pending; returns the collected results (also written to disk).
    /// A run that fails is recorded (status failed) and the study goes on.
    StudyResults run();
    /// True when the last run() was cut short by an observer's stop request.
    bool stopped() const { return m_stopped; }

private:
    bool runOne(const StudyCell& cell, int seed, const std::string& label);
    StudyPlan m_plan;
    StudyRunOptions m_options;
    bool m_stopped = false;
};

}  // namespace fpt::core
