// SPDX-License-Identifier: MIT
// fpt study: runs one of the paper's experiments end to end and prints its table beside the
// paper's numbers (also written as results.md / .csv / .tex / study.json in the study folder).
#include "app/cli/study_command.h"

#include "app/cli/cli_progress_observer.h"
#include "core/backbone_registry.h"
#include "core/error.h"
#include "core/study_plan.h"
#include "core/study_results.h"
#include "core/study_runner.h"

#include <CLI/CLI.hpp>
#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

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
};

std::string presetsDir() {
    const auto root = core::projectRoot();
    return (std::filesystem::path(root.empty() ? "." : root) / "presets").string();
}

void runStudy(const StudyArgs& args) {
    const auto plan = core::buildStudyPlan(args.name, args.budget, args.seeds, presetsDir());
    const std::string out = args.out.empty() ? "runs/study-" + args.name + "-" + args.budget : args.out;
    if (args.dryRun) {
        for (const auto& cell : plan.cells) {
            std::cout << cell.row << " / " << cell.column << ": " << cell.config.model.kind << " backbone "
                      << cell.config.model.backbone << ", " << cell.config.train.steps << " steps x batch "
                      << cell.config.train.batch_size << ", paper "
                      << (cell.paper ? fmt::format("{:g}%", *cell.paper) : std::string("-")) << "\n";
        }
        for (const auto& s : plan.skipped) {
            std::cout << "skipped: " << s << "\n";
        }
        return;
    }
    if (args.report) {
        const auto results = core::collectStudyResults(plan, out);
        core::writeStudyResults(results, out);
        std::cout << core::studyMarkdown(results);
        return;
    }
    core::StudyPlan toRun = plan;
    if (!args.tasks.empty()) {
        for (const auto& t : args.tasks) {
            if (std::find(plan.rows.begin(), plan.rows.end(), t) == plan.rows.end()) {
                throw core::ConfigError("--tasks: '" + t + "' is not a runnable row of study " + args.name);
            }
        }
        const auto wanted = [&args](const std::string& row) {
            return std::find(args.tasks.begin(), args.tasks.end(), row) != args.tasks.end();
        };
        toRun.cells.erase(std::remove_if(toRun.cells.begin(), toRun.cells.end(),
                                         [&wanted](const core::StudyCell& c) { return !wanted(c.row); }),
                          toRun.cells.end());
    }
    core::StudyRunOptions options;
    options.out = out;
    options.log = [](const std::string& line) { std::cerr << "study: " << line << "\n"; };
    const bool quiet = args.quiet;
    options.observer = [quiet](const std::string& label) {
        auto observer = std::make_unique<CliProgressObserver>(label, quiet);
        observer->installSignalHandlers();
        return observer;
    };
    core::StudyRunner runner(toRun, options);
    runner.run();
    const auto results = core::collectStudyResults(plan, out);  // the whole study's table
    core::writeStudyResults(results, out);
    std::cout << core::studyMarkdown(results);
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
        CLI::IsMember({"table1", "pretraining", "freezing", "steps_to_converge"}));
    cmd->add_option("--budget", args->budget, "small (CPU minutes per run) or paper (paper's steps, GPT-2)")
        ->check(CLI::IsMember({"small", "paper"}));
    cmd->add_option("--seeds", args->seeds, "Seeds per cell (mean ± std)")->check(CLI::Range(1, 100));
    cmd->add_option("--out", args->out, "Study folder (default runs/study-NAME-BUDGET); reruns resume it");
    cmd->add_flag("--dry-run", args->dryRun, "List the runs without training");
    cmd->add_flag("--report", args->report, "Only collect finished runs and print/write the tables");
    cmd->add_flag("--quiet,-q", args->quiet, "No per-step progress");
    cmd->add_option("--tasks", args->tasks, "Train only these tasks' runs (comma-separated); the tables cover all")
        ->delimiter(',');
    cmd->footer("Studies:" + names +
                "\nEach run is an ordinary run folder (<out>/<task>__<column>/seed<k>); finished runs are"
                "\nskipped and interrupted ones resume. Tables: results.md, results.csv, results.tex.");
    cmd->callback([args]() { runStudy(*args); });
}

}  // namespace fpt::app
