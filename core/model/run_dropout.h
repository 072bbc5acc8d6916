// SPDX-License-Identifier: MIT
// Dropout drawing its mask from the run's thread-local generator (RunRng) instead of the global one.
#pragma once

#include <torch/torch.h>

namespace fpt::core {

class RunDropoutImpl : public torch::nn::Module {
public:
    explicit RunDropoutImpl(double p);
    torch::Tensor forward(torch::Tensor x);  // identity in eval mode or when p == 0
    double p() const { return m_p; }

private:
    double m_p;
};
TORCH_MODULE(RunDropout);

}  // namespace fpt::core
