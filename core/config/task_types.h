// SPDX-License-Identifier: MIT
// Small value structs shared by tasks, the trainer and the views: task shapes and token meaning.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

/// How a task's tokens enter the model: as feature vectors (Linear in-layer) or ids (Embedding).
enum class InputKind { Continuous, Tokens };

/// Which stream of examples a batch comes from.
enum class Split { Train, Test };

/// Everything the model needs to know about a task's tensors (FPT paper code, fpt-paper.md §1.8).
struct TaskSpec {
    InputKind input_kind = InputKind::Continuous;
    int64_t input_dim = 1;          // feature size per token (Continuous) or vocabulary size (Tokens)
    int64_t seq_len = 1;            // tokens per example (T)
    int64_t readout_tokens = 1;     // the model reads the last R tokens
    int64_t outputs_per_token = 1;  // logits per read-out token
    int64_t num_classes = 2;        // logits are viewed as (-1, num_classes) for CE / accuracy
};

/// A fixed example for the attention views: what each token means, plus the raw input to draw.
struct ProbeInfo {
    std::string token_kind;                // "bit", "patch", "pixel", "symbol", "residue"
    std::vector<std::string> token_labels;  // one short label per token, e.g. "b3", "r2c5", "MAX"
    std::string description;               // e.g. "digit 7", "XOR of 10110 and 01100"
    int64_t target = -1;                   // class of the example where it has one
    // Image tasks: the probe image (row-major, channel-last, values as stored) and patch grid.
    int64_t image_height = 0;
    int64_t image_width = 0;
    int64_t image_channels = 0;
    std::vector<float> image;
    int64_t patch_size = 0;
    int64_t grid_rows = 0;
    int64_t grid_cols = 0;
};

}  // namespace fpt::core
