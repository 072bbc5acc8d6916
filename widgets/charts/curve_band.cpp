// SPDX-License-Identifier: MIT
// Shaded band between two curves (see curve_band.h).
#include "widgets/charts/curve_band.h"

#include "widgets/charts/curve_axes.h"
#include "widgets/charts/curve_series_data.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <utility>

namespace fpt::widgets {

CurveBand::CurveBand(QChart* chart, CurveAxes& axes, QString key)
    : m_chart(chart)
    , m_upperLine(new QLineSeries)
    , m_lowerLine(new QLineSeries)
    , m_area(new QAreaSeries(m_upperLine, m_lowerLine))
    , m_key(std::move(key)) {
    m_chart->addSeries(m_area);
    axes.attach(m_area);
    m_area->setPen(Qt::NoPen);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_area)) {
        marker->setVisible(false);
    }
}

CurveBand::~CurveBand() {
    m_chart->removeSeries(m_area);
    delete m_area;
    delete m_upperLine;
    delete m_lowerLine;
}

void CurveBand::setEdges(const QColor& color,
                         const QVector<CurvePoint>& lower,
                         const QVector<CurvePoint>& upper) {
    const int n = static_cast<int>(std::min(lower.size(), upper.size()));
    m_lower = lower.mid(0, n);
    m_upper = upper.mid(0, n);
    QColor fill = color;
    fill.setAlphaF(static_cast<float>(kAlpha));
    m_area->setBrush(fill);
    m_area->setPen(Qt::NoPen);
}

void CurveBand::setShown(bool shown) {
    m_shown = shown;
    m_area->setVisible(shown);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_area)) {
        marker->setVisible(false);
    }
}

AxisSpan CurveBand::xSpan(XAxisMode mode) const {
    AxisSpan span;
    for (const auto& p : m_lower) {
        span.include(CurveSeriesData::xOf(p, mode));
    }
    return span;
}

AxisSpan CurveBand::ySpan(bool positiveOnly) const {
    AxisSpan span;
    for (const auto* edge : {&m_lower, &m_upper}) {
        for (const auto& p : *edge) {
            if (std::isfinite(p.value) && (!positiveOnly || p.value > 0.0)) {
                span.include(p.value);
            }
        }
    }
    return span;
}

void CurveBand::draw(XAxisMode mode, bool logY) {
    QVector<QPointF> up;
    QVector<QPointF> low;
    for (int i = 0; i < m_lower.size(); ++i) {
        const double lo = m_lower[i].value;
        const double hi = m_upper[i].value;
        if (!std::isfinite(lo) || !std::isfinite(hi) || (logY && (lo <= 0.0 || hi <= 0.0))) {
            continue;
        }
        const double x = CurveSeriesData::xOf(m_lower[i], mode);
        low.append({x, lo});
        up.append({x, hi});
    }
    m_upperLine->replace(up);
    m_lowerLine->replace(low);
}

}  // namespace fpt::widgets
