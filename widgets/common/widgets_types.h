// SPDX-License-Identifier: MIT
// Small value types shared across the widgets layer: curve samples, x-axis choice, axis spans.
#pragma once

#include <QMetaType>

#include <algorithm>
#include <limits>

namespace fpt::widgets {

/// One logged scalar of a training curve. Not serialised to JSON, so fields follow the brief's
/// camelCase; the CSV export names them step, wall_s and value.
struct CurvePoint {
    double step = 0.0;         ///< optimiser step; x in XAxisMode::Step
    double wallSeconds = 0.0;  ///< seconds since the run started; x in XAxisMode::WallTime
    double value = 0.0;        ///< metric value; non-finite values are stored but never drawn
};

/// Which CurvePoint field a chart uses as its x coordinate.
enum class XAxisMode { Step, WallTime };

/// A closed interval [min, max] on one axis; default-constructed it is empty and grows with
/// include().
struct AxisSpan {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();

    bool isEmpty() const { return !(min <= max); }

    double length() const { return isEmpty() ? 0.0 : max - min; }

    void include(double v) {
        min = std::min(min, v);
        max = std::max(max, v);
    }

    void include(const AxisSpan& other) {
        if (!other.isEmpty()) {
            include(other.min);
            include(other.max);
        }
    }
};

}  // namespace fpt::widgets

Q_DECLARE_METATYPE(fpt::widgets::CurvePoint)
Q_DECLARE_METATYPE(fpt::widgets::XAxisMode)
