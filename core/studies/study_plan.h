// SPDX-License-Identifier: MIT
// The paper's experiments as studies: a grid of cells (rows = tasks, columns = models / backbones /
// freeze settings), each a RunConfig trained for several seeds into its own run folder.
#pragma once

#include "core/config/run_config.h"

#include <optional>
#include <string>
#include <vector>

namespace fpt::core {

struct StudyCell {
    std::string row;      // task key
    std::string column;   // e.g. "fpt", "language", "+layernorm", "pretrained"
    RunConfig config;     // seed is set per run
    std::optional<double> paper;  // the paper's number for this cell
};

struct StudyPlan {
    std::string name;         // table1, pretraining, freezing, steps_to_converge
    std::string title;
    std::string budget;       // small or paper
    std::string metric;       // "test_accuracy" (percent) or "steps_to_target"
    int seeds = 1;
    std::vector<std::string> rows;
    std::vector<std::string> columns;
    std::vector<StudyCell> cells;
    std::vector<std::string> skipped;  // rows left out, with the reason (e.g. CIFAR files absent)
    /// Column pairs (A, B) whose paired difference A - B (same task, same seeds) is reported with
    /// a 95% interval: the study's claims, e.g. language vs random.
    std::vector<std::pair<std::string, std::string>> comparisons;

    /// Folder of one run: <out>/<row>__<column>/seed<k>.
    std::string runDir(const std::string& out, const StudyCell& cell, int seed) const;
    /// Accuracy a steps_to_converge run must reach on its task (fraction in [0, 1]).
    static double targetAccuracy(const std::string& task);
};

/// Names and one-line descriptions of the studies.
std::vector<std::pair<std::string, std::string>> availableStudies();

/// Builds a study. `presetsDir` holds <task>_<kind>.json; `budget` "small" (CPU minutes),
/// "medium" (a few times longer) or "paper" (the paper's steps, backbone "gpt2"). Throws ConfigError for unknown names/budgets.
StudyPlan buildStudyPlan(const std::string& name, const std::string& budget, int seeds,
                         const std::string& presetsDir);

}  // namespace fpt::core
