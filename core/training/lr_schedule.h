// SPDX-License-Identifier: MIT
// Learning-rate schedule for pretraining: linear warmup, then cosine decay to a floor (nanoGPT).
#pragma once

namespace fpt::core {

/// The multiplier of the peak learning rate at `progress` in [0, 1] of the budget (steps or
/// time): progress / warmup during warmup, then minRatio + (1 - minRatio) * (1 + cos(pi * s)) / 2
/// with s the share of the decay phase done. Values outside [0, 1] are clamped.
double warmupCosineFactor(double progress, double warmupFraction, double minRatio);

}  // namespace fpt::core
