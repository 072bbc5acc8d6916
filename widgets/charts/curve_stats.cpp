// SPDX-License-Identifier: MIT
// Smoothing scale, seed-group statistics, steps-to-target (see curve_stats.h).
#include "widgets/charts/curve_stats.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr double kDecades = 3.0;  // the slider spans 1 - w from 1 down to 10^-3

}  // namespace

double smoothingForSlider(int position, int steps) {
    if (steps < 2 || position <= 0) {
        return 0.0;
    }
    const double f = std::min(1.0, double(position) / double(steps - 1));
    return 1.0 - std::pow(10.0, -kDecades * f);
}

int sliderForSmoothing(double weight, int steps) {
    if (steps < 2 || !(weight > 0.0)) {
        return 0;
    }
    const double w = std::min(weight, 1.0 - std::pow(10.0, -kDecades));
    const double f = -std::log10(1.0 - w) / kDecades;
    return static_cast<int>(std::lround(f * double(steps - 1)));
}

QVector<GroupPoint> groupStats(const QVector<QVector<CurvePoint>>& members) {
    if (members.isEmpty()) {
        return {};
    }
    // step -> (values, wall times); a step counts only when every member logged it.
    QMap<double, QPair<QVector<double>, QVector<double>>> byStep;
    QMap<double, int> seen;
    for (const auto& member : members) {
        QMap<double, bool> once;
        for (const auto& p : member) {
            if (!once.contains(p.step)) {
                once.insert(p.step, true);
                seen[p.step] += 1;
            }
            if (std::isfinite(p.value)) {
                byStep[p.step].first.append(p.value);
                byStep[p.step].second.append(p.wallSeconds);
            }
        }
    }
    QVector<GroupPoint> out;
    for (auto it = byStep.begin(); it != byStep.end(); ++it) {
        const auto& values = it.value().first;
        if (seen.value(it.key()) < members.size() || values.isEmpty()) {
            continue;
        }
        GroupPoint g;
        g.step = it.key();
        g.count = static_cast<int>(values.size());
        double sum = 0.0;
        double wall = 0.0;
        g.min = values.front();
        g.max = values.front();
        for (int i = 0; i < values.size(); ++i) {
            sum += values[i];
            wall += it.value().second[i];
            g.min = std::min(g.min, values[i]);
            g.max = std::max(g.max, values[i]);
        }
        g.mean = sum / g.count;
        g.wallS = wall / g.count;
        double squares = 0.0;
        for (double v : values) {
            squares += (v - g.mean) * (v - g.mean);
        }
        g.std = std::sqrt(squares / g.count);
        out.append(g);
    }
    return out;
}

std::optional<double> firstStepReaching(const QVector<CurvePoint>& points, double target) {
    for (const auto& p : points) {
        if (std::isfinite(p.value) && p.value >= target) {
            return p.step;
        }
    }
    return std::nullopt;
}

}  // namespace fpt::widgets
