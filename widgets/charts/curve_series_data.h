// SPDX-License-Identifier: MIT
// Storage for one curve: every raw point, its smoothed value, and cached bounds. Drawing code
// reads slices of it; nothing here is ever decimated, so exports always see the full history.
#pragma once

#include "widgets/charts/ema_smoother.h"
#include "widgets/common/widgets_types.h"

#include <QPair>
#include <QPointF>
#include <QVector>

namespace fpt::widgets {

/// Raw and smoothed values of one curve. Points are expected in non-decreasing step and
/// wall-time order (as a training loop logs them); slicing and hover lookups rely on it.
class CurveSeriesData {
public:
    /// Replaces all points and recomputes the smoothed values.
    void setPoints(const QVector<CurvePoint>& points);

    /// Appends points; earlier smoothed values are left untouched (the EMA only looks back).
    void append(const QVector<CurvePoint>& points);

    /// Changes the EMA weight and recomputes the smoothed values over all stored points.
    void setSmoothing(double weight);

    const QVector<CurvePoint>& points() const { return m_points; }

    /// One smoothed value per stored point (same indices as points()).
    const QVector<double>& smoothed() const { return m_smoothed; }

    /// The x coordinate of a point in the given axis mode.
    static double xOf(const CurvePoint& point, XAxisMode mode);

    /// Span of all finite x values in the given mode; empty when there are none.
    AxisSpan xSpan(XAxisMode mode) const {
        return mode == XAxisMode::Step ? m_stepSpan : m_wallSpan;
    }

    /// Span of finite raw values, or of positive ones only when positiveOnly (log axes).
    AxisSpan ySpan(bool positiveOnly) const { return positiveOnly ? m_positiveSpan : m_ySpan; }

    /// Index range [first, last) of points with x in [xMin, xMax], widened by one point on each
    /// side so lines run to the plot edge.
    QPair<int, int> sliceIndices(XAxisMode mode, double xMin, double xMax) const;

    /// Drawable points for indices [first, last): smoothed or raw y; skips non-finite values and,
    /// when positiveOnly, values <= 0.
    QVector<QPointF> drawPoints(
        XAxisMode mode, bool smoothedY, bool positiveOnly, int first, int last) const;

    /// Index of the point whose x is nearest to x, or -1 when there are no points.
    int nearestIndex(XAxisMode mode, double x) const;

private:
    void include(const CurvePoint& point);

    QVector<CurvePoint> m_points;
    QVector<double> m_smoothed;
    EmaSmoother m_smoother;
    AxisSpan m_stepSpan;
    AxisSpan m_wallSpan;
    AxisSpan m_ySpan;
    AxisSpan m_positiveSpan;
};

}  // namespace fpt::widgets
