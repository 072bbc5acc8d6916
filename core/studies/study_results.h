// SPDX-License-Identifier: MIT
// Collects a study's run folders into a results table (mean ± std over seeds beside the paper's
// number and the budget used) and writes it as Markdown, CSV and LaTeX.
#pragma once

#include "core/studies/paired_stats.h"
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
    std::vector<std::optional<double>> by_seed;  // the same, indexed by seed (none: no value)
    int not_reached = 0;             // steps_to_converge: finished seeds that never hit the target
    std::optional<double> mean;
    std::optional<double> std;
    std::optional<double> ci_low;    // 95% t-interval of the mean (>= 2 values)
    std::optional<double> ci_high;
    std::optional<double> paper;
    int64_t steps = 0;               // budget per run
    double seconds = 0.0;            // mean wall time per finished run
    int64_t body_params = 0;         // total parameters of the model (backbone size)
    std::vector<std::string> run_dirs;
};

/// One of the plan's claims on one task: column `a` minus column `b`, paired by seed.
struct StudyComparison {
    std::string row;
    std::string a;
    std::string b;
    PairedDifference result;
};

struct StudyResults {
    StudyPlan plan;
    std::vector<StudyCellResult> cells;
    std::vector<StudyComparison> comparisons;
    bool complete() const;
    const StudyCellResult* cell(const std::string& row, const std::string& column) const;
};

/// "+2.3 [+0.4, +4.2], n=3" (or "n=1: no interval"); `unit` follows the numbers ("" or " steps").
std::string comparisonText(const StudyComparison& c, int decimals);

/// Reads every run folder of the plan under `out` (missing or unfinished runs count as pending).
StudyResults collectStudyResults(const StudyPlan& plan, const std::string& out);

/// Sentences for the places where this study's result contradicts the paper at this scale: a
/// comparison the paper finds clearly (> 2 points, or a step ratio) that is inside the noise or
/// reversed here, each with the reason (backbone size, pretraining, budget). Empty when none.
std::vector<std::string> paperContradictions(const StudyResults& results);

std::string studyMarkdown(const StudyResults& results);
std::string studyCsv(const StudyResults& results);
std::string studyLatex(const StudyResults& results);
nlohmann::json studyJson(const StudyResults& results);

/// Writes results.md, results.csv, results.tex and study.json into `out` (atomically).
void writeStudyResults(const StudyResults& results, const std::string& out);

}  // namespace fpt::core
