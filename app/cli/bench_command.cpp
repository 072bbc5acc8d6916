// SPDX-License-Identifier: MIT
// fpt bench: one JSON line per config on stdout (config, impl, steps_per_s, tokens_per_s, gflops,
// peak_rss_mb, ...). peak_rss_mb is the process high-water mark: run one config per process to
// compare memory (bench/compare does).
#include "app/cli/bench_command.h"

#include "app/cli/config_loading.h"
#include "core/training/benchmark.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

struct BenchArgs {
    std::vector<std::string> configs;
    double seconds = 5.0;
    int threads = 0;
    bool gemm = false;
    bool list = false;
    std::string preset;
    std::vector<std::string> overrides;
    core::BenchOptions options;
};

void runBench(const BenchArgs& args) {
    if (args.threads > 0) {
        torch::set_num_threads(args.threads);
    }
    auto options = args.options;
    options.seconds = args.seconds;
    if (args.list) {
        for (const auto& s : core::benchShapes()) {
            std::cout << nlohmann::json{{"config", s.name}, {"n_layer", s.n_layer},
                                        {"n_embd", s.n_embd}, {"n_head", s.n_head},
                                        {"seq", s.seq}, {"in_dim", s.in_dim},
                                        {"classes", s.classes}, {"batch", s.batch},
                                        {"mode", core::toString(s.mode)},
                                        {"flops_per_step", core::benchFlopsPerStep(s)}}
                             .dump()
                      << std::endl;
        }
        return;
    }
    if (args.gemm) {
        std::cout << core::measureSgemmPeak(args.seconds).dump() << std::endl;
        return;
    }
    if (!args.preset.empty()) {
        const auto config = loadConfigWithOverrides(args.preset, args.overrides);
        const auto name = std::filesystem::path(args.preset).stem().string();
        std::cout << core::runBenchmark(core::benchCaseForPreset(config, name), options).dump()
                  << std::endl;
        return;
    }
    std::vector<core::BenchShape> shapes;
    if (args.configs.empty()) {
        shapes = core::benchShapes();
    } else {
        for (const auto& name : args.configs) {
            shapes.push_back(core::benchShape(name));  // all names checked before any run
        }
    }
    for (const auto& shape : shapes) {
        std::cout << core::runBenchmark(core::benchCase(shape, options), options).dump()
                  << std::endl;
    }
}

}  // namespace

void registerBenchCommand(CLI::App& app) {
    auto args = std::make_shared<BenchArgs>();
    auto* cmd = app.add_subcommand(
        "bench", "Time training steps (forward + backward + Adam) on the peer benchmark's configs");
    cmd->add_option("configs", args->configs,
                    "fpt-small, full-small, fpt-gpt2, full-gpt2, lstm-small, fpt-gpt2-lra "
                    "(default: all, in one process)");
    cmd->add_option("--seconds", args->seconds, "Timed seconds per config (after 3 warm-up steps)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", args->threads,
                    "torch intra-op threads (default 1: OpenBLAS threads its own GEMMs)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--attention", args->options.attention,
                    "auto (blocked from 256 tokens), plain (written out) or blocked")
        ->check(CLI::IsMember({"auto", "plain", "blocked"}));
    cmd->add_option("--dropout", args->options.dropout, "Dropout of the built-in configs (peer: 0)")
        ->check(CLI::Range(0.0, 0.99));
    cmd->add_option("--grad-clip", args->options.grad_clip,
                    "Gradient clip of the built-in configs (Trainer default 1; <= 0: off)");
    cmd->add_option("--warmup", args->options.warmup_steps, "Untimed steps first")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--profile", args->options.profile_path,
                    "After timing, profile extra steps into this chrome-trace JSON file");
    cmd->add_option("--profile-steps", args->options.profile_steps, "Steps to profile")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--gemm", args->gemm, "Print the measured sgemm peak (GFLOP/s) as JSON instead");
    cmd->add_flag("--list", args->list, "Print the configs' shapes and FLOPs per step as JSON lines");
    cmd->add_option("--preset", args->preset,
                    "Time a preset's model and task shapes instead (its dropout, clip, batch)");
    cmd->add_option("--set", args->overrides, "Override a preset value: path.to.key=value")
        ->take_all();
    cmd->footer(
        "One JSON line per config on stdout: config, impl (fpt-cpp), steps_per_s, tokens_per_s,\n"
        "gflops (the peer's FLOP formula), peak_rss_mb (process high-water mark), step_ms_median,\n"
        "step_ms_min, attention, threads. Compare with bench/compare, which runs each config in\n"
        "its own process, interleaved with the PyTorch peer.");
    cmd->callback([args]() { runBench(*args); });
}

}  // namespace fpt::app
