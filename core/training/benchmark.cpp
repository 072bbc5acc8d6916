// SPDX-License-Identifier: MIT
// Benchmark steps run the Trainer's own step (runTrainStep) on the model it would build, so a
// speed-up measured here is a speed-up of training.
#include "core/training/benchmark.h"

#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/model/fpt_model.h"
#include "core/model/freeze_policy.h"
#include "core/model/gpt2_config.h"
#include "core/config/run_rng.h"
#include "core/tasks/task_factory.h"
#include "core/training/train_step.h"

#include <torch/csrc/autograd/profiler.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace fpt::core {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
    if (v.empty()) {
        return 0.0;
    }
    std::sort(v.begin(), v.end());
    const std::size_t mid = v.size() / 2;
    return v.size() % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}

}  // namespace

const std::vector<BenchShape>& benchShapes() {
    // name, layers, width, heads, seq, in_dim, classes, batch, mode (fpt_torch_ref.py CONFIGS).
    static const std::vector<BenchShape> shapes = {
        {"fpt-small", 4, 256, 4, 64, 48, 10, 32, ModelKind::Fpt},
        {"full-small", 4, 256, 4, 64, 48, 10, 32, ModelKind::Full},
        {"fpt-gpt2", 12, 768, 12, 64, 48, 10, 8, ModelKind::Fpt},
        {"full-gpt2", 12, 768, 12, 64, 48, 10, 8, ModelKind::Full},
        {"lstm-small", 3, 256, 0, 64, 48, 10, 32, ModelKind::Lstm},
        {"fpt-gpt2-lra", 12, 768, 12, 1024, 1, 10, 2, ModelKind::Fpt},
    };
    return shapes;
}

BenchShape benchShape(const std::string& name) {
    std::string known;
    for (const auto& s : benchShapes()) {
        if (s.name == name) {
            return s;
        }
        known += (known.empty() ? "" : ", ") + s.name;
    }
    throw ConfigError("unknown benchmark config '" + name + "' (known: " + known + ")");
}

double benchFlopsPerStep(const BenchShape& s) {
    const auto d = static_cast<double>(s.n_embd);
    const auto L = static_cast<double>(s.n_layer);
    const auto T = static_cast<double>(s.seq);
    const auto B = static_cast<double>(s.batch);
    if (s.mode == ModelKind::Lstm) {
        const double perTok = L * 2.0 * 4.0 * d * 2.0 * d;
        return 3.0 * perTok * T * B;
    }
    const double perTokFwd = L * (2.0 * 12.0 * d * d + 2.0 * 2.0 * T * d);
    const double mult = s.mode == ModelKind::Full ? 3.0 : 2.0;  // frozen weights need no weight grads
    return mult * perTokFwd * T * B;
}

BenchCase benchCase(const BenchShape& shape, const BenchOptions& options) {
    BenchCase bench;
    bench.shape = shape;
    auto& model = bench.config.model;
    bench.config.name = shape.name;
    model.kind = shape.mode;
    model.backbone = kRandomBackbone;
    model.n_layer = shape.n_layer;
    model.n_embd = shape.n_embd;
    model.n_head = std::max<int64_t>(1, shape.n_head);
    model.dropout = options.dropout;
    model.lstm_layer_norm = false;  // the peer's nn.LSTM
    model.attention = options.attention;
    bench.config.train.grad_clip = options.grad_clip;
    bench.config.train.batch_size = shape.batch;
    bench.spec.input_kind = InputKind::Continuous;
    bench.spec.input_dim = shape.in_dim;
    bench.spec.seq_len = shape.seq;
    bench.spec.readout_tokens = 1;
    bench.spec.outputs_per_token = shape.classes;
    bench.spec.num_classes = shape.classes;
    return bench;
}

BenchCase benchCaseForPreset(RunConfig config, const std::string& name) {
    resolveTaskDefaults(config.task);
    if (const auto issues = validate(config); !issues.empty()) {
        throw ConfigValidationError("preset '" + name + "'", issues);
    }
    auto& model = config.model;
    if (model.kind != ModelKind::Lstm && !isRandomBackbone(model.backbone)) {
        const auto backbone = BackboneRegistry::resolve(model.backbone);
        if (backbone.source != BackboneSource::Random) {
            const auto body = readGpt2Config(backbone.folder + "/config.json");
            model.n_layer = body.n_layer;
            model.n_embd = body.n_embd;
            model.n_head = body.n_head;
        }
        model.backbone = kRandomBackbone;
    }
    BenchCase bench;
    bench.spec = taskSpecFor(config.task);
    bench.shape = {name,
                   model.n_layer,
                   model.n_embd,
                   model.kind == ModelKind::Lstm ? 0 : model.n_head,
                   bench.spec.seq_len,
                   bench.spec.input_dim,
                   bench.spec.num_classes,
                   config.train.batch_size,
                   model.kind};
    config.name = name;
    bench.config = std::move(config);
    return bench;
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

nlohmann::json runBenchmark(const BenchCase& bench, const BenchOptions& options) {
    const auto& shape = bench.shape;
    const auto& config = bench.config;
    const auto& spec = bench.spec;
    FptModel model{nullptr};
    {
        std::lock_guard<std::mutex> lock(RunRng::initMutex());
        torch::manual_seed(0);
        model = FptModel(config.model, spec, nullptr);
    }
    const auto counts = FreezePolicy::apply(model, config.model);
    auto optimizer = makeOptimizer(model, config.train);
    const auto x = spec.input_kind == InputKind::Tokens
                       ? torch::randint(0, spec.input_dim, {shape.batch, spec.seq_len})
                       : torch::randn({shape.batch, spec.seq_len, spec.input_dim});
    const int64_t predictions = spec.readout_tokens * spec.outputs_per_token / spec.num_classes;
    const auto y = torch::randint(0, spec.num_classes, {shape.batch, predictions});
    RunRng::ThreadScope rng(RunRng::mix(0, 0));

    int64_t step = 0;
    auto oneStep = [&] {
        ++step;
        return runTrainStep(model, *optimizer, x, y, spec.num_classes, config.train.grad_clip,
                            nullptr, step);
    };
    for (int64_t i = 0; i < options.warmup_steps; ++i) {
        oneStep();
    }
    std::vector<double> stepSeconds;
    TrainStepResult last;
    const auto t0 = Clock::now();
    while (static_cast<int64_t>(stepSeconds.size()) < options.min_steps ||
           secondsSince(t0) < options.seconds) {
        const auto s0 = Clock::now();
        last = oneStep();
        stepSeconds.push_back(secondsSince(s0));
    }
    const double total = secondsSince(t0);
    if (!options.profile_path.empty()) {
        // Legacy profiler: every aten op and autograd node with CPU times (chrome://tracing JSON;
        // bench/profile_summary aggregates self time per op).
        torch::autograd::profiler::RecordProfile guard(options.profile_path);
        for (int64_t i = 0; i < options.profile_steps; ++i) {
            oneStep();
        }
    }
    const double dt = total / static_cast<double>(stepSeconds.size());
    const double flops = benchFlopsPerStep(shape);
    return {{"config", shape.name},
            {"impl", "fpt-cpp"},
            {"steps_per_s", 1.0 / dt},
            {"tokens_per_s", static_cast<double>(shape.batch * shape.seq) / dt},
            {"gflops", flops / dt / 1e9},
            {"peak_rss_mb", peakRssMb()},
            {"torch", TORCH_VERSION},
            {"steps", static_cast<int64_t>(stepSeconds.size())},
            {"seconds", total},
            {"step_ms_median", 1e3 * median(stepSeconds)},
            {"step_ms_min", 1e3 * *std::min_element(stepSeconds.begin(), stepSeconds.end())},
            {"flops_per_step", flops},
            {"threads", at::get_num_threads()},
            {"attention", config.model.attention},
            {"dropout", config.model.dropout},
            {"grad_clip", config.train.grad_clip},
            {"trainable_params", counts.trainable},
            {"total_params", counts.total},
            {"final_loss", last.loss}};
}

nlohmann::json measureSgemmPeak(double seconds) {
    struct Shape {
        int64_t m, k, n;
        const char* what;
    };
    // Square products, then the GEMMs of a GPT-2 layer at 512 tokens (fpt-gpt2's batch).
    const std::vector<Shape> shapes = {{1024, 1024, 1024, "square"}, {2048, 2048, 2048, "square"},
                                       {3072, 3072, 3072, "square"}, {512, 768, 2304, "c_attn"},
                                       {512, 3072, 768, "mlp.c_proj"}, {512, 768, 3072, "c_fc"}};
    const double perShape = seconds / static_cast<double>(shapes.size());
    nlohmann::json rows = nlohmann::json::array();
    double peak = 0.0;
    for (const auto& s : shapes) {
        const auto a = torch::randn({s.m, s.k});
        const auto b = torch::randn({s.k, s.n});
        auto c = torch::empty({s.m, s.n});
        torch::mm_out(c, a, b);  // warm-up (page faults, BLAS thread start)
        double best = 0.0;
        const auto t0 = Clock::now();
        int reps = 0;
        while (reps < 3 || secondsSince(t0) < perShape) {
            const auto r0 = Clock::now();
            torch::mm_out(c, a, b);
            best = std::max(best, 2.0 * double(s.m) * double(s.k) * double(s.n) / secondsSince(r0) / 1e9);
            ++reps;
        }
        peak = std::max(peak, best);
        rows.push_back({{"m", s.m}, {"k", s.k}, {"n", s.n}, {"what", s.what}, {"gflops", best},
                        {"reps", reps}});
    }
    return {{"gemm_gflops_peak", peak}, {"shapes", rows}, {"threads", at::get_num_threads()},
            {"torch", TORCH_VERSION}};
}

}  // namespace fpt::core
