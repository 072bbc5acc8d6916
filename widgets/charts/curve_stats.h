// SPDX-License-Identifier: MIT
// Pure maths behind the comparison views: the smoothing slider's non-linear scale, a seed
// group's mean / min-max / std per step, and the first step a curve reaches a target.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QVector>

#include <optional>

namespace fpt::widgets {

/// Slider position in [0, steps-1] -> EMA weight: w = 1 - 10^(-3 p / (steps-1)), so 0 -> 0,
/// a third of the way -> 0.9, two thirds -> 0.99, the end -> 0.999 (fine control near 0.9-0.99).
double smoothingForSlider(int position, int steps);
/// The nearest slider position for a weight (inverse of smoothingForSlider, clamped).
int sliderForSmoothing(double weight, int steps);

/// One step of a seed group: the members' mean, min, max and population std (÷ n) there.
struct GroupPoint {
    double step = 0.0;
    double wallS = 0.0;  ///< mean wall time of the members at that step
    double mean = 0.0;
    double min = 0.0;
    double max = 0.0;
    double std = 0.0;
    int count = 0;
};

/// Per-step statistics over the members' curves, at the steps every member has (a member
/// still training limits the group to its steps). Non-finite values are skipped at that step.
QVector<GroupPoint> groupStats(const QVector<QVector<CurvePoint>>& members);

/// The first point's step whose value is >= target (e.g. test accuracy 0.95); none if never.
std::optional<double> firstStepReaching(const QVector<CurvePoint>& points, double target);

}  // namespace fpt::widgets
