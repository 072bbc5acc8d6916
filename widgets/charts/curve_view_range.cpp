// SPDX-License-Identifier: MIT
// Visible ranges and pixel mapping of a curve chart (see curve_view_range.h).
#include "widgets/charts/curve_view_range.h"

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr double kYMargin = 0.05;  // fraction of the y span added above and below in follow mode

bool usable(const AxisSpan& s) {
    return !s.isEmpty() && std::isfinite(s.min) && std::isfinite(s.max) && s.max > s.min;
}

// A degenerate span (one point, or a flat curve) still needs a non-zero range to draw.
AxisSpan widened(const AxisSpan& s, bool logY) {
    if (s.isEmpty()) {
        return logY ? AxisSpan{0.1, 10.0} : AxisSpan{0.0, 1.0};
    }
    if (s.max > s.min) {
        return s;
    }
    if (logY) {
        return {s.min / 2.0, s.max * 2.0};
    }
    const double pad = s.min == 0.0 ? 1.0 : std::abs(s.min) * 0.1;
    return {s.min - pad, s.max + pad};
}

}  // namespace

void CurveViewRange::fitTo(const AxisSpan& dataX, const AxisSpan& dataY) {
    if (!m_following) {
        return;
    }
    m_x = widened(dataX, false);
    const AxisSpan y = widened(dataY, m_logY);
    if (m_logY) {
        m_y = decadeSpan(y);  // whole decades: at least two labelled ticks, never a bare "1"
        return;
    }
    const double a0 = toAxisY(y.min);
    const double a1 = toAxisY(y.max);
    const double pad = (a1 - a0) * kYMargin;
    m_y = {fromAxisY(a0 - pad), fromAxisY(a1 + pad)};
}

AxisSpan CurveViewRange::decadeSpan(const AxisSpan& span) {
    if (span.isEmpty() || !(span.min > 0.0)) {
        return span;
    }
    // A tiny tolerance keeps 1.0 (log10 = 0) from snapping up a whole decade.
    const double lo = std::floor(std::log10(span.min) + 1e-9);
    double hi = std::ceil(std::log10(span.max) - 1e-9);
    if (hi <= lo) {
        hi = lo + 1.0;
    }
    return {std::pow(10.0, lo), std::pow(10.0, hi)};
}

void CurveViewRange::zoomTo(const AxisSpan& x, const AxisSpan& y) {
    if (!usable(x) || !usable(y) || (m_logY && y.min <= 0.0)) {
        return;
    }
    m_following = false;
    m_x = x;
    m_y = y;
}

void CurveViewRange::setLogY(bool logY) {
    if (logY != m_logY) {
        m_logY = logY;
        m_following = true;
        if (m_logY && m_y.min <= 0.0) {
            m_y = widened(AxisSpan{}, true);  // keep the mapping valid until the next fitTo()
        }
    }
}

QPointF CurveViewRange::toValue(const QPointF& chartPos, const QRectF& plotArea) const {
    if (plotArea.width() <= 0.0 || plotArea.height() <= 0.0) {
        return {m_x.min, m_y.min};
    }
    const double fx = (chartPos.x() - plotArea.left()) / plotArea.width();
    const double fy = (plotArea.bottom() - chartPos.y()) / plotArea.height();
    const double a0 = toAxisY(m_y.min);
    const double a1 = toAxisY(m_y.max);
    return {m_x.min + fx * m_x.length(), fromAxisY(a0 + fy * (a1 - a0))};
}

QPointF CurveViewRange::toChart(const QPointF& value, const QRectF& plotArea) const {
    const double fx = m_x.length() > 0.0 ? (value.x() - m_x.min) / m_x.length() : 0.0;
    const double a0 = toAxisY(m_y.min);
    const double a1 = toAxisY(m_y.max);
    const double fy = a1 > a0 ? (toAxisY(value.y()) - a0) / (a1 - a0) : 0.0;
    return {plotArea.left() + fx * plotArea.width(), plotArea.bottom() - fy * plotArea.height()};
}

void CurveViewRange::zoomToChartRect(const QRectF& rect,
                                     const QRectF& plotArea,
                                     bool zoomX,
                                     bool zoomY) {
    const QRectF r = rect.normalized().intersected(plotArea);
    if (r.isEmpty() || (!zoomX && !zoomY)) {
        return;
    }
    const QPointF topLeft = toValue(r.topLeft(), plotArea);
    const QPointF bottomRight = toValue(r.bottomRight(), plotArea);
    const AxisSpan x = zoomX ? AxisSpan{topLeft.x(), bottomRight.x()} : m_x;
    const AxisSpan y = zoomY ? AxisSpan{bottomRight.y(), topLeft.y()} : m_y;
    zoomTo(x, y);
}

void CurveViewRange::zoomAt(const QPointF& chartPos,
                            double factorX,
                            double factorY,
                            const QRectF& plotArea) {
    const QPointF anchor = toValue(chartPos, plotArea);
    const double ax = anchor.x();
    const double ay = toAxisY(anchor.y());
    const double a0 = toAxisY(m_y.min);
    const double a1 = toAxisY(m_y.max);
    setAxisSpace(ax + (m_x.min - ax) * factorX, ax + (m_x.max - ax) * factorX,
                 ay + (a0 - ay) * factorY, ay + (a1 - ay) * factorY);
}

void CurveViewRange::panByPixels(const QPointF& delta, const QRectF& plotArea) {
    if (plotArea.width() <= 0.0 || plotArea.height() <= 0.0) {
        return;
    }
    const double dx = -delta.x() / plotArea.width() * m_x.length();
    const double a0 = toAxisY(m_y.min);
    const double a1 = toAxisY(m_y.max);
    const double da = delta.y() / plotArea.height() * (a1 - a0);
    setAxisSpace(m_x.min + dx, m_x.max + dx, a0 + da, a1 + da);
}

double CurveViewRange::toAxisY(double y) const {
    return m_logY ? std::log10(y) : y;
}

double CurveViewRange::fromAxisY(double a) const {
    return m_logY ? std::pow(10.0, a) : a;
}

void CurveViewRange::setAxisSpace(double x0, double x1, double a0, double a1) {
    zoomTo(AxisSpan{x0, x1}, AxisSpan{fromAxisY(a0), fromAxisY(a1)});
}

}  // namespace fpt::widgets
