// SPDX-License-Identifier: MIT
// The training loop (fpt-paper.md §3.3: Adam, constant LR, grad-clip 1.0, CE on the read-out
// tokens). Batches and dropout masks are functions of (seed, step), so reruns are bit-identical
// and a resumed run continues exactly where an uninterrupted one would be.
#include "core/training/trainer.h"

#include "core/backbones/backbone_registry.h"
#include "core/training/checkpoint.h"
#include "core/config/core_logger.h"
#include "core/distributed/distributed_options.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/distributed/gradient_sync.h"
#include "core/training/run_folder.h"
#include "core/config/run_rng.h"
#include "core/formats/snapshot_io.h"
#include "core/kernels/build_info.h"
#include "core/tasks/task_factory.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <numeric>

namespace fpt::core {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

torch::Device deviceFor(const std::string& name) {
    if (name == "cuda") {
        if (!torch::cuda::is_available()) {
            throw ConfigError(
                "/train/device: \"cuda\" was asked for, but this LibTorch build has no CUDA or no "
                "GPU is visible; use \"cpu\" or build against a CUDA LibTorch");
        }
        return torch::Device(torch::kCUDA);
    }
    return torch::Device(torch::kCPU);
}

enum class StopReason { None, User, Budget };

/// Ranks must leave the loop after the same step, or those still training wait in an all-reduce
/// for the ones that left until the timeout: a stop or an exhausted budget seen by any rank stops
/// all of them (one 16-byte all-reduce per step).
StopReason agreedStop(TrainingObserver& observer,
                      GradientSync* sync,
                      double seconds,
                      double maxMinutes) {
    std::vector<double> flags = {observer.shouldStop() ? 1.0 : 0.0,
                                 maxMinutes > 0.0 && seconds > 60.0 * maxMinutes ? 1.0 : 0.0};
    if (sync != nullptr && sync->worldSize() > 1) {
        flags = sync->averageValues(flags);
    }
    return flags[0] > 0.0   ? StopReason::User
           : flags[1] > 0.0 ? StopReason::Budget
                            : StopReason::None;
}

}  // namespace

namespace {
const char* const kStoppedByUser = "stopped by the user";
}  // namespace

Trainer::Trainer(RunConfig config, TrainerOptions options)
    : m_config(std::move(config))
    , m_options(std::move(options))
    , m_device(torch::kCPU) {}

Trainer::~Trainer() = default;

bool Trainer::isWriter() const {
    return !m_options.run_dir.empty() && (m_options.sync == nullptr || m_options.sync->rank() == 0);
}

void Trainer::setUp() {
    if (m_setUp) {
        return;
    }
    resolveTaskDefaults(m_config.task);
    auto issues = validate(m_config);
    if (m_options.sync != nullptr) {
        for (auto& issue : validateBatchSplit(m_config, m_options.sync->worldSize())) {
            issues.push_back(std::move(issue));
        }
    }
    if (!issues.empty()) {
        throw ConfigValidationError("run config", issues);
    }
    m_device = deviceFor(m_config.train.device);
    const auto backbone = BackboneRegistry::resolve(m_config.model.kind == ModelKind::Lstm ? kRandomBackbone
                                                                                  : m_config.model.backbone);
    std::unique_ptr<Gpt2Checkpoint> checkpoint;
    if (backbone.source != BackboneSource::Random) {
        checkpoint = std::make_unique<Gpt2Checkpoint>(backbone.folder);
    }
    m_backboneRecord = {{"name", backbone.name},
                        {"folder", backbone.folder},
                        {"fingerprint", checkpoint ? checkpoint->fingerprint() : "random"}};
    m_task = makeTask(m_config.task, m_config.train.seed);
    {
        std::lock_guard<std::mutex> lock(RunRng::initMutex());
        torch::manual_seed(static_cast<uint64_t>(m_config.train.seed));
        m_model = FptModel(m_config.model, m_task->spec(), checkpoint.get());
    }
    m_counts = FreezePolicy::apply(m_model, m_config.model);
    m_model->to(m_device);
    if (m_options.sync != nullptr) {
        auto params = m_model->parameters();
        m_options.sync->broadcast(params);
    }
    m_optimizer = makeOptimizer(m_model, m_config.train);
    m_setUp = true;
}

void Trainer::openFolder() {
    if (m_options.run_dir.empty()) {
        return;
    }
    if (m_options.resume) {
        // Every rank reads the checkpoint; only the writer touches the folder.
        auto folder = RunFolder::open(m_options.run_dir);
        if (const auto step = folder.latestCheckpointStep()) {
            const auto state = loadCheckpoint(folder.checkpointDir(*step), m_model, *m_optimizer);
            m_step = *step;
            m_elapsedBefore = state.value("time_s", 0.0);
            m_bestTest = state.value("best_test_accuracy", 0.0);
        }
        coreLogger()->info("resuming '{}' at step {}", m_options.run_dir, m_step);
        if (isWriter()) {
            folder.truncateMetricsAfter(m_step);
            // A run may resume on another number of ranks (the global batch is unchanged).
            folder.updateRecord({{"status", "running"},
                                 {"config", m_config},
                                 {"world_size", m_options.sync ? m_options.sync->worldSize() : 1},
                                 {"backend", m_options.sync ? m_options.sync->backend() : "none"}});
            m_folder = std::make_unique<RunFolder>(std::move(folder));
        }
        return;
    }
    if (!isWriter()) {
        return;
    }
    nlohmann::json record = m_options.extra_record;
    record.update({{"config", m_config},
                   {"seed", m_config.train.seed},
                   {"status", "running"},
                   {"step", 0},
                   {"backbone", m_backboneRecord},
                   {"parameters", {{"trainable", m_counts.trainable}, {"total", m_counts.total}}},
                   {"task_spec", {{"seq_len", m_task->spec().seq_len},
                                  {"input_dim", m_task->spec().input_dim},
                                  {"readout_tokens", m_task->spec().readout_tokens},
                                  {"num_classes", m_task->spec().num_classes}}},
                   {"world_size", m_options.sync ? m_options.sync->worldSize() : 1},
                   {"backend", m_options.sync ? m_options.sync->backend() : "none"},
                   {"libtorch_version", TORCH_VERSION},
                   {"fpt_version", FPT_VERSION},
                   {"build", buildInfoJson()}});
    m_folder = std::make_unique<RunFolder>(RunFolder::create(m_options.run_dir, record));
    writeProbeInfo(m_folder->file("probe.json"), m_task->probeInfo());
}

Batch Trainer::shard(Batch batch) const {
    if (m_options.sync == nullptr || m_options.sync->worldSize() == 1) {
        return batch;
    }
    const int64_t world = m_options.sync->worldSize();
    const int64_t rank = m_options.sync->rank();
    const int64_t per = batch.x.size(0) / world;
    return {batch.x.narrow(0, rank * per, per), batch.y.narrow(0, rank * per, per)};
}

TrainStepResult Trainer::trainStep(const Batch& batch) {
    return runTrainStep(m_model, *m_optimizer, batch.x.to(m_device), batch.y.to(m_device),
                        m_task->spec().num_classes, m_config.train.grad_clip, m_options.sync,
                        m_step + 1);
}

EvalMetrics Trainer::evaluate(int64_t batches) {
    setUp();
    torch::NoGradGuard noGrad;
    m_model->eval();
    const int64_t size = m_task->size(Split::Test);
    const int64_t bs = m_config.train.batch_size;
    if (batches <= 0) {
        batches = size > 0 ? (size + bs - 1) / bs : m_config.train.eval_batches;
    }
    double lossSum = 0.0;
    double correct = 0.0;
    int64_t predictions = 0;
    int64_t examples = 0;
    for (int64_t i = 0; i < batches; ++i) {
        auto batch = m_task->batch(Split::Test, bs, i);
        auto logits = m_model->forward(batch.x.to(m_device));
        auto [loss, accuracy] = lossAndAccuracy(logits, batch.y.to(m_device), m_task->spec().num_classes);
        const int64_t n = batch.y.numel();
        lossSum += loss.item<double>() * static_cast<double>(n);
        correct += accuracy.item<double>() * static_cast<double>(n);
        predictions += n;
        examples += batch.x.size(0);
    }
    m_model->train();
    EvalMetrics m;
    m.step = m_step;
    m.loss = predictions > 0 ? lossSum / static_cast<double>(predictions) : 0.0;
    m.accuracy = predictions > 0 ? correct / static_cast<double>(predictions) : 0.0;
    m.examples = examples;
    return m;
}

std::optional<Snapshot> Trainer::snapshot() {
    setUp();
    if (!m_model->hasTransformer()) {
        return std::nullopt;
    }
    torch::NoGradGuard noGrad;
    m_model->eval();
    std::vector<torch::Tensor> attentions;
    m_model->forwardWithAttention(m_task->probeBatch().x.to(m_device), attentions);
    m_model->train();
    return makeSnapshot(m_step, attentions, m_model->transformer()->wpe()->weight);
}

void Trainer::saveCheckpointNow(TrainingObserver& observer) {
    if (!m_folder) {
        return;
    }
    const auto dir = saveCheckpoint(*m_folder, m_step, m_model, *m_optimizer,
                                    {{"time_s", m_timeNow}, {"best_test_accuracy", m_bestTest}},
                                    m_config.train.keep_checkpoints);
    m_folder->updateRecord({{"step", m_step}, {"best_test_accuracy", m_bestTest}});
    observer.onCheckpoint(dir);
}

void Trainer::afterStep(TrainingObserver& observer, const StepMetrics& metrics) {
    const auto& t = m_config.train;
    m_timeNow = metrics.time_s;
    observer.onStep(metrics);
    if (m_folder && (m_step % t.log_every == 0 || m_step == t.steps)) {
        m_folder->appendMetrics({{"step", m_step}, {"split", "train"}, {"loss", metrics.loss},
                                 {"accuracy", metrics.accuracy}, {"grad_norm", metrics.grad_norm},
                                 {"time_s", metrics.time_s}, {"step_time_s", metrics.step_time_s}});
    }
    if (t.eval_every > 0 && m_step % t.eval_every == 0 && m_step < t.steps) {
        auto eval = evaluate(t.eval_batches);
        eval.time_s = metrics.time_s;
        m_bestTest = std::max(m_bestTest, eval.accuracy);
        observer.onEval(eval);
        if (m_folder) {
            m_folder->appendMetrics({{"step", m_step}, {"split", "test"}, {"loss", eval.loss},
                                     {"accuracy", eval.accuracy}, {"examples", eval.examples},
                                     {"time_s", eval.time_s}});
        }
    }
    if (t.snapshot_every > 0 && m_step % t.snapshot_every == 0) {
        if (auto s = snapshot()) {
            observer.onSnapshot(*s);
            if (m_folder) {
                m_folder->requirePresent();
                writeSnapshot(m_folder->snapshotsDir(), *s);
            }
        }
    }
    if (t.checkpoint_every > 0 && m_step % t.checkpoint_every == 0 && m_step < t.steps) {
        saveCheckpointNow(observer);
    }
}

void Trainer::finish(TrainingObserver& observer, RunSummary& summary) {
    // A user's stop (Ctrl-C, Stop, closing the window) must be quick: a short evaluation of
    // eval_batches instead of the whole test split; a finished or budget-stopped run gets all of it.
    // train.final_eval_examples > 0 caps the whole-split evaluation (CIFAR-10 LRA: 10,000 images of
    // 1024 tokens take longer on a CPU than the preset's training).
    const bool userStop = summary.status == "stopped" && summary.message == kStoppedByUser;
    const int64_t testSize = m_task->size(Split::Test);
    const int64_t cap = m_config.train.final_eval_examples;
    const int64_t bs = m_config.train.batch_size;
    int64_t batches = m_config.train.eval_batches;
    if (testSize > 0 && !userStop) {
        batches = cap > 0 && cap < testSize ? (cap + bs - 1) / bs : 0;  // 0: the whole split
    } else if (testSize < 0 && !userStop) {
        // Generated tasks (bits) have no split: the final evaluation draws a fixed, larger test
        // sample (kGeneratedFinalEvalExamples, or the cap) so its noise is well below a point.
        const int64_t examples = cap > 0 ? cap : kGeneratedFinalEvalExamples;
        batches = std::max<int64_t>((examples + bs - 1) / bs, m_config.train.eval_batches);
    }
    auto eval = evaluate(batches);
    eval.final = !userStop;
    eval.time_s = summary.seconds;
    m_bestTest = std::max(m_bestTest, eval.accuracy);
    observer.onEval(eval);
    summary.test_loss = eval.loss;
    summary.test_accuracy = eval.accuracy;
    summary.test_examples = eval.examples;
    summary.best_test_accuracy = m_bestTest;
    if (m_folder) {
        m_folder->appendMetrics({{"step", m_step}, {"split", "test"}, {"final", eval.final},
                                 {"loss", eval.loss}, {"accuracy", eval.accuracy},
                                 {"examples", eval.examples}, {"time_s", eval.time_s}});
        m_timeNow = summary.seconds;
        saveCheckpointNow(observer);
        writeSafetensors(m_folder->file("model.safetensors"), fptModelState(m_model),
                         {{"format", "pt"}, {"step", std::to_string(m_step)}});
        m_folder->updateRecord({{"status", summary.status}, {"message", summary.message},
                                {"step", m_step}, {"summary", {
                                    {"test_accuracy", summary.test_accuracy},
                                    {"test_loss", summary.test_loss},
                                    {"train_accuracy", summary.train_accuracy},
                                    {"train_loss", summary.train_loss},
                                    {"seconds", summary.seconds},
                                    {"steps_per_s", summary.steps_per_s}}}});
    }
}

RunSummary Trainer::fit(TrainingObserver& observer) {
    if (m_config.train.threads > 0) {
        at::set_num_threads(static_cast<int>(m_config.train.threads));  // per thread under OpenMP
    }
    setUp();
    RunSummary summary;
    summary.run_dir = m_options.run_dir;
    summary.trainable_params = m_counts.trainable;
    summary.total_params = m_counts.total;
    const auto& t = m_config.train;
    const int rank = m_options.sync ? m_options.sync->rank() : 0;
    RunRng::ThreadScope rng(RunRng::mix(t.seed, 0, rank));
    try {
        openFolder();
        observer.onStart(m_task->spec(), m_counts, m_task->probeInfo());
        if (t.snapshot_every > 0 && m_step == 0) {
            if (auto s = snapshot()) {
                observer.onSnapshot(*s);
                if (m_folder) {
                    m_folder->requirePresent();
                writeSnapshot(m_folder->snapshotsDir(), *s);
                }
            }
        }
        const auto t0 = Clock::now();
        const int64_t startStep = m_step;
        std::deque<std::pair<double, double>> recent;
        double dataSeconds = 0.0;
        summary.status = "done";
        while (m_step < t.steps) {
            observer.waitIfPaused();
            const auto stop = agreedStop(observer, m_options.sync, secondsSince(t0), t.max_minutes);
            if (stop == StopReason::User) {
                summary.status = "stopped";
                summary.message = kStoppedByUser;
                break;
            }
            if (stop == StopReason::Budget) {
                summary.status = "stopped";
                summary.message = "time budget of " + std::to_string(t.max_minutes) + " min reached";
                break;
            }
            const auto stepStart = Clock::now();
            auto batch = shard(m_task->batch(Split::Train, t.batch_size, m_step));
            const double dataTime = secondsSince(stepStart);
            dataSeconds += dataTime;
            rng.reseed(RunRng::mix(t.seed, static_cast<uint64_t>(m_step) + 1, rank));
            const auto result = trainStep(batch);
            ++m_step;
            recent.emplace_back(result.loss, result.accuracy);
            if (recent.size() > 50) {
                recent.pop_front();
            }
            StepMetrics metrics{m_step, t.steps, result.loss, result.accuracy, result.grad_norm,
                                t.learning_rate, m_elapsedBefore + secondsSince(t0),
                                secondsSince(stepStart), dataTime};
            afterStep(observer, metrics);
        }
        const double trained = secondsSince(t0);
        summary.steps = m_step;
        summary.seconds = m_elapsedBefore + trained;
        summary.steps_per_s = trained > 0 ? double(m_step - startStep) / trained : 0.0;
        summary.data_share = trained > 0 ? dataSeconds / trained : 0.0;
        for (const auto& [loss, acc] : recent) {
            summary.train_loss += loss / double(recent.size());
            summary.train_accuracy += acc / double(recent.size());
        }
        finish(observer, summary);
    } catch (const std::exception& e) {
        if (m_folder) {
            try {
                m_folder->updateRecord({{"status", "failed"}, {"message", e.what()}, {"step", m_step}});
            } catch (const std::exception&) {
                // the original error matters more than a failed status update
            }
        }
        throw;
    }
    return summary;
}

}  // namespace fpt::core
