// SPDX-License-Identifier: MIT
// Backbone export: copy weights into a body with more positions, save as an HF GPT-2 folder.
#include "core/backbones/backbone_export.h"

#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/config/run_rng.h"

#include <mutex>

namespace fpt::core {

torch::Dtype storageDtype(const std::string& name) {
    if (name == "f32") {
        return torch::kFloat32;
    }
    if (name == "f16") {
        return torch::kFloat16;
    }
    if (name == "bf16") {
        return torch::kBFloat16;
    }
    throw ConfigError("dtype '" + name + "' is not f32, f16 or bf16");
}

Gpt2Model withPositions(Gpt2Model& body, int64_t nPositions, uint64_t seed) {
    auto config = body->config();
    config.n_positions = std::max(nPositions, config.n_positions);
    Gpt2Model wide{nullptr};
    {
        std::lock_guard<std::mutex> lock(RunRng::initMutex());
        torch::manual_seed(seed);
        wide = Gpt2Model(config);
    }
    torch::NoGradGuard noGrad;
    const auto source = body->named_parameters();
    for (auto& item : wide->named_parameters()) {
        const auto from = source[item.key()].detach().to(torch::kCPU);
        if (item.key() == "wpe.weight") {
            item.value().narrow(0, 0, from.size(0)).copy_(from);  // rows past it keep their init
        } else {
            item.value().copy_(from);
        }
    }
    return wide;
}

void exportBackbone(Gpt2Model& body,
                    const std::string& folder,
                    int64_t nPositions,
                    torch::Dtype dtype,
                    uint64_t seed,
                    bool lmHead) {
    auto wide = withPositions(body, nPositions, seed);
    saveGpt2Checkpoint(wide, folder, lmHead, dtype);
}

}  // namespace fpt::core
