// SPDX-License-Identifier: MIT
// Held-out bits per byte of a byte-level GPT-2 language model, computed from its weights
// (`fpt eval-lm`, and the pretrainer's own validation).
#pragma once

#include "core/data/byte_corpus.h"
#include "core/model/gpt2_model.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

/// Mean cross-entropy in bits per byte of `bytes` (N) uint8 under `model`, over `windows` evenly
/// spaced non-overlapping windows of `context` inputs + 1 (<= 0: every whole window), scored in
/// batches of `batch` windows. Sets eval mode for the call and restores train mode after.
double heldOutBitsPerByte(Gpt2Model& model, const torch::Tensor& bytes, int64_t context,
                          int64_t windows, int64_t batch);

struct LmEvaluation {
    double bits_per_byte = 0.0;
    double unigram_bits_per_byte = 0.0;  // the no-context baseline on the same split
    int64_t windows = 0;                 // windows scored
    int64_t context = 0;                 // bytes of context per window
    int64_t bytes_scored = 0;            // next-byte predictions scored (windows x context)
    int64_t validation_bytes = 0;        // bytes in the held-out split
    std::string holdout_rule;
    std::string fingerprint;             // of the backbone's weights (Gpt2Checkpoint)

    nlohmann::json toJson() const;
};

/// Loads the byte-level backbone at `folder` (config.json with vocab_size 256 + model.safetensors
/// holding wte), and scores the corpus's held-out split. Throws CheckpointError when the folder is
/// not a byte-level language model (no wte, other vocabulary), ConfigError for bad sizes.
LmEvaluation evaluateByteLm(const std::string& folder, const ByteCorpus& corpus, int64_t context,
                            int64_t windows, int64_t batch);

}  // namespace fpt::core
