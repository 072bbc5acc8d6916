// SPDX-License-Identifier: MIT
// Storage for one curve (see curve_series_data.h).
#include "widgets/charts/curve_series_data.h"

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

void CurveSeriesData::setPoints(const QVector<CurvePoint>& points) {
    m_points.clear();
    m_smoothed.clear();
    m_smoother.reset();
    m_stepSpan = m_wallSpan = m_ySpan = m_positiveSpan = AxisSpan{};
    append(points);
}

void CurveSeriesData::append(const QVector<CurvePoint>& points) {
    m_points.reserve(m_points.size() + points.size());
    m_smoothed.reserve(m_points.size() + points.size());
    for (const CurvePoint& p : points) {
        m_points.push_back(p);
        m_smoothed.push_back(m_smoother.push(p.value));
        include(p);
    }
}

void CurveSeriesData::setSmoothing(double weight) {
    m_smoother = EmaSmoother(weight);
    m_smoothed.clear();
    m_smoothed.reserve(m_points.size());
    for (const CurvePoint& p : m_points) {
        m_smoothed.push_back(m_smoother.push(p.value));
    }
}

double CurveSeriesData::xOf(const CurvePoint& point, XAxisMode mode) {
    return mode == XAxisMode::Step ? point.step : point.wallSeconds;
}

QPair<int, int> CurveSeriesData::sliceIndices(XAxisMode mode, double xMin, double xMax) const {
    const auto lessX = [mode](const CurvePoint& p, double x) { return xOf(p, mode) < x; };
    const auto xLess = [mode](double x, const CurvePoint& p) { return x < xOf(p, mode); };
    const auto begin = std::lower_bound(m_points.cbegin(), m_points.cend(), xMin, lessX);
    const auto end = std::upper_bound(begin, m_points.cend(), xMax, xLess);
    const int first = std::max(0, static_cast<int>(begin - m_points.cbegin()) - 1);
    const int last =
        std::min(static_cast<int>(m_points.size()), static_cast<int>(end - m_points.cbegin()) + 1);
    return {first, std::max(first, last)};
}

QVector<QPointF> CurveSeriesData::drawPoints(
    XAxisMode mode, bool smoothedY, bool positiveOnly, int first, int last) const {
    QVector<QPointF> out;
    out.reserve(std::max(0, last - first));
    for (int i = std::max(0, first); i < std::min(last, static_cast<int>(m_points.size())); ++i) {
        const double x = xOf(m_points[i], mode);
        const double y = smoothedY ? m_smoothed[i] : m_points[i].value;
        if (std::isfinite(x) && std::isfinite(y) && (!positiveOnly || y > 0.0)) {
            out.push_back(QPointF(x, y));
        }
    }
    return out;
}

int CurveSeriesData::nearestIndex(XAxisMode mode, double x) const {
    if (m_points.isEmpty()) {
        return -1;
    }
    const auto lessX = [mode](const CurvePoint& p, double v) { return xOf(p, mode) < v; };
    const auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), x, lessX);
    const int after = static_cast<int>(it - m_points.cbegin());
    if (after == 0) {
        return 0;
    }
    if (after == m_points.size()) {
        return after - 1;
    }
    const double dBefore = x - xOf(m_points[after - 1], mode);
    const double dAfter = xOf(m_points[after], mode) - x;
    return dBefore <= dAfter ? after - 1 : after;
}

void CurveSeriesData::include(const CurvePoint& point) {
    if (std::isfinite(point.step)) {
        m_stepSpan.include(point.step);
    }
    if (std::isfinite(point.wallSeconds)) {
        m_wallSpan.include(point.wallSeconds);
    }
    if (std::isfinite(point.value)) {
        m_ySpan.include(point.value);
        if (point.value > 0.0) {
            m_positiveSpan.include(point.value);
        }
    }
}

}  // namespace fpt::widgets
