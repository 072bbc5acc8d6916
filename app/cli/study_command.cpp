// SPDX-License-Identifier: MIT
// fpt study: runs one of the paper's experiments end to end and prints its table beside the
// paper's numbers (also written as results.md / .csv / .tex / study.json in the study folder).
#include "app/cli/study_command.h"

#include "app/cli/child_processes.h"
#include "app/cli/cli_progress_observer.h"
#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/studies/study_plan.h"
#include "core/studies/study_results.h"
#include "core/studies/study_runner.h"

#include <CLI/CLI.hpp>
#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <tuple>
#include <utility>

namespace fpt::app {

namespace {

struct StudyArgs {
    std::string name;
    std::string budget = "small";
    int seeds = 1;
    std::string out;
    bool dryRun = false;
    bool report = false;
    bool quiet = false;
    std::vector<std::string> tasks;  // train only these rows (tables still cover the whole study)
    std::vector<std::string> columns;  // train only these columns
    int jobs = 1;                    // processes training at once, one shard of the runs each
    std::string shard;               // "K/N": this process is shard K of N (set by --jobs)
};

/// Parses --shard "K/N" (0 <= K < N).
std::pair<int, int> parseShard(const std::string& text) {
    int k = -1;
    int n = 0;
    char slash = 0;
    std::istringstream in(text);
    if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n < 1 || k < 0 || k >= n) {
        throw core::ConfigError("--shard: expected K/N with 0 <= K < N, got '" + text + "'");
    }
    return {k, n};
}

/// Collects the whole study's runs, writes results.{md,csv,tex} and prints the table.
core::StudyResults reportStudy(const core::StudyPlan& plan, const std::string& out) {
    auto results = core::collectStudyResults(plan, out);
    core::writeStudyResults(results, out);
    std::cout << core::studyMarkdown(results);
    return results;
}

std::string presetsDir() {
    const auto root = core::projectRoot();
    return (std::filesystem::path(root.empty() ? "." : root) / "presets").string();
}

void runStudy(const StudyArgs& args) {
    const auto plan = core::buildStudyPlan(args.name, args.budget, args.seeds, presetsDir());
    const std::string out = args.out.empty() ? "runs/study-" + args.name + "-" + args.budget : args.out;
    if (args.dryRun) {
        for (const auto& cell : plan.cells) {
            std::cout << cell.row << " / " << cell.column << ": " << core::toString(cell.config.model.kind) << " backbone "
                      << cell.config.model.backbone << ", " << cell.config.train.steps << " steps x batch "
                      << cell.config.train.batch_size << ", paper "
                      << (!cell.paper ? std::string("-")
                          : plan.metric == "steps_to_target" ? fmt::format("{:g} steps to converge", *cell.paper)
                                                             : fmt::format("{:g}%", *cell.paper))
                      << "\n";
        }
        for (const auto& s : plan.skipped) {
            std::cout << "skipped: " << s << "\n";
        }
        return;
    }
    if (args.report) {
        reportStudy(plan, out);
        return;
    }
    core::StudyPlan toRun = plan;
    const auto checkNames = [&args](const std::vector<std::string>& wanted, const std::vector<std::string>& known,
                                    const char* option, const char* what) {
        for (const auto& w : wanted) {
            if (std::find(known.begin(), known.end(), w) == known.end()) {
                std::string allowed;
                for (const auto& k : known) {
                    allowed += (allowed.empty() ? "" : ", ") + k;
                }
                throw core::ConfigError(std::string(option) + ": '" + w + "' is not a runnable " + what + " of study " +
                                        args.name + " (" + allowed + ")");
            }
        }
    };
    checkNames(args.tasks, plan.rows, "--tasks", "row");
    checkNames(args.columns, plan.columns, "--columns", "column");
    const auto wanted = [&args](const core::StudyCell& c) {
        const auto in = [](const std::vector<std::string>& list, const std::string& v) {
            return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
        };
        return in(args.tasks, c.row) && in(args.columns, c.column);
    };
    toRun.cells.erase(std::remove_if(toRun.cells.begin(), toRun.cells.end(),
                                     [&wanted](const core::StudyCell& c) { return !wanted(c); }),
                      toRun.cells.end());
    if (args.jobs > 1 && args.shard.empty()) {
        // N processes, each training every N-th pending run with cores / N BLAS threads.
        const auto codes = runChildren(selfExecutable("fpt study"), args.jobs, [&args, &out](int k) {
            std::vector<std::string> a = {"study", args.name, "--budget", args.budget, "--seeds",
                                          std::to_string(args.seeds), "--out", out,
                                          "--shard", std::to_string(k) + "/" + std::to_string(args.jobs)};
            if (args.quiet) {
                a.emplace_back("--quiet");
            }
            for (const auto& [option, list] : {std::pair{"--tasks", &args.tasks}, {"--columns", &args.columns}}) {
                if (!list->empty()) {
                    std::string joined;
                    for (const auto& t : *list) {
                        joined += (joined.empty() ? "" : ",") + t;
                    }
                    a.insert(a.end(), {option, joined});
                }
            }
            return a;
        });
        const auto results = reportStudy(plan, out);
        const bool failed = std::any_of(codes.begin(), codes.end(), [](int c) { return c != 0; });
        const bool pending = std::any_of(results.cells.begin(), results.cells.end(), [&](const auto& c) {
            const bool trained = (args.tasks.empty() ||
                                  std::find(args.tasks.begin(), args.tasks.end(), c.row) != args.tasks.end()) &&
                                 (args.columns.empty() ||
                                  std::find(args.columns.begin(), args.columns.end(), c.column) != args.columns.end());
            return trained && c.finished + c.failed < args.seeds;
        });
        std::cerr << "study: tables written to " << out << "/results.{md,csv,tex}"
                  << (pending ? " (runs pending: run the same command again to resume)" : "") << "\n";
        if (failed) {
            throw core::Error("fpt study: " + std::to_string(std::count_if(codes.begin(), codes.end(),
                                                                             [](int c) { return c != 0; })) +
                              " of " + std::to_string(args.jobs) + " --jobs processes failed (their messages are above)");
        }
        return;
    }
    core::StudyRunOptions options;
    options.out = out;
    if (!args.shard.empty()) {
        std::tie(options.shard_index, options.shard_count) = parseShard(args.shard);
    }
    options.log = [](const std::string& line) { std::cerr << "study: " << line << "\n"; };
    const bool quiet = args.quiet;
    options.observer = [quiet](const std::string& label) {
        auto observer = std::make_unique<CliProgressObserver>(label, quiet);
        observer->installSignalHandlers();
        return observer;
    };
    core::StudyRunner runner(toRun, options);
    runner.run();
    if (!args.shard.empty()) {
        return;  // the --jobs parent prints the table once all shards are done
    }
    reportStudy(plan, out);  // the whole study's table
    std::cerr << "study: tables written to " << out << "/results.{md,csv,tex}"
              << (runner.stopped() ? " (stopped: run the same command again to resume)" : "") << "\n";
}

}  // namespace

void registerStudyCommand(CLI::App& app) {
    auto args = std::make_shared<StudyArgs>();
    std::string names;
    for (const auto& [name, description] : core::availableStudies()) {
        names += "\n  " + name + ": " + description;
    }
    auto* cmd = app.add_subcommand("study", "Reproduce one of the paper's tables (launch, collect, compare)");
    cmd->add_option("name", args->name, "Study name")->required()->check(
        CLI::IsMember({"table1", "pretraining", "freezing", "steps_to_converge", "full_lr"}));
    cmd->add_option("--budget", args->budget, "small (CPU minutes per run), medium (a few times longer) or paper (paper's steps, GPT-2)")
        ->check(CLI::IsMember({"small", "medium", "paper"}));
    cmd->add_option("--seeds", args->seeds, "Seeds per cell (mean ± std)")->check(CLI::Range(1, 100));
    cmd->add_option("--out", args->out, "Study folder (default runs/study-NAME-BUDGET); reruns resume it");
    cmd->add_flag("--dry-run", args->dryRun, "List the runs without training");
    cmd->add_flag("--report", args->report, "Only collect finished runs and print/write the tables");
    cmd->add_flag("--quiet,-q", args->quiet, "No per-step progress");
    cmd->add_option("--columns", args->columns, "Train only these columns' runs (comma-separated); the tables cover all")
        ->delimiter(',');
    cmd->add_option("--tasks", args->tasks, "Train only these tasks' runs (comma-separated); the tables cover all")
        ->delimiter(',');
    cmd->add_option("--jobs,-j", args->jobs,
                    "Train this many runs at once, each in its own process with cores/N BLAS threads (default 1)")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--shard", args->shard, "K/N: train only every N-th run from the K-th (what --jobs starts)")
        ->group("");
    cmd->footer("Studies:" + names +
                "\nEach run is an ordinary run folder (<out>/<task>__<column>/seed<k>); finished runs are"
                "\nskipped and interrupted ones resume. Tables: results.md, results.csv, results.tex.");
    cmd->callback([args]() { runStudy(*args); });
}

}  // namespace fpt::app
