// SPDX-License-Identifier: MIT
// The LSTM baseline body: the paper code's layer-norm LSTM (3 layers), or torch's fused LSTM.
#pragma once

#include "core/model/run_dropout.h"

#include <torch/torch.h>

namespace fpt::core {

class LstmBodyImpl : public torch::nn::Module {
public:
    /// `layerNorm`: LayerNorm on the input and recurrent gate pre-activations and on the cell
    /// (the paper's LN-LSTM); otherwise torch::nn::LSTM's parameters, run by fusedLstmLayer when
    /// `fused` (CPU, float) or by torch::nn::LSTM itself.
    LstmBodyImpl(int64_t width, int64_t layers, bool layerNorm, double dropout, bool fused = true);

    void setFused(bool fused) { m_fused = fused; }

    torch::Tensor forward(torch::Tensor x);  // (B, T, C) -> (B, T, C)

private:
    torch::Tensor layerForward(int64_t layer, torch::Tensor x);  // one LN-LSTM layer over T

    int64_t m_width;
    int64_t m_layers;
    bool m_layerNorm;
    bool m_fused;
    torch::nn::LSTM m_lstm{nullptr};                    // "lstm" (fused variant)
    torch::nn::ModuleList m_cells{nullptr};             // "layers": LN-LSTM parameters per layer
    RunDropout m_dropout{nullptr};              // between layers
};
TORCH_MODULE(LstmBody);

}  // namespace fpt::core
