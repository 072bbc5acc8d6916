// SPDX-License-Identifier: MIT
// Streaming debiased EMA (see ema_smoother.h).
#include "widgets/charts/ema_smoother.h"

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

EmaSmoother::EmaSmoother(double weight)
    : m_weight(std::clamp(std::isfinite(weight) ? weight : 0.0, 0.0, kMaxWeight)) {}

double EmaSmoother::push(double value) {
    if (!std::isfinite(value)) {
        return value;
    }
    m_accumulator = m_accumulator * m_weight + (1.0 - m_weight) * value;
    m_weightPower *= m_weight;
    // The debias factor is 1 - w^n; with w = 0 it is exactly 1, so weight 0 is the identity.
    return m_accumulator / (1.0 - m_weightPower);
}

void EmaSmoother::reset() {
    m_accumulator = 0.0;
    m_weightPower = 1.0;
}

}  // namespace fpt::widgets
