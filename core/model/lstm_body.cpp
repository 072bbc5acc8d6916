// SPDX-License-Identifier: MIT
// LN-LSTM: gates = LN(W_ih x) + LN(W_hh h) + b; c' = f c + i g; h' = o tanh(LN(c')).
// The input projection of a whole sequence is one GEMM; only the recurrent part loops over T.
#include "core/model/lstm_body.h"

#include "core/kernels/fused_lstm.h"

#include <cmath>

namespace fpt::core {

namespace nn = torch::nn;

namespace {

/// Parameters of one LN-LSTM layer, named like torch's LSTM cells.
class LnLstmCellImpl : public nn::Module {
public:
    explicit LnLstmCellImpl(int64_t width) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(width));
        weight_ih = register_parameter("weight_ih", torch::empty({4 * width, width}).uniform_(-bound, bound));
        weight_hh = register_parameter("weight_hh", torch::empty({4 * width, width}).uniform_(-bound, bound));
        bias = register_parameter("bias", torch::zeros({4 * width}));
        ln_ih = register_module("ln_ih", nn::LayerNorm(nn::LayerNormOptions({4 * width})));
        ln_hh = register_module("ln_hh", nn::LayerNorm(nn::LayerNormOptions({4 * width})));
        ln_c = register_module("ln_c", nn::LayerNorm(nn::LayerNormOptions({width})));
        {
            torch::NoGradGuard noGrad;
            bias.narrow(0, width, width).fill_(1.0);  // forget-gate bias 1
        }
    }
    torch::Tensor weight_ih, weight_hh, bias;
    nn::LayerNorm ln_ih{nullptr}, ln_hh{nullptr}, ln_c{nullptr};
};
TORCH_MODULE(LnLstmCell);

}  // namespace

LstmBodyImpl::LstmBodyImpl(int64_t width, int64_t layers, bool layerNorm, double dropout,
                           bool fused)
    : m_width(width)
    , m_layers(layers)
    , m_layerNorm(layerNorm)
    , m_fused(fused) {
    if (layerNorm) {
        m_cells = register_module("layers", nn::ModuleList());
        for (int64_t i = 0; i < layers; ++i) {
            m_cells->push_back(LnLstmCell(width));
        }
    } else {
        m_lstm = register_module(
            "lstm", nn::LSTM(nn::LSTMOptions(width, width).num_layers(layers).batch_first(true)));
    }
    m_dropout = register_module("dropout", RunDropout(dropout));
}

torch::Tensor LstmBodyImpl::layerForward(int64_t layer, torch::Tensor x) {
    auto cell = m_cells[layer]->as<LnLstmCellImpl>();
    const int64_t B = x.size(0);
    const int64_t T = x.size(1);
    const int64_t H = m_width;
    auto xi = cell->ln_ih(torch::matmul(x, cell->weight_ih.t())) + cell->bias;  // (B, T, 4H)
    auto h = torch::zeros({B, H}, x.options());
    auto c = torch::zeros({B, H}, x.options());
    std::vector<torch::Tensor> outputs;
    outputs.reserve(static_cast<std::size_t>(T));
    for (int64_t t = 0; t < T; ++t) {
        auto gates = xi.select(1, t) + cell->ln_hh(torch::matmul(h, cell->weight_hh.t()));  // (B, 4H)
        auto chunks = gates.chunk(4, 1);  // i, f, g, o: 4 x (B, H)
        c = torch::sigmoid(chunks[1]) * c + torch::sigmoid(chunks[0]) * torch::tanh(chunks[2]);
        h = torch::sigmoid(chunks[3]) * torch::tanh(cell->ln_c(c));
        outputs.push_back(h);
    }
    return torch::stack(outputs, 1);  // (B, T, H)
}

torch::Tensor LstmBodyImpl::forward(torch::Tensor x) {
    if (!m_layerNorm) {
        if (!m_fused || !fusedLstmSupports(x)) {
            return std::get<0>(m_lstm(x));
        }
        const auto w = m_lstm->all_weights();  // per layer: w_ih, w_hh, b_ih, b_hh
        for (int64_t i = 0; i < m_layers; ++i) {
            const auto k = static_cast<std::size_t>(4 * i);
            x = fusedLstmLayer(x, w[k], w[k + 1], w[k + 2], w[k + 3]);  // (B, T, C)
        }
        return x;
    }
    for (int64_t i = 0; i < m_layers; ++i) {
        x = layerForward(i, x);
        if (i + 1 < m_layers) {
            x = m_dropout(x);
        }
    }
    return x;
}

}  // namespace fpt::core
