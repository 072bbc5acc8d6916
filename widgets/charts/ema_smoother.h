// SPDX-License-Identifier: MIT
// TensorBoard's debiased exponential moving average, fed one value at a time so a growing
// curve extends its smoothed copy without ever rewriting earlier smoothed values.
#pragma once

namespace fpt::widgets {

/// Streaming debiased EMA: s_n = a_n / (1 - w^n), a_n = w * a_{n-1} + (1 - w) * x_n, a_0 = 0
/// (TensorBoard PR #639). Non-finite inputs pass through unchanged and do not enter the average,
/// and n counts finite inputs only. Weight 0 is the identity.
class EmaSmoother {
public:
    /// Largest accepted weight; 1 would freeze the average at its first value.
    static constexpr double kMaxWeight = 0.999;

    /// weight is clamped to [0, kMaxWeight].
    explicit EmaSmoother(double weight = 0.0);

    /// Feeds one raw value and returns its smoothed value.
    double push(double value);

    /// Forgets every value fed so far; the weight stays.
    void reset();

    double weight() const { return m_weight; }

private:
    double m_weight = 0.0;
    double m_accumulator = 0.0;  // a_n above
    double m_weightPower = 1.0;  // w^n, kept as a running product
};

}  // namespace fpt::widgets
