// SPDX-License-Identifier: MIT
// heldOutBitsPerByte / evaluateByteLm: scoring a byte-level language model on held-out text.
#include "core/pretraining/lm_evaluator.h"

#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/pretraining/language_pretrainer.h"

#include <algorithm>
#include <cmath>

namespace fpt::core {

namespace {

/// Sum of cross-entropy (nats) over the next-byte targets of windows (B, T+1).
double windowNats(Gpt2Model& model, const torch::Tensor& windows) {
    const int64_t T = windows.size(1) - 1;
    auto x = windows.narrow(1, 0, T);
    auto y = windows.narrow(1, 1, T).reshape({-1});
    auto logits = model->lmLogits(model->forwardTokens(x)).reshape({-1, kByteVocabSize});
    return torch::nn::functional::cross_entropy(
               logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
        .item<double>();
}

}  // namespace

double heldOutBitsPerByte(Gpt2Model& model, const torch::Tensor& bytes, int64_t context,
                          int64_t windows, int64_t batch) {
    if (context <= 0 || batch <= 0) {
        throw ConfigError("held-out scoring needs context > 0 and batch > 0, got context " +
                          std::to_string(context) + ", batch " + std::to_string(batch));
    }
    const int64_t available = (bytes.numel() - 1) / context;
    if (available <= 0) {
        throw DatasetError("the held-out split has " + std::to_string(bytes.numel()) +
                           " bytes: fewer than one window of " + std::to_string(context + 1));
    }
    torch::NoGradGuard noGrad;
    const bool wasTraining = model->is_training();
    model->eval();
    const int64_t count = windows <= 0 ? available : std::min(windows, available);
    // Evenly spaced non-overlapping windows [kT, kT + T] (T inputs, T next-byte targets).
    auto k = torch::floor(torch::arange(count, torch::kFloat64) * (double(available) / double(count)))
                 .to(torch::kInt64);
    auto idx = (k * context).unsqueeze(1) + torch::arange(context + 1, torch::kInt64).unsqueeze(0);
    double nats = 0.0;
    for (int64_t start = 0; start < count; start += batch) {
        const int64_t n = std::min(batch, count - start);
        auto rows = idx.narrow(0, start, n);
        auto w = bytes.index_select(0, rows.reshape({-1})).reshape({n, context + 1}).to(torch::kInt64);
        nats += windowNats(model, w);
    }
    model->train(wasTraining);
    return nats / (double(count) * double(context)) / std::log(2.0);
}

nlohmann::json LmEvaluation::toJson() const {
    return {{"bits_per_byte", bits_per_byte},
            {"unigram_bits_per_byte", unigram_bits_per_byte},
            {"windows", windows},
            {"context", context},
            {"bytes_scored", bytes_scored},
            {"validation_bytes", validation_bytes},
            {"holdout", holdout_rule},
            {"fingerprint", fingerprint}};
}

LmEvaluation evaluateByteLm(const std::string& folder, const ByteCorpus& corpus, int64_t context,
                            int64_t windows, int64_t batch) {
    Gpt2Checkpoint checkpoint(folder);
    const auto& config = checkpoint.config();
    if (config.vocab_size != kByteVocabSize || !checkpoint.contains("wte.weight")) {
        throw CheckpointError("'" + folder + "' is not a byte-level language model: eval-lm needs "
                              "vocab_size " + std::to_string(kByteVocabSize) +
                              " and wte.weight (made by `fpt pretrain language`), found vocab_size " +
                              std::to_string(config.vocab_size));
    }
    if (context > config.n_positions) {
        throw ConfigError("--context " + std::to_string(context) + " is longer than the model's " +
                          std::to_string(config.n_positions) + " positions");
    }
    Gpt2Model model(config);
    loadGpt2Weights(model, checkpoint);
    LmEvaluation out;
    out.context = context;
    out.validation_bytes = corpus.validationBytes().numel();
    const int64_t available = (out.validation_bytes - 1) / context;
    out.windows = windows <= 0 ? available : std::min(windows, available);
    out.bytes_scored = out.windows * context;
    out.bits_per_byte = heldOutBitsPerByte(model, corpus.validationBytes(), context, windows, batch);
    out.unigram_bits_per_byte = corpus.unigramBitsPerByte();
    out.holdout_rule = corpus.holdoutRule();
    out.fingerprint = checkpoint.fingerprint();
    return out;
}

}  // namespace fpt::core
