// SPDX-License-Identifier: MIT
// Byte-level causal LM pretraining: AdamW (betas 0.9/0.95, decay on matrices), linear warmup +
// cosine decay over the step or time budget, grad-clip 1.0, random context windows drawn from
// (seed, step) so reruns and resumes are bit-identical for a step budget.
#include "core/pretraining/language_pretrainer.h"

#include "core/pretraining/lm_evaluator.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/backbones/backbone_export.h"
#include "core/config/error.h"
#include "core/model/freeze_policy.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/model/gpt2_training_state.h"
#include "core/training/lr_schedule.h"
#include "core/config/run_rng.h"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

const double kLn2 = std::log(2.0);

/// A short number for messages: 0.05 -> "0.05", 35.0 -> "35".
std::string shortNumber(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string checkpointDir(const std::string& outDir) {
    return (fs::path(outDir) / "checkpoint").string();
}

nlohmann::json readState(const std::string& outDir) {
    const auto path = (fs::path(checkpointDir(outDir)) / "state.json").string();
    return readJsonFile<CheckpointError>(path, "nothing to resume in '" + outDir + "'");
}

}  // namespace

LanguagePretrainer::LanguagePretrainer(LanguagePretrainConfig config,
                                       std::string outDir,
                                       bool resume,
                                       nlohmann::json record)
    : m_config(std::move(config))
    , m_outDir(std::move(outDir))
    , m_record(std::move(record)) {
    m_config.validate();
    if (m_outDir.empty()) {
        throw ConfigError("pretrain: an output folder (--out) is needed");
    }
    m_corpus = std::make_unique<ByteCorpus>(ByteCorpus::load(
        m_config.corpus, parseCorpusFormat(m_config.format), m_config.holdout_every));
    for (const auto* part : {&m_corpus->trainBytes(), &m_corpus->validationBytes()}) {
        if (part->numel() < m_config.context + 1) {
            throw DatasetError(
                "corpus: the " +
                std::string(part == &m_corpus->trainBytes() ? "training" : "validation") +
                " part has " + std::to_string(part->numel()) +
                " bytes, fewer than one window of context + 1 = " +
                std::to_string(m_config.context + 1));
        }
    }
    Gpt2Config gc;
    gc.n_layer = m_config.n_layer;
    gc.n_embd = m_config.n_embd;
    gc.n_head = m_config.n_head;
    gc.n_positions = m_config.n_positions;
    gc.vocab_size = kByteVocabSize;
    gc.embd_pdrop = gc.attn_pdrop = gc.resid_pdrop = m_config.dropout;
    gc.validate("pretrain");
    {
        std::lock_guard<std::mutex> lock(RunRng::initMutex());
        torch::manual_seed(static_cast<uint64_t>(m_config.seed));
        m_model = Gpt2Model(gc);
    }
    // nanoGPT: decay matrices (wte included, it is also the LM head), never biases / LayerNorm.
    // wpe is left undecayed too, so the rows past `context` keep their init exactly.
    std::vector<torch::Tensor> decay;
    std::vector<torch::Tensor> plain;
    for (const auto& item : m_model->named_parameters()) {
        const bool decays = item.value().dim() >= 2 && item.key() != "wpe.weight";
        (decays ? decay : plain).push_back(item.value());
    }
    auto options = [this](double wd) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(m_config.learning_rate).betas({0.9, 0.95}).weight_decay(wd));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, options(m_config.weight_decay));
    groups.emplace_back(plain, options(0.0));
    m_optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups));
    if (resume) {
        const auto state = loadGpt2TrainingState(checkpointDir(m_outDir), m_model, *m_optimizer);
        m_step = state.value("step", int64_t{0});
        m_elapsedBefore = state.value("elapsed_s", 0.0);
        m_evaluations = state.value("evaluations", nlohmann::json::array());
        m_sessions = state.value("sessions", nlohmann::json::array());
    }
    m_sessions.push_back(m_record);
}

LanguagePretrainer::~LanguagePretrainer() = default;

LanguagePretrainConfig LanguagePretrainer::savedConfig(const std::string& outDir) {
    const auto state = readState(outDir);
    if (!state.contains("config")) {
        throw CheckpointError("'" + checkpointDir(outDir) + "/state.json' has no config");
    }
    return state.at("config").get<LanguagePretrainConfig>();
}

Batch LanguagePretrainer::trainBatch(int64_t index) const {
    const auto& bytes = m_corpus->trainBytes();
    const int64_t T = m_config.context;
    auto gen = at::detail::createCPUGenerator(
        RunRng::mix(static_cast<uint64_t>(m_config.seed), static_cast<uint64_t>(index), 0x6c6d));
    auto starts = torch::randint(0, bytes.numel() - T, {m_config.batch_size}, gen,
                                 torch::TensorOptions().dtype(torch::kInt64));          // (B)
    auto idx = starts.unsqueeze(1) + torch::arange(T + 1, torch::kInt64).unsqueeze(0);  // (B, T+1)
    auto windows = bytes.index_select(0, idx.reshape({-1})).reshape({-1, T + 1}).to(torch::kInt64);
    return {windows.narrow(1, 0, T), windows.narrow(1, 1, T)};
}

LanguagePretrainer::StepResult LanguagePretrainer::trainStep(int64_t index, double learningRate) {
    for (auto& group : m_optimizer->param_groups()) {
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(learningRate);
    }
    m_model->train();
    const auto batch = trainBatch(index);
    auto logits = m_model->lmLogits(m_model->forwardTokens(batch.x));  // (B, T, 256)
    auto flat = logits.reshape({-1, kByteVocabSize});
    auto y = batch.y.reshape({-1});
    auto loss = torch::nn::functional::cross_entropy(flat, y);
    for (auto& p : m_model->parameters()) {
        p.mutable_grad() = torch::Tensor();
    }
    loss.backward();
    const double value = loss.item<double>();
    if (!std::isfinite(value)) {
        throw TrainingError("the loss became " + std::to_string(value) + " at step " +
                            std::to_string(m_step + 1) + "; lower --lr");
    }
    double gradNorm = 0.0;
    if (m_config.grad_clip > 0.0) {
        gradNorm = torch::nn::utils::clip_grad_norm_(m_model->parameters(), m_config.grad_clip);
    }
    m_optimizer->step();
    const double accuracy = flat.argmax(1).eq(y).to(torch::kFloat32).mean().item<double>();
    return {value, accuracy, gradNorm};
}

double LanguagePretrainer::validationBitsPerByte(int64_t windows) {
    return heldOutBitsPerByte(m_model, m_corpus->validationBytes(), m_config.context, windows,
                              m_config.batch_size);
}

double LanguagePretrainer::progress(double elapsed) const {
    if (m_config.steps > 0) {
        return double(m_step + 1) / double(m_config.steps);
    }
    return elapsed / (60.0 * m_config.minutes);
}

void LanguagePretrainer::saveState(double elapsed) {
    const nlohmann::json state = {{"step", m_step},         {"elapsed_s", elapsed},
                                  {"config", m_config},     {"evaluations", m_evaluations},
                                  {"sessions", m_sessions}, {"libtorch_version", TORCH_VERSION}};
    saveGpt2TrainingState(checkpointDir(m_outDir), m_model, *m_optimizer, state);
}

void LanguagePretrainer::notifyStart(TrainingObserver& observer) {
    TaskSpec spec;
    spec.input_kind = InputKind::Tokens;
    spec.input_dim = kByteVocabSize;
    spec.seq_len = spec.readout_tokens = m_config.context;
    spec.outputs_per_token = spec.num_classes = kByteVocabSize;
    ParameterCounts counts;
    for (const auto& p : m_model->parameters()) {
        counts.total += p.numel();
    }
    counts.trainable = counts.total;
    ProbeInfo probe;
    probe.token_kind = "byte";
    probe.description = "next-byte prediction, " + m_corpus->holdoutRule() + " held out";
    observer.onStart(spec, counts, probe);
}

bool LanguagePretrainer::budgetUsed(double elapsed, PretrainResult& result) const {
    if (m_config.steps > 0 && m_step >= m_config.steps) {
        return true;
    }
    if (m_config.minutes > 0.0 && elapsed >= 60.0 * m_config.minutes) {
        result.message = "time budget of " + shortNumber(m_config.minutes) + " min reached";
        result.status = m_config.steps > 0 ? "stopped" : "done";  // a cap cut the schedule short
        return true;
    }
    return false;
}

void LanguagePretrainer::afterStep(TrainingObserver& observer, double time) {
    const auto& c = m_config;
    const bool last = c.steps > 0 && m_step >= c.steps;  // run() ends with a full evaluation
    if (c.eval_every > 0 && m_step % c.eval_every == 0 && !last) {
        EvalMetrics eval;
        eval.step = m_step;
        eval.split = "validation";
        eval.loss = validationBitsPerByte(c.eval_windows) * kLn2;
        eval.examples = c.eval_windows;
        eval.time_s = time;
        m_evaluations.push_back({{"step", m_step},
                                 {"val_bits_per_byte", eval.loss / kLn2},
                                 {"windows", c.eval_windows},
                                 {"time_s", time}});
        observer.onEval(eval);
    }
    if (c.checkpoint_every > 0 && m_step % c.checkpoint_every == 0 && !last) {
        saveState(time);
        observer.onCheckpoint(checkpointDir(m_outDir));
    }
}

void LanguagePretrainer::finish(TrainingObserver& observer, PretrainResult& result, double time) {
    EvalMetrics eval;
    eval.step = m_step;
    eval.split = "validation";
    eval.final = true;
    result.val_bits_per_byte = validationBitsPerByte(0);
    eval.loss = result.val_bits_per_byte * kLn2;
    eval.examples = (m_corpus->validationBytes().numel() - 1) / m_config.context;
    result.seconds = time;
    eval.time_s = time;
    m_evaluations.push_back({{"step", m_step},
                             {"val_bits_per_byte", result.val_bits_per_byte},
                             {"windows", eval.examples},
                             {"time_s", time},
                             {"final", true}});
    observer.onEval(eval);
    result.steps = m_step;
    result.unigram_bits_per_byte = m_corpus->unigramBitsPerByte();
    saveState(time);
    observer.onCheckpoint(checkpointDir(m_outDir));
    writeOutputs(result);
}

PretrainResult LanguagePretrainer::run(TrainingObserver& observer) {
    const auto& c = m_config;
    RunRng::ThreadScope rng(RunRng::mix(static_cast<uint64_t>(c.seed), 0));
    notifyStart(observer);
    const auto t0 = Clock::now();
    const int64_t startStep = m_step;
    std::deque<double> recent;
    PretrainResult result;
    result.out_dir = m_outDir;
    result.status = "done";
    while (!budgetUsed(m_elapsedBefore + secondsSince(t0), result)) {
        observer.waitIfPaused();
        if (observer.shouldStop()) {
            result.status = "stopped";
            result.message = "stopped by the user";
            break;
        }
        const double elapsed = m_elapsedBefore + secondsSince(t0);
        const double lr = c.learning_rate *
                          warmupCosineFactor(progress(elapsed), c.warmup_fraction, c.min_lr_ratio);
        const auto stepStart = Clock::now();
        rng.reseed(RunRng::mix(static_cast<uint64_t>(c.seed), static_cast<uint64_t>(m_step) + 1));
        const auto s = trainStep(m_step, lr);
        ++m_step;
        recent.push_back(s.loss);
        if (recent.size() > 50) {
            recent.pop_front();
        }
        StepMetrics metrics{m_step,
                            c.steps,
                            s.loss,
                            s.accuracy,
                            s.gradNorm,
                            lr,
                            m_elapsedBefore + secondsSince(t0),
                            secondsSince(stepStart),
                            0.0};
        if (c.steps == 0) {
            // Time budget: the step count that the remaining time allows at this session's pace.
            const double rate = double(m_step - startStep) / std::max(secondsSince(t0), 1e-9);
            const double left = std::max(0.0, 60.0 * c.minutes - metrics.time_s);
            metrics.total_steps = m_step + static_cast<int64_t>(left * rate);
        }
        observer.onStep(metrics);
        afterStep(observer, m_elapsedBefore + secondsSince(t0));
    }
    const double trained = secondsSince(t0);
    result.seconds_per_step = m_step > startStep ? trained / double(m_step - startStep) : 0.0;
    for (double loss : recent) {
        result.train_bits_per_byte += loss / kLn2 / double(recent.size());
    }
    finish(observer, result, m_elapsedBefore + secondsSince(t0));
    return result;
}

void LanguagePretrainer::writeOutputs(const PretrainResult& result) {
    const auto& c = m_config;
    saveGpt2Checkpoint(m_model, m_outDir, /*lmHead=*/true, storageDtype(c.dtype),
                       {{"fpt_pretrain", "language"}, {"step", std::to_string(m_step)}});
    int64_t parameters = 0;
    for (const auto& p : m_model->parameters()) {
        parameters += p.numel();
    }
    // The first session's command made the model; later ones (--resume) are listed after it.
    nlohmann::json record = m_sessions.front();
    if (m_sessions.size() > 1) {
        record["sessions"] = m_sessions;
    }
    auto corpus = m_corpus->describe();
    corpus["paths"] = c.corpus;
    corpus["format"] = c.format;
    record.update(
        {{"kind", "language"},
         {"status", result.status},
         {"message", result.message},
         {"corpus", corpus},
         {"tokenizer",
          {{"type", "bytes"},
           {"vocab_size", kByteVocabSize},
           {"note",
            "one token per byte: no out-of-vocabulary text, a 256-row "
            "embedding, nothing to learn from a small corpus, and HF loads "
            "the folder without tokenizer files"}}},
         {"model",
          {{"architecture", "GPT2LMHeadModel (tied lm_head)"},
           {"n_layer", c.n_layer},
           {"n_embd", c.n_embd},
           {"n_head", c.n_head},
           {"n_positions", c.n_positions},
           {"trained_positions", c.context},
           {"activation_function", "gelu_new"},
           {"parameters", parameters}}},
         {"optimizer",
          {{"type", "AdamW"},
           {"betas", {0.9, 0.95}},
           {"learning_rate", c.learning_rate},
           {"weight_decay", c.weight_decay},
           {"schedule", "linear warmup over the first " + shortNumber(100.0 * c.warmup_fraction) +
                            "% of the budget, then cosine decay to " +
                            shortNumber(100.0 * c.min_lr_ratio) + "% of the peak"},
           {"schedule_over", c.steps > 0 ? "steps" : "wall time"},
           {"grad_clip", c.grad_clip},
           {"batch_size", c.batch_size},
           {"context", c.context},
           {"dropout", c.dropout}}},
         {"config", c},
         {"seed", c.seed},
         {"steps", m_step},
         {"tokens_seen", m_step * c.batch_size * c.context},
         {"val_bits_per_byte", result.val_bits_per_byte},
         {"unigram_bits_per_byte", result.unigram_bits_per_byte},
         {"train_bits_per_byte", result.train_bits_per_byte},
         {"wall_time_s", result.seconds},
         {"seconds_per_step", result.seconds_per_step},
         {"evaluations", m_evaluations},
         {"dtype", c.dtype},
         {"fingerprint", Gpt2Checkpoint(m_outDir).fingerprint()},
         {"libtorch_version", TORCH_VERSION},
         {"fpt_version", FPT_VERSION}});
    AtomicFileWriter::writeText((fs::path(m_outDir) / "pretrain.json").string(),
                                record.dump(2) + "\n");
}

}  // namespace fpt::core
