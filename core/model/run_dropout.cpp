// SPDX-License-Identifier: MIT
// Inverted dropout: x * Bernoulli(1 - p) / (1 - p), mask from RunRng's thread generator.
#include "core/model/run_dropout.h"

#include "core/config/run_rng.h"

namespace fpt::core {

RunDropoutImpl::RunDropoutImpl(double p)
    : m_p(p) {
    TORCH_CHECK(p >= 0.0 && p < 1.0, "dropout probability must be in [0, 1), got ", p);
}

torch::Tensor RunDropoutImpl::forward(torch::Tensor x) {
    if (!is_training() || m_p == 0.0) {
        return x;
    }
    at::Generator* gen = RunRng::threadGenerator();
    auto mask = torch::empty_like(x, x.options().requires_grad(false));
    if (gen != nullptr) {
        mask.bernoulli_(1.0 - m_p, *gen);
    } else {
        mask.bernoulli_(1.0 - m_p);
    }
    return x * mask.div_(1.0 - m_p);
}

}  // namespace fpt::core
