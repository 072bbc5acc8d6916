// SPDX-License-Identifier: MIT
// One optimizer step (forward, CE loss, backward, clip, Adam), shared by Trainer::fit and
// `fpt bench`, so the benchmark times exactly the code path a training run executes.
#pragma once

#include "core/model/fpt_model.h"
#include "core/config/run_config.h"

#include <torch/torch.h>

#include <memory>

namespace fpt::core {

class GradientSync;

struct TrainStepResult {
    double loss = 0.0;
    double accuracy = 0.0;
    double grad_norm = 0.0;  // global norm before clipping (0 when clipping is off)
};

/// Adam (FusedAdam) or AdamW (decay on rank >= 2 tensors only, nanoGPT) over the trainable
/// parameters.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(FptModel& model, const TrainConfig& train);

/// Runs one training step on (x, y): grads set to none, forward in train mode, CE on the read-out
/// tokens, backward, gradient averaging across ranks (when `sync` has several), clip, optimizer
/// step. `stepNumber` (1-based) only names the step in the TrainingError thrown on a non-finite
/// loss. x and y must already be on the model's device.
TrainStepResult runTrainStep(FptModel& model,
                             torch::optim::Optimizer& optimizer,
                             const torch::Tensor& x,
                             const torch::Tensor& y,
                             int64_t numClasses,
                             double gradClip,
                             GradientSync* sync,
                             int64_t stepNumber);

/// Loss and accuracy of logits (B, R, O) against targets under the task's classes.
std::pair<torch::Tensor, torch::Tensor> lossAndAccuracy(const torch::Tensor& logits,
                                                        const torch::Tensor& targets,
                                                        int64_t numClasses);

}  // namespace fpt::core
