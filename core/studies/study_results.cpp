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

std::string verdict(const StudyComparison& c) {
    const auto& d = c.result.diff;
    if (d.n < 2) {
        return d.n == 0 ? "pending" : "too few seeds";
    }
    if (c.result.inside_noise) {
        return "inside the noise";
    }
    return c.a + (d.mean > 0 ? " > " : " < ") + c.b;
}

std::string latexEscape(const std::string& text) {
    std::string escaped;
    for (char ch : text) {
        escaped += ch == '_' ? std::string("\\_") : ch == '%' ? std::string("\\%") : std::string(1, ch);
    }
    return escaped;
}

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
        r.by_seed.assign(static_cast<std::size_t>(plan.seeds), std::nullopt);
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
                    r.by_seed[static_cast<std::size_t>(seed)] = r.values.back();
                } else if (const auto steps = stepsToTarget(folder, StudyPlan::targetAccuracy(cell.row))) {
                    r.values.push_back(static_cast<double>(*steps));
                    r.by_seed[static_cast<std::size_t>(seed)] = r.values.back();
                } else {
                    ++r.not_reached;
                }
            } catch (const std::exception&) {
                // unreadable folder: pending; the runner reports the problem when it resumes it
            }
        }
        if (!r.values.empty()) {
            const auto summary = summarize(r.values);
            r.mean = summary.mean;
            r.std = summary.std;
            r.ci_low = summary.ci_low;
            r.ci_high = summary.ci_high;
        }
        r.seconds = r.finished > 0 ? seconds / r.finished : 0.0;
        results.cells.push_back(std::move(r));
    }
    for (const auto& row : plan.rows) {
        for (const auto& [a, b] : plan.comparisons) {
            const auto* ca = results.cell(row, a);
            const auto* cb = results.cell(row, b);
            if (ca && cb) {
                results.comparisons.push_back({row, a, b, pairedDifference(ca->by_seed, cb->by_seed)});
            }
        }
    }
    return results;
}

std::vector<std::string> paperContradictions(const StudyResults& r) {
    std::vector<std::string> sentences;
    const bool acc = isAccuracy(r.plan);
    const std::string why = r.plan.budget == "paper"
        ? "the runs may be shorter than the paper's or use another backbone"
        : "the shipped bodies are 4 x 256 GPT-2s pretrained for minutes on a few MB (not GPT-2's 12 x 768 "
          "on 40 GB), and the " + r.plan.budget + " budget trains for hundreds of steps, not 1e4-1e5";
    for (const auto& c : r.comparisons) {
        const auto* ca = r.cell(c.row, c.a);
        const auto* cb = r.cell(c.row, c.b);
        const auto& d = c.result.diff;
        if (!ca || !cb || !ca->paper || !cb->paper || d.n < 2) {
            continue;
        }
        const double paperDiff = *ca->paper - *cb->paper;
        // Steps: the paper's claim is a ratio; accuracy: a gap of more than 2 points.
        const bool paperClaims = acc ? std::abs(paperDiff) > 2.0 : std::abs(paperDiff) > 0.25 * std::max(*ca->paper, *cb->paper);
        if (!paperClaims) {
            continue;
        }
        const bool agrees = !c.result.inside_noise && (d.mean > 0) == (paperDiff > 0);
        if (agrees) {
            continue;
        }
        const std::string unit = acc ? "%" : " steps";
        const int decimals = acc ? 1 : 0;
        sentences.push_back(
            c.row + ": the paper finds " + c.a + " " + (paperDiff > 0 ? ">" : "<") + " " + c.b + " (" +
            fmt(*ca->paper, decimals) + unit + " vs " + fmt(*cb->paper, decimals) + unit + "); here " +
            c.a + " − " + c.b + " is " + comparisonText(c, decimals) +
            (c.result.inside_noise ? ", inside the noise" : ", the other way round") + ", because " + why + ".");
    }
    return sentences;
}

const StudyCellResult* StudyResults::cell(const std::string& row, const std::string& column) const {
    for (const auto& c : cells) {
        if (c.row == row && c.column == column) {
            return &c;
        }
    }
    return nullptr;
}

std::string comparisonText(const StudyComparison& c, int decimals) {
    const auto& d = c.result.diff;
    if (d.n == 0) {
        return "pending";
    }
    auto sign = [&](double v) { return (v >= 0 ? "+" : "") + fmt(v, decimals); };
    if (!d.ci_low) {
        return sign(d.mean) + ", n=1: no interval";
    }
    return sign(d.mean) + " [" + sign(*d.ci_low) + ", " + sign(*d.ci_high) + "], n=" + std::to_string(d.n);
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
    if (!r.comparisons.empty()) {
        out << "\nPaired differences (A − B over the seeds both finished, same seeds = same data order "
               "and initialisation of the trained layers), mean and 95% t-interval"
            << (acc ? " in accuracy points" : " in steps")
            << "; \"inside the noise\" when the interval contains 0.\n\n"
               "| task | A − B | difference [95% CI], n | verdict |\n|---|---|---|---|\n";
        for (const auto& c : r.comparisons) {
            out << "| " << c.row << " | " << c.a << " − " << c.b << " | " << comparisonText(c, acc ? 1 : 0)
                << " | " << verdict(c) << " |\n";
        }
    }
    if (const auto contradictions = paperContradictions(r); !contradictions.empty()) {
        out << "\nWhere this table contradicts the paper:\n\n";
        for (const auto& sentence : contradictions) {
            out << "- " << sentence << "\n";
        }
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
    auto opt = [](const std::optional<double>& v) { return v ? fmt(*v, 4) : std::string(); };
    out << "study,budget,task,column,kind,metric,n,mean,std,ci95_low,ci95_high,inside_noise,finished,seeds,"
           "not_reached,paper,steps,seconds_per_run,params,values\n";
    for (const auto& c : r.cells) {
        out << r.plan.name << ',' << r.plan.budget << ',' << c.row << ',' << c.column << ",cell,"
            << r.plan.metric << ',' << c.values.size() << ',' << opt(c.mean) << ',' << opt(c.std) << ','
            << opt(c.ci_low) << ',' << opt(c.ci_high) << ",," << c.finished << ',' << r.plan.seeds << ','
            << c.not_reached << ',' << (c.paper ? fmt(*c.paper, 2) : "") << ',' << c.steps << ','
            << fmt(c.seconds, 1) << ',' << c.body_params << ",\"";
        for (std::size_t i = 0; i < c.values.size(); ++i) {
            out << (i ? " " : "") << fmt(c.values[i], 4);
        }
        out << "\"\n";
    }
    for (const auto& c : r.comparisons) {
        const auto& d = c.result.diff;
        out << r.plan.name << ',' << r.plan.budget << ',' << c.row << ',' << c.a << " - " << c.b
            << ",difference," << r.plan.metric << ',' << d.n << ',' << (d.n > 0 ? fmt(d.mean, 4) : "") << ','
            << (d.n > 1 ? fmt(d.std, 4) : "") << ',' << opt(d.ci_low) << ',' << opt(d.ci_high) << ','
            << (d.n > 1 ? (c.result.inside_noise ? "yes" : "no") : "") << ",,,,,,,,\n";
    }
    return out.str();
}

std::string studyLatex(const StudyResults& r) {
    std::ostringstream out;
    out << "% " << r.plan.title << " (budget " << r.plan.budget << ", " << r.plan.seeds << " seeds)\n"
        << "\\begin{tabular}{l" << std::string(r.plan.columns.size(), 'c') << "}\n\\hline\nTask";
    for (const auto& c : r.plan.columns) {
        out << " & " << latexEscape(c);
    }
    out << " \\\\\n\\hline\n";
    for (const auto& row : r.plan.rows) {
        out << latexEscape(row);
        for (const auto& c : r.cells) {
            if (c.row == row) {
                out << " & " << cellText(r, c, true) << " (" << paperText(r, c) << ")";
            }
        }
        out << " \\\\\n";
    }
    out << "\\hline\n\\end{tabular}\n";
    if (!r.comparisons.empty()) {
        const int decimals = isAccuracy(r.plan) ? 1 : 0;
        out << "\n% Paired differences A - B over seeds, 95% t-interval; n.s.: the interval contains 0\n"
            << "\\begin{tabular}{llcc}\n\\hline\nTask & A $-$ B & difference [95\\% CI], $n$ & \\\\\n\\hline\n";
        for (const auto& c : r.comparisons) {
            out << latexEscape(c.row) << " & " << latexEscape(c.a) << " $-$ " << latexEscape(c.b) << " & "
                << latexEscape(comparisonText(c, decimals)) << " & "
                << (c.result.diff.n > 1 && c.result.inside_noise ? "n.s." : "") << " \\\\\n";
        }
        out << "\\hline\n\\end{tabular}\n";
    }
    return out.str();
}

nlohmann::json studyJson(const StudyResults& r) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& c : r.cells) {
        cells.push_back({{"task", c.row}, {"column", c.column}, {"finished", c.finished}, {"failed", c.failed},
                         {"values", c.values}, {"not_reached", c.not_reached},
                         {"mean", c.mean ? nlohmann::json(*c.mean) : nlohmann::json()},
                         {"std", c.std ? nlohmann::json(*c.std) : nlohmann::json()},
                         {"n", c.values.size()},
                         {"ci95", c.ci_low ? nlohmann::json::array({*c.ci_low, *c.ci_high}) : nlohmann::json()},
                         {"paper", c.paper ? nlohmann::json(*c.paper) : nlohmann::json()},
                         {"steps", c.steps}, {"seconds_per_run", c.seconds},
                         {"params", c.body_params}, {"run_dirs", c.run_dirs}});
    }
    nlohmann::json comparisons = nlohmann::json::array();
    for (const auto& c : r.comparisons) {
        const auto& d = c.result.diff;
        comparisons.push_back({{"task", c.row}, {"a", c.a}, {"b", c.b}, {"n", d.n},
                               {"mean", d.n > 0 ? nlohmann::json(d.mean) : nlohmann::json()},
                               {"ci95", d.ci_low ? nlohmann::json::array({*d.ci_low, *d.ci_high}) : nlohmann::json()},
                               {"inside_noise", c.result.inside_noise}, {"verdict", verdict(c)}});
    }
    return {{"study", r.plan.name}, {"comparisons", comparisons}, {"title", r.plan.title}, {"budget", r.plan.budget},
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
