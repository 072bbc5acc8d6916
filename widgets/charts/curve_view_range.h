// SPDX-License-Identifier: MIT
// The visible x/y window of a curve chart: "follow" (auto-fit to the data) or a user zoom that
// incoming data never moves. Also maps chart pixels to values, linear or log10 on y.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QPointF>
#include <QRectF>

namespace fpt::widgets {

/// The visible ranges of a chart plus the pixel <-> value mapping inside its plot area.
/// Zoom and pan work in axis space (log10(y) on a log axis), so a log zoom is symmetric.
class CurveViewRange {
public:
    /// True while the ranges auto-fit the data; false after any zoom or pan.
    bool isFollowing() const { return m_following; }

    /// Returns to follow mode; the next fitTo() decides the ranges.
    void follow() { m_following = true; }

    /// In follow mode, sets the ranges to the data spans plus a small y margin; otherwise a no-op.
    void fitTo(const AxisSpan& dataX, const AxisSpan& dataY);
    /// The smallest range of whole decades [10^a, 10^b] (b > a) around a positive span; on a
    /// log axis this puts a labelled tick at both ends. Non-positive or empty spans are returned.
    static AxisSpan decadeSpan(const AxisSpan& span);

    /// Sets explicit ranges and leaves follow mode. Ignored when a span is empty or degenerate,
    /// or (log y) when y is not strictly positive.
    void zoomTo(const AxisSpan& x, const AxisSpan& y);

    /// Switches the y mapping; an explicit zoom is dropped (back to follow mode).
    void setLogY(bool logY);

    bool isLogY() const { return m_logY; }

    AxisSpan x() const { return m_x; }

    AxisSpan y() const { return m_y; }

    /// Value at a chart position (chart coordinates) inside plotArea.
    QPointF toValue(const QPointF& chartPos, const QRectF& plotArea) const;

    /// Chart position of a value; the inverse of toValue().
    QPointF toChart(const QPointF& value, const QRectF& plotArea) const;

    /// Zooms to a rectangle in chart coordinates; zoomX/zoomY pick which axes change.
    void zoomToChartRect(const QRectF& rect, const QRectF& plotArea, bool zoomX, bool zoomY);

    /// Scales both ranges about a chart position; factor < 1 zooms in.
    void zoomAt(const QPointF& chartPos, double factorX, double factorY, const QRectF& plotArea);

    /// Shifts the ranges so the content follows a drag of delta chart pixels.
    void panByPixels(const QPointF& delta, const QRectF& plotArea);

private:
    double toAxisY(double y) const;
    double fromAxisY(double a) const;
    void setAxisSpace(double x0, double x1, double a0, double a1);

    bool m_following = true;
    bool m_logY = false;
    AxisSpan m_x{0.0, 1.0};
    AxisSpan m_y{0.0, 1.0};
};

}  // namespace fpt::widgets
