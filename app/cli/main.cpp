// SPDX-License-Identifier: MIT
// fpt: the headless command line. Errors print once, with what to do next, and exit non-zero.
#include "app/cli/command_line.h"
#include "app/cli/convert_command.h"
#include "app/cli/bench_command.h"
#include "app/cli/fetch_command.h"
#include "app/cli/export_command.h"
#include "app/cli/forward_command.h"
#include "app/cli/params_command.h"
#include "app/cli/study_command.h"
#include "app/cli/pretrain_command.h"
#include "app/cli/launch_command.h"
#include "app/cli/train_command.h"

#include "core/config/error.h"
#include "core/kernels/build_info.h"
#include "core/kernels/process_tuning.h"

#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <csignal>
#include <iostream>

namespace {

void setUpLogging() {
    for (const char* name : {"core", "app"}) {
        auto logger = spdlog::get(name);
        if (!logger) {
            logger = spdlog::stderr_color_mt(name);
        }
        logger->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] [t%t] %v");
        logger->set_level(spdlog::level::warn);
    }
    if (const char* level = std::getenv("FPT_LOG_LEVEL")) {
        spdlog::set_level(spdlog::level::from_str(level));
    }
}

}  // namespace

int main(int argc, char** argv) {
    // Past a file-size limit (ulimit -f) write() then fails with EFBIG, which the writers report
    // as an error keeping the previous checkpoint, instead of SIGXFSZ killing the process.
    std::signal(SIGXFSZ, SIG_IGN);
    setUpLogging();
    fpt::core::tuneProcessForTraining();  // 1 torch thread, malloc keeps activations (process_tuning.h)
    CLI::App app{"fpt: Frozen Pretrained Transformer experiments, headless"};
    app.require_subcommand(1);
    app.footer("Each subcommand has --help. Presets live in presets/; runs are folders (run.json,\n"
               "metrics.jsonl, checkpoints/, model.safetensors) that fpt-explorer opens too.");
    fpt::app::registerTrainCommand(app);
    fpt::app::registerForwardCommand(app);
    fpt::app::registerParamsCommand(app);
    fpt::app::registerStudyCommand(app);
    fpt::app::registerPretrainCommand(app, fpt::app::shellCommandLine(argc, argv));
    fpt::app::registerEvalLmCommand(app);
    fpt::app::registerConvertCommand(app);
    fpt::app::registerLaunchCommand(app);
    fpt::app::registerBenchCommand(app);
    fpt::app::registerFetchCommand(app);
    fpt::app::registerExportCommand(app);
    app.set_version_flag("--version", []() { return fpt::core::buildInfoText(); },
                         "Version, git commit, LibTorch, BLAS in use and CPU features");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const fpt::core::Error& e) {
        std::cerr << "fpt: error: " << e.what() << "\n";
        return 1;
    } catch (const c10::Error& e) {
        std::cerr << "fpt: internal error: " << e.what_without_backtrace() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "fpt: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
