// SPDX-License-Identifier: MIT
// fpt export: formats other tools read. Today: TensorBoard event files.
#include "app/cli/export_command.h"

#include "core/training/tensorboard_export.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace fpt::app {

namespace {

struct ExportArgs {
    std::vector<std::string> runs;
    std::string out;
};

}  // namespace

void registerExportCommand(CLI::App& app) {
    auto* exportCmd = app.add_subcommand("export", "Export run folders for other tools");
    exportCmd->require_subcommand(1);
    auto args = std::make_shared<ExportArgs>();
    auto* tb = exportCmd->add_subcommand(
        "tensorboard",
        "Write each run's scalars (train/test loss, accuracy, learning rate, grad norm) as TensorBoard "
        "event files, one subfolder per run: tensorboard --logdir DIR");
    tb->add_option("runs", args->runs, "Run folders")->required()->expected(1, -1);
    tb->add_option("--out", args->out, "Output folder (created)")->required();
    tb->callback([args]() {
        for (const auto& r : core::exportTensorBoard(args->runs, args->out)) {
            std::cout << nlohmann::json{{"run", r.run_dir},
                                        {"out", r.out_subdir},
                                        {"event_file", r.event_file},
                                        {"scalars", r.scalars}}
                             .dump()
                      << "\n";
        }
    });
}

}  // namespace fpt::app
