// SPDX-License-Identifier: MIT
// One drawn curve: raw + smoothed lines and legend entry (see curve_trace.h).
#include "widgets/charts/curve_trace.h"

#include "widgets/charts/curve_axes.h"
#include "widgets/charts/curve_decimation.h"
#include "widgets/common/view_scale.h"

#include <QChart>
#include <QFontMetrics>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPalette>

#include <utility>

namespace fpt::widgets {

namespace {

constexpr double kSmoothWidth = 2.0;
constexpr double kUnsmoothedWidth = 1.5;
constexpr double kRawWidth = 1.2;

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

CurveTrace::CurveTrace(QChart* chart, CurveAxes& axes, QString key)
    : m_chart(chart)
    , m_raw(new QLineSeries)
    , m_smooth(new QLineSeries)
    , m_key(std::move(key)) {
    for (QLineSeries* line : {m_raw, m_smooth}) {
        m_chart->addSeries(line);
        axes.attach(line);
    }
    m_raw->setVisible(false);
}

CurveTrace::~CurveTrace() {
    for (QLineSeries* line : {m_raw, m_smooth}) {
        m_chart->removeSeries(line);
        delete line;
    }
}

void CurveTrace::setAppearance(const QString& label, const QColor& color, Qt::PenStyle style) {
    m_label = label;
    m_color = color;
    m_style = style;
    setLegendWidth(m_legendWidth);
    applyPens();
}

void CurveTrace::setSmoothing(double weight) {
    m_smoothing = m_sparse ? 0.0 : weight;
    m_data.setSmoothing(m_smoothing);
    applyVisibility();
    applyPens();
}

void CurveTrace::setVisible(bool visible) {
    m_visible = visible;
    applyVisibility();
}

void CurveTrace::setSparse(bool sparse) {
    m_sparse = sparse;
    m_smooth->setPointsVisible(sparse);
    m_smooth->setMarkerSize(sparse ? 7.0 : 4.0);
    if (sparse) {
        setSmoothing(0.0);
    }
}

void CurveTrace::setShown(bool shown) {
    m_shown = shown;
    applyVisibility();
}

void CurveTrace::setInLegend(bool inLegend) {
    m_inLegend = inLegend;
}

void CurveTrace::setLegendWidth(int maxWidth) {
    m_legendWidth = maxWidth;
    const QString text = maxWidth > 0 ? QFontMetrics(m_chart->legend()->font())
                                            .elidedText(m_label, Qt::ElideMiddle, maxWidth)
                                      : m_label;
    if (m_smooth->name() != text) {
        m_smooth->setName(text);
    }
}

void CurveTrace::applyVisibility() {
    m_smooth->setVisible(isDrawn());
    m_raw->setVisible(isDrawn() && m_smoothing > 0.0);
}

void CurveTrace::draw(XAxisMode mode, bool logY, const AxisSpan& x, int maxPoints) {
    if (!isDrawn()) {
        return;
    }
    const auto [first, last] = m_data.sliceIndices(mode, x.min, x.max);
    m_smooth->replace(decimateMinMax(m_data.drawPoints(mode, true, logY, first, last), maxPoints));
    if (m_smoothing > 0.0) {
        m_raw->replace(
            decimateMinMax(m_data.drawPoints(mode, false, logY, first, last), maxPoints));
    } else if (m_raw->count() > 0) {
        m_raw->clear();
    }
}

void CurveTrace::syncLegend(const QPalette& palette) {
    // QtCharts hides a marker whenever its series is hidden; we keep a hidden curve's marker
    // clickable (struck out and dimmed) and never show the raw line's marker.
    for (QLegendMarker* marker : m_chart->legend()->markers(m_raw)) {
        marker->setVisible(false);
    }
    const QColor text = palette.color(QPalette::Text);
    const QColor dimmed = blend(text, palette.color(QPalette::Base), 0.6);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_smooth)) {
        marker->setVisible(m_shown && m_inLegend);
        marker->setLabelBrush(m_visible ? text : dimmed);
        QFont font = marker->font();
        font.setStrikeOut(!m_visible);
        marker->setFont(font);
    }
}

QPen CurveTrace::makePen(const QColor& color, double width, Qt::PenStyle style) {
    QPen pen(color, width, style, Qt::FlatCap, Qt::RoundJoin);
    if (style == Qt::DashLine) {
        pen.setDashPattern({3.0, 2.0});  // in pen widths
    }
    return pen;
}

void CurveTrace::applyPens() {
    const double scale = ViewScale::factor();  // presentation zoom: thicker lines
    const double width = m_smoothing > 0.0 ? kSmoothWidth : kUnsmoothedWidth;
    m_smooth->setPen(makePen(m_color, width * scale, m_style));
    QColor faint = m_color;
    faint.setAlphaF(static_cast<float>(kRawAlpha));
    m_raw->setPen(makePen(faint, kRawWidth * scale, m_style));
}

}  // namespace fpt::widgets
