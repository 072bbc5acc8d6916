// SPDX-License-Identifier: MIT
// The x and y axes of a curve chart: linear or log10 y, 1-2-5 tick spacing sized to the widget,
// titles and palette colours. Ranges come from CurveViewRange; this only applies them.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QSize>
#include <QString>

QT_FORWARD_DECLARE_CLASS(QAbstractAxis)
QT_FORWARD_DECLARE_CLASS(QAbstractSeries)
QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QValueAxis)

namespace fpt::widgets {

/// Owns the axis setup of one QChart (the axes themselves are owned by the chart).
class CurveAxes {
public:
    /// Adds a linear x axis (bottom) and a linear y axis (left) to chart.
    explicit CurveAxes(QChart* chart);

    /// Attaches a series to both axes; call after QChart::addSeries().
    void attach(QAbstractSeries* series);

    /// Replaces the y axis by a QValueAxis or a base-10 QLogValueAxis; every series of the
    /// chart is re-attached and titles and colours carry over.
    void setLogY(bool logY);

    void setXTitle(const QString& title);
    void setYTitle(const QString& title);

    /// Sets both ranges, with about one x tick per 90 px and one y tick per 45 px of size.
    void setRanges(const AxisSpan& x, const AxisSpan& y, const QSize& size);

    /// The ranges as the axes hold them.
    AxisSpan xRange() const;
    AxisSpan yRange() const;

    /// Labels and titles in text; grid and axis lines blended from text into background
    /// (a little stronger on dark backgrounds, where thin lines fade).
    void setColors(const QColor& text, const QColor& background, bool dark);

private:
    void styleAxis(QAbstractAxis* axis) const;

    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QAbstractAxis* m_y = nullptr;  // QValueAxis or QLogValueAxis
    QString m_yTitle;
    QColor m_text;
    QColor m_grid;
    QColor m_line;
};

}  // namespace fpt::widgets
