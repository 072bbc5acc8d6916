// SPDX-License-Identifier: MIT
// `fpt pretrain language`: a causal byte-level language model with GPT-2's architecture trained on
// a text corpus (default: the Brown corpus), so "pretrained on language" is real on an offline
// machine. Reports validation bits per byte against the unigram baseline; resumable; exports an HF
// GPT2LMHeadModel folder (config.json + model.safetensors) plus pretrain.json.
#pragma once

#include "core/data/byte_corpus.h"
#include "core/model/gpt2_model.h"
#include "core/config/pretrain_types.h"
#include "core/tasks/task.h"
#include "core/config/training_observer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>
#include <string>

namespace fpt::core {

/// Tokeniser: one token per byte (vocab 256). No out-of-vocabulary text, a 256-row embedding, no
/// merges to learn from a 6 MB corpus, and the folder loads in HF without tokenizer files.
inline constexpr int64_t kByteVocabSize = 256;

/// Runs on the calling thread; not thread-safe. Files in out_dir: config.json, model.safetensors
/// (HF GPT2LMHeadModel layout), pretrain.json, checkpoint/ (F32 weights + AdamW state).
class LanguagePretrainer {
public:
    /// Loads the corpus and builds the model (seeded). With `resume`, weights, optimizer state and
    /// step come from out_dir/checkpoint. `record` (e.g. the command line) goes into pretrain.json.
    /// Throws ConfigError / DatasetError / CheckpointError.
    LanguagePretrainer(LanguagePretrainConfig config,
                       std::string outDir,
                       bool resume = false,
                       nlohmann::json record = {});
    ~LanguagePretrainer();
    LanguagePretrainer(const LanguagePretrainer&) = delete;
    LanguagePretrainer& operator=(const LanguagePretrainer&) = delete;

    /// The settings saved in out_dir/checkpoint (for --resume). Throws CheckpointError.
    static LanguagePretrainConfig savedConfig(const std::string& outDir);

    /// Trains until the budget (steps, or minutes) is used or the observer stops it, then
    /// evaluates on the whole validation split, checkpoints and exports. Losses in StepMetrics /
    /// EvalMetrics are nats per byte (cross-entropy); accuracy is next-byte top-1.
    PretrainResult run(TrainingObserver& observer);

    /// Mean validation bits per byte over `windows` evenly spaced context-long windows
    /// (<= 0: every window of the split).
    double validationBitsPerByte(int64_t windows);

    /// Training batch `index`: x, y (B, T) int64, y the next byte of x. A pure function of
    /// (seed, index), so a resumed run sees exactly the windows an uninterrupted one would.
    Batch trainBatch(int64_t index) const;

    Gpt2Model& model() { return m_model; }

    const ByteCorpus& corpus() const { return *m_corpus; }

    const LanguagePretrainConfig& config() const { return m_config; }

    int64_t step() const { return m_step; }

private:
    struct StepResult {
        double loss;
        double accuracy;
        double gradNorm;
    };

    StepResult trainStep(int64_t index, double learningRate);
    double progress(double elapsed) const;
    void notifyStart(TrainingObserver& observer);
    /// True once the step or time budget is used; sets the result's status and message.
    bool budgetUsed(double elapsed, PretrainResult& result) const;
    /// Periodic validation estimate and checkpoint after step m_step (`time`: run seconds).
    void afterStep(TrainingObserver& observer, double time);
    /// Full validation, checkpoint, export and pretrain.json.
    void finish(TrainingObserver& observer, PretrainResult& result, double time);
    void saveState(double elapsed);
    void writeOutputs(const PretrainResult& result);

    LanguagePretrainConfig m_config;
    std::string m_outDir;
    nlohmann::json m_record;
    std::unique_ptr<ByteCorpus> m_corpus;
    Gpt2Model m_model{nullptr};
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    int64_t m_step = 0;
    double m_elapsedBefore = 0.0;  // seconds trained in earlier sessions of this run
    nlohmann::json m_evaluations = nlohmann::json::array();  // {step, val_bits_per_byte, time_s}
    nlohmann::json m_sessions = nlohmann::json::array();     // `record` of every (resumed) session
};

}  // namespace fpt::core
