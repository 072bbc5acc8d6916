// SPDX-License-Identifier: MIT
// `fpt bench` engine: times full training steps (forward + backward + Adam) of the app's own
// FptModel on the peer's shapes (../shared/peers/fpt_torch_ref.py), and measures the sgemm peak.
#pragma once

#include "core/config/run_config.h"
#include "core/config/task_types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

/// One benchmark shape, as the peer's CONFIGS table (mode: "fpt", "full" or "lstm").
struct BenchShape {
    std::string name;
    int64_t n_layer = 0;
    int64_t n_embd = 0;
    int64_t n_head = 0;
    int64_t seq = 0;      // tokens per example (T)
    int64_t in_dim = 0;   // features per token
    int64_t classes = 0;
    int64_t batch = 0;
    ModelKind mode = ModelKind::Fpt;
};

struct BenchOptions {
    double seconds = 5.0;          // timed seconds per config (after the warm-up steps)
    int64_t warmup_steps = 3;      // untimed steps first (the peer does 3)
    int64_t min_steps = 1;         // timed steps at least, however long they take
    double dropout = 0.0;          // the peer has no dropout
    double grad_clip = 1.0;        // the Trainer's default (the peer does not clip)
    std::string attention = "auto";  // ModelConfig::attention: auto, plain or blocked
    std::string profile_path;      // when set: a chrome trace of profile_steps extra steps
    int64_t profile_steps = 2;
};

/// The peer's six configs, in its order.
const std::vector<BenchShape>& benchShapes();

/// The shape called `name`; throws ConfigError listing the known names.
BenchShape benchShape(const std::string& name);

/// FLOPs of one training step by the peer's formula: 2·params·tokens forward (+ attention 4·T·d
/// per token and layer), backward 2x forward when weights train, 1x when frozen.
double benchFlopsPerStep(const BenchShape& shape);

/// What one benchmark trains: the run config (model + train parts), the task's tensor shapes, and
/// the BenchShape used for the FLOP count.
struct BenchCase {
    BenchShape shape;
    RunConfig config;
    TaskSpec spec;
};

/// A peer config as the app's model: random body, dropout / clip / attention from `options`,
/// the peer's torch nn.LSTM for mode "lstm".
BenchCase benchCase(const BenchShape& shape, const BenchOptions& options);

/// A preset's model, task shapes and train settings (dropout, clip, batch) as training would run
/// them, named `name`, for comparing a training run's wall time with the benchmark step time. A
/// pretrained backbone is replaced by a random body of its shape (weights do not change speed).
BenchCase benchCaseForPreset(RunConfig config, const std::string& name);

/// Builds the model like Trainer::setUp (seed 0, FreezePolicy, Adam on the trainable parameters)
/// and times runTrainStep on one fixed random batch. Returns the peer's JSON fields (config, impl,
/// steps_per_s, tokens_per_s, gflops, peak_rss_mb) plus step-time statistics and settings.
nlohmann::json runBenchmark(const BenchCase& bench, const BenchOptions& options);

/// Measured single-precision GEMM throughput (torch::mm, so the BLAS the models use) over square
/// and model-shaped products: {"gemm_gflops_peak", "shapes": [...]}. Takes about `seconds`.
nlohmann::json measureSgemmPeak(double seconds);

/// This process's peak resident set size in MiB (getrusage ru_maxrss, as the peer reports it).
double peakRssMb();

}  // namespace fpt::core
