// SPDX-License-Identifier: MIT
// The one model interface for all three kinds: input layer -> body -> output head on the last
// token(s). kind "fpt"/"full": GPT-2 body (pretrained folder or random); kind "lstm": LSTM body.
// Parameter names follow the paper code: in_net, transformer (HF GPT-2 keys), lstm, out_net.
#pragma once

#include "core/model/run_dropout.h"
#include "core/model/gpt2_model.h"
#include "core/model/lstm_body.h"
#include "core/config/run_config.h"
#include "core/config/task_types.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace fpt::core {

class Gpt2Checkpoint;

class FptModelImpl : public torch::nn::Module {
public:
    /// Builds the model for a task (call under torch::manual_seed for a reproducible init).
    /// `backbone` (may be null) supplies GPT-2 weights and architecture; only its first
    /// task.seq_len positions are kept (the rest never receive input). Throws ConfigError when the
    /// task needs more positions than the backbone has.
    FptModelImpl(const ModelConfig& model, const TaskSpec& task, const Gpt2Checkpoint* backbone);

    /// x: (B, T, d_in) float or (B, T) int64 -> logits (B, R, outputs_per_token).
    torch::Tensor forward(torch::Tensor x);

    /// As forward(), also returning per-layer attention probabilities (B, nh, T, T) (GPT-2 only).
    torch::Tensor forwardWithAttention(torch::Tensor x, std::vector<torch::Tensor>& attentions);

    ModelKind kind() const { return m_kind; }
    bool hasTransformer() const { return !m_transformer.is_empty(); }
    Gpt2Model& transformer() { return m_transformer; }
    const TaskSpec& taskSpec() const { return m_task; }

private:
    torch::Tensor embed(torch::Tensor x);
    torch::Tensor readOut(torch::Tensor hidden);

    ModelKind m_kind;
    TaskSpec m_task;
    torch::nn::Linear m_inLinear{nullptr};        // "in_net" (continuous inputs)
    torch::nn::Embedding m_inEmbedding{nullptr};  // "in_net" (token inputs)
    RunDropout m_inDropout{nullptr};
    Gpt2Model m_transformer{nullptr};             // "transformer"
    LstmBody m_lstm{nullptr};                     // "lstm"
    torch::nn::Linear m_outNet{nullptr};          // "out_net": C -> outputs_per_token
};
TORCH_MODULE(FptModel);

/// The GPT-2 architecture an FPT/full model will use: the backbone's (positions cut to the task's
/// sequence length, dropout from the run config) or a random body of the configured shape.
Gpt2Config bodyConfigFor(const ModelConfig& model, const TaskSpec& task,
                         const Gpt2Checkpoint* backbone);

}  // namespace fpt::core
