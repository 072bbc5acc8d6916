// SPDX-License-Identifier: MIT
// Value structs the trainer reports: per-step and per-eval metrics, attention/position snapshots,
// the run summary. Plain data (no tensors), so they can cross threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

struct StepMetrics {
    int64_t step = 0;            // optimizer steps done (1-based after the first step)
    int64_t total_steps = 0;
    double loss = 0.0;
    double accuracy = 0.0;
    double grad_norm = 0.0;      // global norm before clipping
    double learning_rate = 0.0;
    double time_s = 0.0;         // wall seconds since the run (or resume) started
    double step_time_s = 0.0;    // this step, all included
    double data_time_s = 0.0;    // of which building the batch
};

struct EvalMetrics {
    int64_t step = 0;
    std::string split = "test";
    double loss = 0.0;
    double accuracy = 0.0;
    int64_t examples = 0;
    double time_s = 0.0;
    bool final = false;          // the end-of-run evaluation (whole test set when finite)
};

/// Attention probabilities on the probe example and positional-embedding cosine similarities.
/// Long sequences are average-pooled to at most kMaxSnapshotTokens per axis.
struct Snapshot {
    int64_t step = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t tokens = 0;                   // side of each attention matrix (after pooling)
    int64_t pooling = 1;                  // original tokens per snapshot token
    std::vector<float> attention;         // [layers][heads][tokens][tokens], row = query
    int64_t positions = 0;                // side of the similarity matrix (after pooling)
    std::vector<float> position_similarity;  // [positions][positions] cosine similarity of wpe
};

inline constexpr int64_t kMaxSnapshotTokens = 128;

struct RunSummary {
    std::string run_dir;
    std::string status;          // done, stopped, failed
    std::string message;         // why it stopped or failed
    int64_t steps = 0;
    double seconds = 0.0;
    double train_loss = 0.0;     // mean over the last min(50, steps) steps
    double train_accuracy = 0.0;
    double test_loss = 0.0;      // final evaluation
    double test_accuracy = 0.0;
    int64_t test_examples = 0;
    double best_test_accuracy = 0.0;
    int64_t trainable_params = 0;
    int64_t total_params = 0;
    double steps_per_s = 0.0;
    double data_share = 0.0;     // share of step time spent building batches
};

}  // namespace fpt::core
