// SPDX-License-Identifier: MIT
// A shaded band between two curves (a seed group's min-max or mean ± std) in a curve chart:
// a QAreaSeries owned by the chart while the band lives, with no legend entry.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QString>
#include <QVector>

QT_FORWARD_DECLARE_CLASS(QAreaSeries)
QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QLineSeries)

namespace fpt::widgets {

class CurveAxes;

/// Band between lower[i] and upper[i] (same x). GUI thread only.
class CurveBand {
public:
    static constexpr double kAlpha = 0.22;  ///< fill opacity

    CurveBand(QChart* chart, CurveAxes& axes, QString key);
    ~CurveBand();
    CurveBand(const CurveBand&) = delete;
    CurveBand& operator=(const CurveBand&) = delete;

    const QString& key() const { return m_key; }

    /// Replaces both edges; points beyond the shorter edge are dropped.
    void setEdges(const QColor& color, const QVector<CurvePoint>& lower, const QVector<CurvePoint>& upper);
    void setShown(bool shown);

    bool isShown() const { return m_shown; }

    AxisSpan xSpan(XAxisMode mode) const;
    AxisSpan ySpan(bool positiveOnly) const;
    /// Redraws the edges in the given x mode; on a log axis pairs with a value <= 0 are skipped.
    void draw(XAxisMode mode, bool logY);

    const QVector<CurvePoint>& lower() const { return m_lower; }

    const QVector<CurvePoint>& upper() const { return m_upper; }

private:
    QChart* m_chart;
    QLineSeries* m_upperLine;  // owned by m_area's lifetime here (deleted in the destructor)
    QLineSeries* m_lowerLine;
    QAreaSeries* m_area;       // owned by m_chart while added
    QString m_key;
    QVector<CurvePoint> m_lower;
    QVector<CurvePoint> m_upper;
    bool m_shown = true;
};

}  // namespace fpt::widgets
