// SPDX-License-Identifier: MIT
// GPT-2 MLP; "gelu_new" is the tanh approximation, "gelu" the exact erf form (ViT).
#include "core/model/gpt2_mlp.h"

#include "core/kernels/fused_linear.h"

namespace fpt::core {

namespace nn = torch::nn;

Gpt2MlpImpl::Gpt2MlpImpl(const Gpt2Config& config)
    : m_tanhGelu(config.activation_function != "gelu") {
    const int64_t c = config.n_embd;
    const int64_t inner = config.innerSize();
    m_cFc = register_module("c_fc", nn::Linear(nn::LinearOptions(c, inner)));
    m_cProj = register_module("c_proj", nn::Linear(nn::LinearOptions(inner, c)));
    m_dropout = register_module("dropout", RunDropout(config.resid_pdrop));
}

torch::Tensor Gpt2MlpImpl::forward(torch::Tensor x) {
    auto h = torch::gelu(applyLinear(m_cFc, x), m_tanhGelu ? "tanh" : "none");  // (B, T, inner)
    return m_dropout(applyLinear(m_cProj, h));
}

}  // namespace fpt::core
