// SPDX-License-Identifier: MIT
// Collects a study's run folders into a results table (mean ± std over seeds beside the paper's
// number and the budget used) and writes it as Markdown, CSV and LaTeX.
#pragma once

#include "core/studies/study_plan.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fpt::core {

struct StudyCellResult {
    std::string row;
    std::string column;
    int finished = 0;                // seeds whose run is done
    int failed = 0;                  // seeds whose run failed (NaN, bad data, ...)
    std::vector<double> values;      // per finished seed: accuracy (%) or steps to target
    int not_reached = 0;             // steps_to_converge: finished seeds that never hit the target
    std::optional<double> mean;
    std::optional<double> std;
    std::optional<double> paper;
    int64_t steps = 0;               // budget per run
    double seconds = 0.0;            // mean wall time per finished run
    int64_t body_params = 0;         // total parameters of the model (backbone size)
    std::vector<std::string> run_dirs;
};

struct StudyResults {
    StudyPlan plan;
    std::vector<StudyCellResult> cells;
    bool complete() const;
};

/// Reads every run folder of the plan under `out` (missing or unfinished runs count as pending).
StudyResults collectStudyResults(const StudyPlan& plan, const std::string& out);

std::string studyMarkdown(const StudyResults& results);
std::string studyCsv(const StudyResults& results);
std::string studyLatex(const StudyResults& results);
nlohmann::json studyJson(const StudyResults& results);

/// Writes results.md, results.csv, results.tex and study.json into `out` (atomically).
void writeStudyResults(const StudyResults& results, const std::string& out);

}  // namespace fpt::core
