// SPDX-License-Identifier: MIT
// fpt train: progress on stderr, one JSON summary line on stdout. In a data-parallel job only
// rank 0 reports; the other ranks print errors only and nothing on stdout.
#include "app/cli/train_command.h"

#include "app/cli/cli_progress_observer.h"
#include "app/cli/config_loading.h"
#include "app/cli/distributed_args.h"
#include "core/distributed/gloo_gradient_sync.h"
#include "core/training/run_folder.h"
#include "core/training/trainer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

struct TrainArgs {
    std::string preset;
    std::string out;
    std::string resume;
    std::vector<std::string> overrides;
    bool noFolder = false;
    bool quiet = false;
    DistributedArgs distributed;
};

nlohmann::json summaryJson(const core::RunConfig& config, const core::RunSummary& s) {
    return {{"run_dir", s.run_dir}, {"task", core::toString(config.task.name)}, {"kind", core::toString(config.model.kind)},
            {"backbone", config.model.backbone}, {"status", s.status}, {"message", s.message},
            {"steps", s.steps}, {"seconds", s.seconds}, {"steps_per_s", s.steps_per_s},
            {"train_loss", s.train_loss}, {"train_accuracy", s.train_accuracy},
            {"test_loss", s.test_loss}, {"test_accuracy", s.test_accuracy},
            {"test_examples", s.test_examples}, {"best_test_accuracy", s.best_test_accuracy},
            {"trainable_params", s.trainable_params}, {"total_params", s.total_params},
            {"data_share", s.data_share}};
}

/// The job's shape: validated before any rendezvous, so a bad batch size fails at once.
std::unique_ptr<core::GlooGradientSync> joinGroup(const TrainArgs& args,
                                                  const core::RunConfig& config) {
    const auto distributed =
        resolveDistributed(args.distributed, [](const char* name) { return std::getenv(name); });
    if (!distributed) {
        return nullptr;
    }
    if (auto issues = core::validateBatchSplit(config, distributed->world_size); !issues.empty()) {
        throw core::ConfigValidationError("run config", issues);
    }
    return std::make_unique<core::GlooGradientSync>(*distributed);
}

int runTrain(const TrainArgs& args) {
    core::RunConfig config;
    core::TrainerOptions options;
    if (!args.resume.empty()) {
        // Every rank reads the checkpoint: on several hosts the folder must be on a shared disk.
        auto folder = core::RunFolder::open(args.resume);
        std::vector<std::string> overrides = args.overrides;
        config = loadConfigWithOverrides(folder.file("run.json"), overrides);
        options.run_dir = args.resume;
        options.resume = true;
    } else {
        config = loadConfigWithOverrides(args.preset, args.overrides);
        options.run_dir = args.noFolder ? "" : (args.out.empty() ? defaultRunDir(config) : args.out);
        options.extra_record = {{"preset", args.preset}, {"overrides", args.overrides}};
    }
    const auto sync = joinGroup(args, config);
    options.sync = sync.get();
    const bool reporter = sync == nullptr || sync->rank() == 0;
    core::Trainer trainer(config, options);
    CliProgressObserver observer(
        config.name.empty() ? core::toString(config.task.name) + "/" + core::toString(config.model.kind) : config.name,
        args.quiet || !reporter);
    observer.installSignalHandlers();
    const auto summary = trainer.fit(observer);
    if (reporter) {
        auto json = summaryJson(trainer.config(), summary);
        if (sync != nullptr) {
            json.update({{"world_size", sync->worldSize()},
                         {"backend", sync->backend()},
                         {"bytes_reduced", sync->bytesReduced()},
                         {"all_reduce_calls", sync->allReduceCalls()},
                         {"sync_seconds", sync->syncSeconds()}});
        }
        std::cout << json.dump() << std::endl;
    }
    return 0;
}

}  // namespace

void registerTrainCommand(CLI::App& app) {
    auto args = std::make_shared<TrainArgs>();
    auto* cmd = app.add_subcommand("train", "Train one run from a JSON preset (or resume a run folder)");
    cmd->add_option("preset", args->preset, "Preset JSON (presets/<task>_<kind>.json) or a run.json");
    cmd->add_option("--out", args->out, "Run folder to create (default runs/<name>-<time>)");
    cmd->add_option("--set", args->overrides,
                    "Override a config value: path.to.key=value (JSON value or bare string), "
                    "e.g. --set train.steps=200 --set model.kind=full --set task.data_path=DIR")
        ->take_all();
    cmd->add_option("--resume", args->resume,
                    "Continue a run folder from its latest checkpoint (--set train.steps=N extends it)");
    cmd->add_flag("--no-folder", args->noFolder, "Keep nothing on disk (quick experiments)");
    cmd->add_flag("--quiet,-q", args->quiet, "No progress lines on stderr");
    addDistributedOptions(*cmd, args->distributed);
    cmd->footer(
        "Prints progress on stderr and one JSON summary line on stdout: run_dir, status, steps,\n"
        "seconds, steps_per_s, train/test loss and accuracy, trainable_params, total_params.\n"
        "Ctrl-C stops cleanly: a checkpoint is written and --resume continues the run.\n"
        "With --world-size N, rank 0 writes the run folder and the summary (plus world_size,\n"
        "backend, bytes_reduced); other ranks print only errors.");
    cmd->callback([args, cmd]() {
        if (args->preset.empty() == args->resume.empty()) {
            throw CLI::ValidationError("train", "give either a preset or --resume DIR");
        }
        (void)cmd;
        const int rc = runTrain(*args);
        if (rc != 0) {
            throw CLI::RuntimeError(rc);
        }
    });
}

}  // namespace fpt::app
