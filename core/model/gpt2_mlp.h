// SPDX-License-Identifier: MIT
// GPT-2 feed-forward block ("mlp"): C -> 4C, GELU (tanh approximation), 4C -> C.
#pragma once

#include "core/model/run_dropout.h"
#include "core/model/gpt2_config.h"

#include <torch/torch.h>

namespace fpt::core {

class Gpt2MlpImpl : public torch::nn::Module {
public:
    explicit Gpt2MlpImpl(const Gpt2Config& config);
    torch::Tensor forward(torch::Tensor x);  // (B, T, C) -> (B, T, C)

private:
    bool m_tanhGelu;
    torch::nn::Linear m_cFc{nullptr};    // "c_fc": C -> inner
    torch::nn::Linear m_cProj{nullptr};  // "c_proj": inner -> C
    RunDropout m_dropout{nullptr};
};
TORCH_MODULE(Gpt2Mlp);

}  // namespace fpt::core
