// SPDX-License-Identifier: MIT
// FPT wrapper (fpt-paper.md §2): orthogonal-init linear input (gain 1.41) or embedding,
// GPT-2 / LSTM body, linear output on the last R tokens.
#include "core/model/fpt_model.h"

#include "core/config/error.h"
#include "core/kernels/fused_linear.h"
#include "core/model/gpt2_checkpoint.h"

#include <cmath>

namespace fpt::core {

namespace nn = torch::nn;

Gpt2Config bodyConfigFor(const ModelConfig& model, const TaskSpec& task,
                         const Gpt2Checkpoint* backbone) {
    Gpt2Config config;
    if (backbone != nullptr) {
        config = backbone->config();
        if (task.seq_len > config.n_positions) {
            throw ConfigError("/model/backbone: the task needs " + std::to_string(task.seq_len) +
                              " positions but backbone '" + backbone->folder() + "' has only " +
                              std::to_string(config.n_positions));
        }
    } else {
        config.n_layer = model.n_layer;
        config.n_embd = model.n_embd;
        config.n_head = model.n_head;
        config.vocab_size = 0;
    }
    config.n_positions = task.seq_len;
    config.embd_pdrop = config.attn_pdrop = config.resid_pdrop = model.dropout;
    config.attention_impl = parseAttentionImpl(model.attention);
    return config;
}

FptModelImpl::FptModelImpl(const ModelConfig& model, const TaskSpec& task,
                           const Gpt2Checkpoint* backbone)
    : m_kind(model.kind)
    , m_task(task) {
    int64_t width = model.n_embd;
    if (m_kind == ModelKind::Lstm) {
        m_lstm = register_module("lstm", LstmBody(width, model.n_layer, model.lstm_layer_norm,
                                                  model.dropout, model.lstm_fused));
    } else {
        const auto config = bodyConfigFor(model, task, backbone);
        width = config.n_embd;
        m_transformer = register_module("transformer", Gpt2Model(config));
        if (backbone != nullptr) {
            loadGpt2Weights(m_transformer, *backbone);
        }
    }
    if (task.input_kind == InputKind::Tokens) {
        // Paper code: nn.Embedding with PyTorch's default N(0, 1) init, no input dropout.
        m_inEmbedding = register_module("in_net",
                                        nn::Embedding(nn::EmbeddingOptions(task.input_dim, width)));
    } else {
        m_inLinear = register_module("in_net", nn::Linear(nn::LinearOptions(task.input_dim, width)));
        if (model.orth_gain > 0) {
            torch::NoGradGuard noGrad;
            nn::init::orthogonal_(m_inLinear->weight, model.orth_gain);
            // A zero bias maps blank image patches to exact zero vectors; the layer-norm LSTM then
            // got a NaN gradient on its first step (MNIST). Its bias is a small uniform one
            // (+-1/sqrt(width)): torch's default (+-1/sqrt(d_in), i.e. +-1 for one-bit tokens)
            // swamped the bit tasks' inputs and Bit XOR stopped learning.
            if (model.kind == ModelKind::Lstm) {
                const double bound = 1.0 / std::sqrt(static_cast<double>(width));
                m_inLinear->bias.uniform_(-bound, bound);
            } else {
                m_inLinear->bias.zero_();
            }
        }
        m_inDropout = register_module("in_dropout", RunDropout(model.dropout));
    }
    m_outNet = register_module("out_net",
                               nn::Linear(nn::LinearOptions(width, task.outputs_per_token)));
}

torch::Tensor FptModelImpl::embed(torch::Tensor x) {
    if (!m_inEmbedding.is_empty()) {
        return m_inEmbedding(x);  // (B, T) -> (B, T, C)
    }
    return m_inDropout(applyLinear(m_inLinear, x));  // (B, T, d_in) -> (B, T, C)
}

torch::Tensor FptModelImpl::readOut(torch::Tensor hidden) {
    const int64_t T = hidden.size(1);
    const int64_t R = std::min(m_task.readout_tokens, T);
    return m_outNet(hidden.narrow(1, T - R, R));  // (B, R, outputs_per_token)
}

torch::Tensor FptModelImpl::forward(torch::Tensor x) {
    auto h = embed(x);
    if (hasTransformer()) {
        // Only the read-out positions of the last block are ever used: skip the rest.
        const int64_t R = std::min(m_task.readout_tokens, h.size(1));
        return m_outNet(m_transformer->forwardLast(h, R));  // (B, R, outputs_per_token)
    }
    return readOut(m_lstm(h));
}

torch::Tensor FptModelImpl::forwardWithAttention(torch::Tensor x,
                                                 std::vector<torch::Tensor>& attentions) {
    TORCH_CHECK(hasTransformer(), "attention maps need a transformer body");
    auto h = m_transformer->forward(embed(x), &attentions);
    return readOut(h);
}

}  // namespace fpt::core
