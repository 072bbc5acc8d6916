// SPDX-License-Identifier: MIT
// Study aggregation and the three export formats.
#include "core/studies/study_results.h"

#include "core/formats/atomic_file_writer.h"
#include "core/training/run_folder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::string fmt(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    return buf;
}

/// First evaluation step whose test accuracy reaches the target, from metrics.jsonl.
std::optional<int64_t> stepsToTarget(const RunFolder& folder, double target) {
    for (const auto& line : folder.readMetrics()) {
        if (line.value("split", std::string()) == "test" && line.value("accuracy", 0.0) >= target) {
            return line.value("step", int64_t{0});
        }
    }
    return std::nullopt;
}

bool isAccuracy(const StudyPlan& plan) { return plan.metric == "test_accuracy"; }

std::string cellText(const StudyResults& r, const StudyCellResult& c, bool latex) {
    const std::string pm = latex ? " $\\pm$ " : " ± ";
    const int decimals = isAccuracy(r.plan) ? 1 : 0;
    std::string text;
    if (!c.mean) {
        text = c.failed > 0 && c.finished == 0 ? "failed" : c.finished == 0 ? "pending" : "not reached";
    } else {
        text = fmt(*c.mean, decimals) + (c.values.size() > 1 ? pm + fmt(*c.std, decimals) : "");
        if (c.not_reached > 0) {
            text += " (" + std::to_string(c.not_reached) + " not reached)";
        }
    }
    if (c.finished < r.plan.seeds && c.finished > 0) {
        text += " [" + std::to_string(c.finished) + "/" + std::to_string(r.plan.seeds) + "]";
    }
    return text;
}

std::string paperText(const StudyResults& r, const StudyCellResult& c) {
    if (!c.paper) {
        return "–";
    }
    return isAccuracy(r.plan) ? fmt(*c.paper, 1) : fmt(*c.paper, 0);
}

}  // namespace

bool StudyResults::complete() const {
    for (const auto& c : cells) {
        if (c.finished + c.failed < plan.seeds) {
            return false;
        }
    }
    return true;
}

StudyResults collectStudyResults(const StudyPlan& plan, const std::string& out) {
    StudyResults results;
    results.plan = plan;
    for (const auto& cell : plan.cells) {
        StudyCellResult r;
        r.row = cell.row;
        r.column = cell.column;
        r.paper = cell.paper;
        r.steps = cell.config.train.steps;
        double seconds = 0.0;
        for (int seed = 0; seed < plan.seeds; ++seed) {
            const auto dir = plan.runDir(out, cell, seed);
            r.run_dirs.push_back(dir);
            if (!fs::exists(fs::path(dir) / "run.json")) {
                continue;
            }
            try {
                const auto folder = RunFolder::open(dir);
                const auto& record = folder.record();
                if (record.value("status", std::string()) == "failed") {
                    ++r.failed;
                    continue;
                }
                if (record.value("status", std::string()) != "done" || !record.contains("summary")) {
                    continue;
                }
                ++r.finished;
                seconds += record["summary"].value("seconds", 0.0);
                r.body_params = record.contains("parameters") ? record["parameters"].value("total", int64_t{0}) : 0;
                if (isAccuracy(plan)) {
                    r.values.push_back(100.0 * record["summary"].value("test_accuracy", 0.0));
                } else if (const auto steps = stepsToTarget(folder, StudyPlan::targetAccuracy(cell.row))) {
                    r.values.push_back(static_cast<double>(*steps));
                } else {
                    ++r.not_reached;
                }
            } catch (const std::exception&) {
                // unreadable folder: pending; the runner reports the problem when it resumes it
            }
        }
        if (!r.values.empty()) {
            double sum = 0.0;
            for (double v : r.values) {
                sum += v;
            }
            r.mean = sum / static_cast<double>(r.values.size());
            double sq = 0.0;
            for (double v : r.values) {
                sq += (v - *r.mean) * (v - *r.mean);
            }
            r.std = r.values.size() > 1 ? std::sqrt(sq / static_cast<double>(r.values.size() - 1)) : 0.0;
        }
        r.seconds = r.finished > 0 ? seconds / r.finished : 0.0;
        results.cells.push_back(std::move(r));
    }
    return results;
}

std::string studyMarkdown(const StudyResults& r) {
    std::ostringstream out;
    const bool acc = isAccuracy(r.plan);
    out << "### " << r.plan.title << "\n\n"
        << (acc ? "Test accuracy (%)" : "Steps until the test accuracy reaches the target")
        << ", mean ± std over " << r.plan.seeds << " seed(s); the paper's number in brackets. "
        << "Budget: " << r.plan.budget << ".\n\n| task |";
    for (const auto& c : r.plan.columns) {
        out << " " << c << " |";
    }
    out << "\n|---|";
    for (std::size_t i = 0; i < r.plan.columns.size(); ++i) {
        out << "---|";
    }
    out << "\n";
    for (const auto& row : r.plan.rows) {
        out << "| " << row;
        if (!acc) {
            out << " (target " << fmt(100 * StudyPlan::targetAccuracy(row), 0) << "%)";
        }
        out << " |";
        for (const auto& c : r.cells) {
            if (c.row == row) {
                out << " " << cellText(r, c, false) << " (" << paperText(r, c) << ") |";
            }
        }
        out << "\n";
    }
    out << "\n| task | column | steps | s/run | params |\n|---|---|---|---|---|\n";
    for (const auto& c : r.cells) {
        out << "| " << c.row << " | " << c.column << " | " << c.steps << " | " << fmt(c.seconds, 0)
            << " | " << c.body_params << " |\n";
    }
    double total = 0.0;
    int finished = 0;
    int pending = 0;
    for (const auto& c : r.cells) {
        total += c.seconds * c.finished;
        finished += c.finished;
        pending += std::max(r.plan.seeds - c.finished - c.failed, 0);
    }
    out << "\nTraining time of the " << finished << " finished run(s): " << fmt(total / 60.0, 1)
        << " min in total (the sum of their recorded seconds)";
    if (pending > 0) {
        out << "; " << pending << " run(s) pending";
    }
    out << ".\n";
    for (const auto& s : r.plan.skipped) {
        out << "\nSkipped: " << s;
    }
    out << "\n";
    return out.str();
}

std::string studyCsv(const StudyResults& r) {
    std::ostringstream out;
    out << "study,budget,task,column,metric,mean,std,finished,seeds,not_reached,paper,steps,seconds_per_run,params,values\n";
    for (const auto& c : r.cells) {
        out << r.plan.name << ',' << r.plan.budget << ',' << c.row << ',' << c.column << ','
            << r.plan.metric << ',' << (c.mean ? fmt(*c.mean, 4) : "") << ','
            << (c.std ? fmt(*c.std, 4) : "") << ',' << c.finished << ',' << r.plan.seeds << ','
            << c.not_reached << ',' << (c.paper ? fmt(*c.paper, 2) : "") << ',' << c.steps << ','
            << fmt(c.seconds, 1) << ',' << c.body_params << ",\"";
        for (std::size_t i = 0; i < c.values.size(); ++i) {
            out << (i ? " " : "") << fmt(c.values[i], 4);
        }
        out << "\"\n";
    }
    return out.str();
}

std::string studyLatex(const StudyResults& r) {
    std::ostringstream out;
    out << "% " << r.plan.title << " (budget " << r.plan.budget << ", " << r.plan.seeds << " seeds)\n"
        << "\\begin{tabular}{l" << std::string(r.plan.columns.size(), 'c') << "}\n\\hline\nTask";
    for (const auto& c : r.plan.columns) {
        std::string escaped;
        for (char ch : c) {
            escaped += (ch == '_' ? std::string("\\_") : std::string(1, ch));
        }
        out << " & " << escaped;
    }
    out << " \\\\\n\\hline\n";
    for (const auto& row : r.plan.rows) {
        std::string escaped;
        for (char ch : row) {
            escaped += (ch == '_' ? std::string("\\_") : std::string(1, ch));
        }
        out << escaped;
        for (const auto& c : r.cells) {
            if (c.row == row) {
                out << " & " << cellText(r, c, true) << " (" << paperText(r, c) << ")";
            }
        }
        out << " \\\\\n";
    }
    out << "\\hline\n\\end{tabular}\n";
    return out.str();
}

nlohmann::json studyJson(const StudyResults& r) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& c : r.cells) {
        cells.push_back({{"task", c.row}, {"column", c.column}, {"finished", c.finished}, {"failed", c.failed},
                         {"values", c.values}, {"not_reached", c.not_reached},
                         {"mean", c.mean ? nlohmann::json(*c.mean) : nlohmann::json()},
                         {"std", c.std ? nlohmann::json(*c.std) : nlohmann::json()},
                         {"paper", c.paper ? nlohmann::json(*c.paper) : nlohmann::json()},
                         {"steps", c.steps}, {"seconds_per_run", c.seconds},
                         {"params", c.body_params}, {"run_dirs", c.run_dirs}});
    }
    return {{"study", r.plan.name}, {"title", r.plan.title}, {"budget", r.plan.budget},
            {"metric", r.plan.metric}, {"seeds", r.plan.seeds}, {"rows", r.plan.rows},
            {"columns", r.plan.columns}, {"skipped", r.plan.skipped}, {"complete", r.complete()},
            {"cells", cells}};
}

void writeStudyResults(const StudyResults& results, const std::string& out) {
    fs::create_directories(out);
    AtomicFileWriter::writeText((fs::path(out) / "results.md").string(), studyMarkdown(results));
    AtomicFileWriter::writeText((fs::path(out) / "results.csv").string(), studyCsv(results));
    AtomicFileWriter::writeText((fs::path(out) / "results.tex").string(), studyLatex(results));
    AtomicFileWriter::writeText((fs::path(out) / "study.json").string(), studyJson(results).dump(2) + "\n");
}

}  // namespace fpt::core
