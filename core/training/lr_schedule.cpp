// SPDX-License-Identifier: MIT
// Warmup + cosine learning-rate multiplier.
#include "core/training/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace fpt::core {

double warmupCosineFactor(double progress, double warmupFraction, double minRatio) {
    const double p = std::clamp(progress, 0.0, 1.0);
    if (warmupFraction > 0.0 && p < warmupFraction) {
        return p / warmupFraction;
    }
    const double decay = warmupFraction < 1.0 ? (p - warmupFraction) / (1.0 - warmupFraction) : 1.0;
    const double pi = std::acos(-1.0);
    return minRatio + (1.0 - minRatio) * 0.5 * (1.0 + std::cos(pi * std::clamp(decay, 0.0, 1.0)));
}

}  // namespace fpt::core
