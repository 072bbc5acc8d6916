// SPDX-License-Identifier: MIT
// The training step (fpt-paper.md §3.3: Adam, constant LR, grad-clip 1.0, CE on the read-out
// tokens). Frozen parameters never get a .grad: autograd skips their weight GEMMs entirely.
#include "core/training/train_step.h"

#include "core/config/error.h"
#include "core/kernels/fused_adam.h"
#include "core/distributed/gradient_sync.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace fpt::core {

std::pair<torch::Tensor, torch::Tensor> lossAndAccuracy(const torch::Tensor& logits,
                                                        const torch::Tensor& targets,
                                                        int64_t numClasses) {
    auto flat = logits.reshape({-1, numClasses});  // (B * predictions, classes)
    auto y = targets.reshape({-1});
    TORCH_CHECK(flat.size(0) == y.size(0), "logits give ", flat.size(0), " predictions but there are ",
                y.size(0), " targets");
    auto loss = torch::nn::functional::cross_entropy(flat, y);
    auto accuracy = flat.argmax(1).eq(y).to(torch::kFloat32).mean();
    return {loss, accuracy};
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(FptModel& model, const TrainConfig& train) {
    std::vector<torch::Tensor> decay;
    std::vector<torch::Tensor> noDecay;
    for (const auto& p : model->parameters()) {
        if (p.requires_grad()) {
            (p.dim() >= 2 ? decay : noDecay).push_back(p);
        }
    }
    const double lr = train.learning_rate;
    if (train.weight_decay > 0.0) {
        // nanoGPT: decay only matrices, never biases / LayerNorm gains.
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                       torch::optim::AdamWOptions(lr).weight_decay(train.weight_decay)));
        groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                         torch::optim::AdamWOptions(lr).weight_decay(0.0)));
        return std::make_unique<torch::optim::AdamW>(std::move(groups));
    }
    decay.insert(decay.end(), noDecay.begin(), noDecay.end());
    return std::make_unique<FusedAdam>(decay, torch::optim::AdamOptions(lr));
}

TrainStepResult runTrainStep(FptModel& model,
                             torch::optim::Optimizer& optimizer,
                             const torch::Tensor& x,
                             const torch::Tensor& y,
                             int64_t numClasses,
                             double gradClip,
                             GradientSync* sync,
                             int64_t stepNumber) {
    model->train();
    for (auto& p : model->parameters()) {
        p.mutable_grad() = torch::Tensor();  // set_to_none: no memset, frozen ones never get one
    }
    auto logits = model->forward(x);
    auto [loss, accuracy] = lossAndAccuracy(logits, y, numClasses);
    loss.backward();
    std::vector<torch::Tensor> params;
    for (const auto& p : model->parameters()) {
        if (p.requires_grad() && p.grad().defined()) {
            params.push_back(p);
        }
    }
    std::vector<double> values = {loss.item<double>(), accuracy.item<double>()};
    if (sync != nullptr && sync->worldSize() > 1) {
        std::vector<torch::Tensor> grads;
        grads.reserve(params.size());
        for (auto& p : params) {
            grads.push_back(p.grad());
        }
        sync->averageGradients(grads);
        values = sync->averageValues(values);
    }
    if (!std::isfinite(values[0])) {
        throw TrainingError("the loss became " + std::to_string(values[0]) + " at step " +
                            std::to_string(stepNumber) +
                            "; lower train.learning_rate or check the input data");
    }
    double gradNorm = 0.0;
    if (gradClip > 0.0 && !params.empty()) {
        if (auto* fused = dynamic_cast<FusedAdam*>(&optimizer)) {
            // clip_grad_norm_'s factor, applied inside the Adam pass instead of a pass of its own.
            gradNorm = gradientNorm(params);
            fused->setGradScale(std::min(1.0, gradClip / (gradNorm + 1e-6)));
        } else {
            gradNorm = torch::nn::utils::clip_grad_norm_(params, gradClip);
        }
    }
    optimizer.step();
    return {values[0], values[1], gradNorm};
}

}  // namespace fpt::core
