// SPDX-License-Identifier: MIT
// Axis setup of a curve chart (see curve_axes.h).
#include "widgets/charts/curve_axes.h"

#include <QAbstractSeries>
#include <QChart>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr int kPixelsPerXTick = 90;
constexpr int kPixelsPerYTick = 45;

// A 1-2-5 tick interval giving about targetTicks ticks over span.
double niceInterval(double span, int targetTicks) {
    if (!(span > 0.0) || !std::isfinite(span)) {
        return 1.0;
    }
    const double raw = span / std::max(2, targetTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double nice = norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0;
    return nice * magnitude;
}

// Sets range and tick interval in the order that never leaves a huge range with a tiny
// interval, even for one layout pass (dynamic ticks are laid out one by one).
void setLinearRange(QValueAxis* axis, const AxisSpan& span, double interval) {
    if (interval >= axis->tickInterval()) {
        axis->setTickInterval(interval);
        axis->setRange(span.min, span.max);
    } else {
        axis->setRange(span.min, span.max);
        axis->setTickInterval(interval);
    }
}

QValueAxis* makeLinearAxis() {
    auto* axis = new QValueAxis;
    axis->setRange(0.0, 1.0);
    axis->setTickInterval(0.2);  // before TicksDynamic: the default interval is 0
    axis->setTickAnchor(0.0);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setLabelFormat(QStringLiteral("%g"));
    return axis;
}

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

CurveAxes::CurveAxes(QChart* chart)
    : m_chart(chart)
    , m_x(makeLinearAxis()) {
    m_chart->addAxis(m_x, Qt::AlignBottom);
    setLogY(false);
}

void CurveAxes::attach(QAbstractSeries* series) {
    series->attachAxis(m_x);
    series->attachAxis(m_y);
}

void CurveAxes::setLogY(bool logY) {
    if (m_y != nullptr) {
        if (logY == (qobject_cast<QLogValueAxis*>(m_y) != nullptr)) {
            return;
        }
        m_chart->removeAxis(m_y);  // detaches every series
        delete m_y;
    }
    if (logY) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10.0);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(8);  // 2..9 between decades
        m_y = axis;
    } else {
        m_y = makeLinearAxis();
    }
    m_y->setTitleText(m_yTitle);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* series : m_chart->series()) {
        series->attachAxis(m_y);
    }
    styleAxis(m_y);
}

void CurveAxes::setXTitle(const QString& title) {
    m_x->setTitleText(title);
}

void CurveAxes::setYTitle(const QString& title) {
    m_yTitle = title;
    m_y->setTitleText(title);
}

void CurveAxes::setRanges(const AxisSpan& x, const AxisSpan& y, const QSize& size) {
    setLinearRange(m_x, x, niceInterval(x.length(), size.width() / kPixelsPerXTick));
    if (auto* linear = qobject_cast<QValueAxis*>(m_y)) {
        setLinearRange(linear, y, niceInterval(y.length(), size.height() / kPixelsPerYTick));
    } else if (auto* log = qobject_cast<QLogValueAxis*>(m_y)) {
        log->setRange(y.min, y.max);
    }
}

AxisSpan CurveAxes::xRange() const {
    return {m_x->min(), m_x->max()};
}

AxisSpan CurveAxes::yRange() const {
    if (const auto* log = qobject_cast<const QLogValueAxis*>(m_y)) {
        return {log->min(), log->max()};
    }
    const auto* linear = qobject_cast<const QValueAxis*>(m_y);
    return {linear->min(), linear->max()};
}

void CurveAxes::setColors(const QColor& text, const QColor& background, bool dark) {
    m_text = text;
    m_grid = blend(background, text, dark ? 0.22 : 0.14);
    m_line = blend(background, text, 0.5);
    styleAxis(m_x);
    styleAxis(m_y);
}

void CurveAxes::styleAxis(QAbstractAxis* axis) const {
    if (!m_text.isValid()) {
        return;
    }
    axis->setLabelsColor(m_text);
    axis->setTitleBrush(m_text);
    axis->setGridLineColor(m_grid);
    QColor minor = m_grid;
    minor.setAlphaF(minor.alphaF() * 0.5F);
    axis->setMinorGridLineColor(minor);
    axis->setLinePenColor(m_line);
}

}  // namespace fpt::widgets
