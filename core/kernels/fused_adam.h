// SPDX-License-Identifier: MIT
// Adam whose update is one pass over (param, grad, m, v) per element, on all cores, with the
// gradient-clipping factor applied on the fly. Same state (AdamParamState) and options as
// torch::optim::Adam, so checkpoints and LR changes work unchanged.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace fpt::core {

class FusedAdam : public torch::optim::Adam {
public:
    using torch::optim::Adam::Adam;

    /// torch::optim::Adam::step in one fused loop (amsgrad / weight decay: the stock step).
    /// Gradients are read as grad * gradScale() (see setGradScale), never written.
    torch::Tensor step(LossClosure closure = nullptr) override;

    /// Factor the next step() applies to every gradient (1 = none); reset to 1 by step().
    void setGradScale(double scale) { m_gradScale = scale; }
    double gradScale() const { return m_gradScale; }

private:
    double m_gradScale = 1.0;
};

/// Global L2 norm of the gradients of `params` (those with a grad), accumulated in double, on all
/// cores: what clip_grad_norm_ computes, in one pass and without temporaries.
double gradientNorm(const std::vector<torch::Tensor>& params);

}  // namespace fpt::core
