// SPDX-License-Identifier: MIT
// Plain settings and results of `fpt pretrain`: the language-model pretraining config (also
// stored in the checkpoint so --resume continues with the same settings) and a run's outcome.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

struct LanguagePretrainConfig {
    std::vector<std::string> corpus;  // plain-text files / folders (Brown files: tags stripped)
    std::string format = "auto";      // auto, plain or brown (see CorpusFormat)
    int64_t holdout_every = 20;       // every Nth file (or last 1/N of each file) is validation
    int64_t n_layer = 4;              // transformer blocks
    int64_t n_embd = 256;             // width C
    int64_t n_head = 4;               // attention heads
    int64_t n_positions = 1024;       // wpe rows saved (>= context; rows past context keep init)
    int64_t context = 256;            // bytes per training window T
    int64_t batch_size = 32;          // windows per step
    int64_t steps = 0;                // step budget (0: --minutes decides; cosine over steps)
    double minutes = 0.0;             // wall-clock budget (cosine over time when steps == 0)
    double learning_rate = 1e-3;      // AdamW peak learning rate
    double min_lr_ratio = 0.1;        // cosine floor as a share of the peak
    double warmup_fraction = 0.05;    // share of the budget spent warming up linearly
    double weight_decay = 0.1;       // AdamW decay on weight matrices and wte (not wpe, biases, LN)
    double dropout = 0.0;            // GPT-2 dropouts while pretraining (< 1 epoch: none needed)
    double grad_clip = 1.0;          // max global gradient norm (<= 0: off)
    int64_t seed = 0;                // init, window sampling, dropout
    int64_t eval_every = 50;         // steps between validation estimates (0: only at the end)
    int64_t eval_windows = 64;       // windows per periodic estimate (the final one uses all)
    int64_t checkpoint_every = 100;  // steps between checkpoints (0: only at the end / stop)
    std::string dtype = "f32";       // exported model.safetensors: f32, f16 or bf16

    /// Throws ConfigError listing every problem.
    void validate() const;
};

void to_json(nlohmann::json& j, const LanguagePretrainConfig& c);
void from_json(const nlohmann::json& j, LanguagePretrainConfig& c);

/// What a pretraining run ended with.
struct PretrainResult {
    std::string out_dir;
    std::string status;  // done (budget reached) or stopped (user)
    std::string message;
    int64_t steps = 0;
    double seconds = 0.0;                // wall time over all sessions of the run
    double seconds_per_step = 0.0;       // this session's mean, evaluations included
    double train_bits_per_byte = 0.0;    // language: mean over the last min(50, steps) steps
    double val_bits_per_byte = 0.0;      // language: over the whole validation split
    double unigram_bits_per_byte = 0.0;  // language: byte-frequency baseline on the same split
    double test_accuracy = 0.0;          // vision / bits: the task's final test accuracy
    double test_loss = 0.0;
};

}  // namespace fpt::core
