// SPDX-License-Identifier: MIT
// Curve chart: series bookkeeping, coalesced redraw, zoom and hover glue.
#include "widgets/charts/curve_chart_widget.h"

#include "widgets/charts/curve_axes.h"
#include "widgets/charts/curve_band.h"
#include "widgets/charts/curve_chart_interaction.h"
#include "widgets/charts/curve_decimation.h"
#include "widgets/charts/curve_export.h"
#include "widgets/charts/curve_hover_overlay.h"
#include "widgets/charts/curve_readout.h"
#include "widgets/charts/curve_series_data.h"
#include "widgets/charts/curve_trace.h"
#include "widgets/charts/curve_view_range.h"
#include "widgets/common/view_scale.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

CurveChartWidget::CurveChartWidget(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_range(std::make_unique<CurveViewRange>()) {
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_axes = std::make_unique<CurveAxes>(m_chart);
    m_axes->setXTitle(tr("Step"));

    m_chartView = new QChartView(m_chart, this);  // owns m_chart from here on
    m_chartView->setObjectName(QStringLiteral("chartView"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setRubberBand(QChartView::NoRubberBand);
    m_chartView->setFocusPolicy(Qt::StrongFocus);
    m_chartView->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chartView);

    m_hover = std::make_unique<CurveHoverOverlay>(m_chartView);
    auto* interaction = new CurveChartInteraction(m_chartView);
    connect(interaction, &CurveChartInteraction::zoomRectRequested, this,
            &CurveChartWidget::zoomToViewportRect);
    connect(interaction, &CurveChartInteraction::zoomRequested, this,
            &CurveChartWidget::zoomAtViewport);
    connect(interaction, &CurveChartInteraction::panRequested, this,
            &CurveChartWidget::panByViewport);
    connect(interaction, &CurveChartInteraction::resetRequested, this,
            &CurveChartWidget::resetZoom);
    connect(interaction, &CurveChartInteraction::hoverMoved, this, &CurveChartWidget::updateHover);
    connect(interaction, &CurveChartInteraction::hoverLeft, this, &CurveChartWidget::hideHover);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(kRedrawDelayMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, &CurveChartWidget::redraw);
    applyTheme();
    updateAccessibleDescription();
    scheduleRedraw();
    connect(ViewScale::instance(), &ViewScale::changed, this, [this]() {
        for (const auto& trace : m_entries) {
            trace->setSmoothing(m_smoothing);  // re-applies the pens at the new width
        }
        scheduleRedraw();
    });
}

CurveChartWidget::~CurveChartWidget() = default;

void CurveChartWidget::setTitle(const QString& title) {
    m_title = title;
    m_chart->setTitle(title);
    m_axes->setYTitle(title);
    setAccessibleName(tr("%1 chart").arg(title));
    m_chartView->setAccessibleName(accessibleName());
}

QString CurveChartWidget::title() const {
    return m_title;
}

CurveTrace* CurveChartWidget::find(const QString& key) const {
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&key](const auto& trace) { return trace->key() == key; });
    return it != m_entries.end() ? it->get() : nullptr;
}

CurveTrace& CurveChartWidget::createTrace(const QString& key) {
    m_entries.push_back(std::make_unique<CurveTrace>(m_chart, *m_axes, key));
    CurveTrace& trace = *m_entries.back();
    trace.setSmoothing(m_smoothing);
    for (QLegendMarker* marker : m_chart->legend()->markers(trace.smoothedLine())) {
        connect(marker, &QLegendMarker::clicked, this, [this, key] {
            const bool visible = !isSeriesVisible(key);
            setSeriesVisible(key, visible);
            Q_EMIT seriesVisibilityChanged(key, visible);
        });
        connect(marker, &QLegendMarker::hovered, this, [this, key](bool on) {
            // The full name on hover: the legend may show it elided in the middle.
            if (on) {
                QToolTip::showText(QCursor::pos(), seriesLabel(key), m_chartView);
            } else {
                QToolTip::hideText();
            }
        });
    }
    return trace;
}

void CurveChartWidget::setSeries(const QString& key,
                                 const QString& label,
                                 const QColor& color,
                                 Qt::PenStyle style,
                                 const QVector<CurvePoint>& points) {
    CurveTrace* found = find(key);
    CurveTrace& trace = found != nullptr ? *found : createTrace(key);
    trace.setAppearance(label, color, style);
    trace.data().setPoints(points);
    updateLegendWidths();
    Q_EMIT legendChanged();
    trace.syncLegend(palette());
    updateAccessibleDescription();
    scheduleRedraw();
}

bool CurveChartWidget::appendPoints(const QString& key, const QVector<CurvePoint>& points) {
    CurveTrace* trace = find(key);
    if (trace == nullptr) {
        return false;
    }
    trace->data().append(points);
    scheduleRedraw();
    return true;
}

void CurveChartWidget::removeSeries(const QString& key) {
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&key](const auto& trace) { return trace->key() == key; });
    if (it == m_entries.end()) {
        return;
    }
    m_entries.erase(it);  // ~CurveTrace removes its lines from the chart
    Q_EMIT legendChanged();
    hideHover();
    updateAccessibleDescription();
    scheduleRedraw();
}

void CurveChartWidget::clear() {
    m_bands.clear();
    while (!m_entries.empty()) {
        removeSeries(m_entries.back()->key());
    }
}

void CurveChartWidget::setSeriesVisible(const QString& key, bool visible) {
    if (CurveTrace* trace = find(key)) {
        trace->setVisible(visible);
        trace->syncLegend(palette());
        scheduleRedraw();
    }
}

bool CurveChartWidget::isSeriesVisible(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr && trace->isVisible();
}

void CurveChartWidget::setSeriesSparse(const QString& key, bool sparse) {
    if (CurveTrace* trace = find(key)) {
        trace->setSparse(sparse);
        trace->setSmoothing(m_smoothing);
        scheduleRedraw();
    }
}

bool CurveChartWidget::isSeriesSparse(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr && trace->isSparse();
}

void CurveChartWidget::setSeriesShown(const QString& key, bool shown) {
    if (CurveTrace* trace = find(key); trace != nullptr && trace->isShown() != shown) {
        trace->setShown(shown);
        trace->syncLegend(palette());
        Q_EMIT legendChanged();
        hideHover();
        scheduleRedraw();
    }
}

bool CurveChartWidget::isSeriesShown(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr && trace->isShown();
}

void CurveChartWidget::setSeriesInLegend(const QString& key, bool inLegend) {
    if (CurveTrace* trace = find(key)) {
        trace->setInLegend(inLegend);
        trace->syncLegend(palette());
        Q_EMIT legendChanged();
    }
}

QString CurveChartWidget::seriesLabel(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr ? trace->label() : QString();
}

QString CurveChartWidget::legendText(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr ? trace->smoothedLine()->name() : QString();
}

QVector<CurveChartWidget::LegendEntry> CurveChartWidget::legendEntries() const {
    QVector<LegendEntry> out;
    for (const auto& trace : m_entries) {
        if (trace->isShown() && trace->isInLegend()) {
            out.append({trace->label(), trace->color(), trace->style()});
        }
    }
    return out;
}

void CurveChartWidget::setBuiltInLegendVisible(bool visible) {
    m_builtInLegend = visible;
    m_chart->legend()->setVisible(visible);
}

void CurveChartWidget::updateLegendWidths() {
    // A bottom legend lays entries out in rows; each gets up to about a third of the chart's
    // width (less its marker), so two or three full names fit per row before any elision.
    // With one or two entries, each may take half or all of the row.
    const int chartWidth = m_chartView->isVisible() ? m_chartView->width() : std::max(this->width(), 480);
    const auto entries = std::count_if(m_entries.begin(), m_entries.end(),
                                       [](const auto& trace) { return trace->isShown() && trace->isInLegend(); });
    const int perRow = static_cast<int>(std::clamp<std::ptrdiff_t>(entries, 1, 3));
    const int width = std::max(120, chartWidth / perRow - 30);
    for (const auto& trace : m_entries) {
        trace->setLegendWidth(width);
    }
}

void CurveChartWidget::setBand(const QString& key,
                               const QColor& color,
                               const QVector<CurvePoint>& lower,
                               const QVector<CurvePoint>& upper) {
    auto it = std::find_if(m_bands.begin(), m_bands.end(),
                           [&key](const auto& band) { return band->key() == key; });
    if (it == m_bands.end()) {
        m_bands.push_back(std::make_unique<CurveBand>(m_chart, *m_axes, key));
        it = std::prev(m_bands.end());
    }
    (*it)->setEdges(color, lower, upper);
    scheduleRedraw();
}

void CurveChartWidget::removeBand(const QString& key) {
    const auto it = std::find_if(m_bands.begin(), m_bands.end(),
                                 [&key](const auto& band) { return band->key() == key; });
    if (it != m_bands.end()) {
        m_bands.erase(it);
        scheduleRedraw();
    }
}

QStringList CurveChartWidget::bandKeys() const {
    QStringList keys;
    for (const auto& band : m_bands) {
        keys.push_back(band->key());
    }
    return keys;
}

QStringList CurveChartWidget::seriesKeys() const {
    QStringList keys;
    for (const auto& trace : m_entries) {
        keys.push_back(trace->key());
    }
    return keys;
}

QVector<CurvePoint> CurveChartWidget::seriesPoints(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr ? trace->data().points() : QVector<CurvePoint>{};
}

QVector<double> CurveChartWidget::seriesSmoothed(const QString& key) const {
    const CurveTrace* trace = find(key);
    return trace != nullptr ? trace->data().smoothed() : QVector<double>{};
}

void CurveChartWidget::setSmoothing(double weight) {
    const double clamped = EmaSmoother(weight).weight();
    if (clamped == m_smoothing) {
        return;
    }
    m_smoothing = clamped;
    for (const auto& trace : m_entries) {
        trace->setSmoothing(m_smoothing);
        trace->syncLegend(palette());
    }
    scheduleRedraw();
}

void CurveChartWidget::setLogY(bool logY) {
    if (logY == m_range->isLogY()) {
        return;
    }
    changeView([this, logY] {
        m_range->setLogY(logY);
        m_axes->setLogY(logY);
    });
    hideHover();
}

bool CurveChartWidget::isLogY() const {
    return m_range->isLogY();
}

void CurveChartWidget::setXAxisMode(XAxisMode mode) {
    if (mode == m_xMode) {
        return;
    }
    m_xMode = mode;
    m_axes->setXTitle(mode == XAxisMode::Step ? tr("Step") : tr("Wall time (s)"));
    changeView([this] { m_range->follow(); });  // a zoom in steps means nothing in seconds
    hideHover();
}

void CurveChartWidget::zoomTo(const AxisSpan& x, const AxisSpan& y) {
    changeView([&] { m_range->zoomTo(x, y); });
}

void CurveChartWidget::resetZoom() {
    changeView([this] { m_range->follow(); });
    redraw();  // at once: the user asked for it, and it refits the axes
}

bool CurveChartWidget::isFollowing() const {
    return m_range->isFollowing();
}

AxisSpan CurveChartWidget::xRange() const {
    return m_axes->xRange();
}

AxisSpan CurveChartWidget::yRange() const {
    return m_axes->yRange();
}

void CurveChartWidget::changeView(const std::function<void()>& change) {
    const bool wasFollowing = m_range->isFollowing();
    change();
    m_axes->setRanges(m_range->x(), m_range->y(), m_chartView->size());
    if (wasFollowing != m_range->isFollowing()) {
        Q_EMIT followingChanged(m_range->isFollowing());
    }
    scheduleRedraw();  // re-slice and re-decimate: a zoomed view shows full detail
}

void CurveChartWidget::zoomToViewportRect(const QRectF& rect) {
    constexpr double kMinDragPixels = 5.0;  // a thinner drag zooms the other axis only
    const QRectF chartRect(toChartPos(rect.topLeft()), toChartPos(rect.bottomRight()));
    changeView([&] {
        m_range->zoomToChartRect(chartRect, m_chart->plotArea(), rect.width() >= kMinDragPixels,
                                 rect.height() >= kMinDragPixels);
    });
}

void CurveChartWidget::zoomAtViewport(const QPointF& viewportPos, double factorX, double factorY) {
    changeView(
        [&] { m_range->zoomAt(toChartPos(viewportPos), factorX, factorY, m_chart->plotArea()); });
}

void CurveChartWidget::panByViewport(const QPointF& delta) {
    changeView([&] { m_range->panByPixels(delta, m_chart->plotArea()); });
}

QPointF CurveChartWidget::toChartPos(const QPointF& viewportPos) const {
    return m_chart->mapFromScene(m_chartView->mapToScene(viewportPos.toPoint()));
}

void CurveChartWidget::scheduleRedraw() {
    if (!m_redrawTimer.isActive()) {
        m_redrawTimer.start();  // never restarted by later changes, so a steady stream still draws
    }
}

void CurveChartWidget::flush() {
    if (m_redrawTimer.isActive()) {
        redraw();
    }
}

void CurveChartWidget::redraw() {
    m_redrawTimer.stop();
    ++m_redrawCount;
    // Debiased EMA values are convex combinations of raw values, so raw spans cover both curves.
    AxisSpan dataX;
    AxisSpan dataY;
    for (const auto& trace : m_entries) {
        if (trace->isDrawn()) {
            dataX.include(trace->data().xSpan(m_xMode));
            dataY.include(trace->data().ySpan(m_range->isLogY()));
        }
    }
    for (const auto& band : m_bands) {
        if (band->isShown()) {
            dataX.include(band->xSpan(m_xMode));
            dataY.include(band->ySpan(m_range->isLogY()));
        }
    }
    m_range->fitTo(dataX, dataY);
    m_axes->setRanges(m_range->x(), m_range->y(), m_chartView->size());
    for (const auto& band : m_bands) {
        band->draw(m_xMode, m_range->isLogY());
    }
    for (const auto& trace : m_entries) {
        trace->draw(m_xMode, m_range->isLogY(), m_range->x(), kMaxDrawPoints);
    }
    if (m_hover->isVisible()) {
        updateHover(m_hoverPos);  // the data under a resting cursor may have changed
    }
}

QWidget* CurveChartWidget::chartViewport() const {
    return m_chartView->viewport();
}

void CurveChartWidget::updateHover(const QPointF& viewportPos) {
    m_hoverPos = viewportPos;
    const QRectF plot = m_chart->plotArea();
    const QPointF chartPos = toChartPos(viewportPos);
    QVector<CurveReadout::Source> sources;
    for (const auto& trace : m_entries) {
        if (trace->isDrawn()) {
            sources.push_back({trace->label(), trace->color(), trace->style(), &trace->data()});
        }
    }
    const CurveReadout readout =
        plot.contains(chartPos)
            ? CurveReadout::at(sources, m_xMode, m_range->toValue(chartPos, plot).x())
            : CurveReadout{};
    const AxisSpan visibleX = m_range->x();
    if (readout.isEmpty() || readout.snapX() < visibleX.min || readout.snapX() > visibleX.max) {
        hideHover();  // nothing stored inside the visible window near the cursor
        return;
    }
    QVector<CurveHoverOverlay::Dot> dots;
    for (const CurveReadout::Row& row : readout.rows()) {
        if (std::isfinite(row.smoothed) && (!m_range->isLogY() || row.smoothed > 0.0)) {
            const QPointF value(CurveSeriesData::xOf(row.point, m_xMode), row.smoothed);
            dots.push_back({m_range->toChart(value, plot), row.color});
        }
    }
    const bool showRaw = m_smoothing > 0.0;
    m_hoverText = readout.plainText(showRaw);
    const double trackerX = m_range->toChart(QPointF(readout.snapX(), m_range->y().max), plot).x();
    m_hover->show(trackerX, plot, dots, readout.html(showRaw), viewportPos);
}

void CurveChartWidget::hideHover() {
    m_hover->hide();
    m_hoverText.clear();
}

QRectF CurveChartWidget::prepareExport() {
    if (!m_chartView->isVisible()) {
        // Never shown: the view has not sized the chart yet, so lay it out at the widget size.
        m_chart->resize(QSizeF(std::max(width(), 480), std::max(height(), 320)));
        m_chart->layout()->activate();
        changeView([] {});
    }
    flush();
    return m_chart->mapRectToScene(m_chart->rect());
}

QImage CurveChartWidget::renderImage(double scale) {
    m_chart->legend()->setVisible(true);  // an exported chart carries its own legend
    m_chart->layout()->activate();
    const QRectF source = prepareExport();
    m_hover->setSceneItemsVisible(false);
    QImage image =
        renderSceneImage(m_chart->scene(), source, scale, palette().color(QPalette::Base));
    m_hover->setSceneItemsVisible(true);
    m_chart->legend()->setVisible(m_builtInLegend);
    return image;
}

bool CurveChartWidget::exportPng(const QString& path, double scale) {
    const QImage image = renderImage(scale);
    return !image.isNull() && image.save(path, "PNG");
}

bool CurveChartWidget::exportSvg(const QString& path) {
    m_chart->legend()->setVisible(true);
    m_chart->layout()->activate();
    const QRectF source = prepareExport();
    m_hover->setSceneItemsVisible(false);
    const bool ok = writeSceneSvg(m_chart->scene(), source, path, m_title, accessibleDescription());
    m_hover->setSceneItemsVisible(true);
    m_chart->legend()->setVisible(m_builtInLegend);
    return ok;
}

bool CurveChartWidget::exportCsv(const QString& path) {
    QVector<CsvCurve> curves;
    for (const auto& trace : m_entries) {
        if (trace->isShown()) {
            curves.push_back({trace->key(), trace->label(), &trace->data()});
        }
    }
    return writeCurvesCsv(path, curves);
}

QVector<double> CurveChartWidget::smoothEma(const QVector<double>& values, double weight) {
    EmaSmoother smoother(weight);
    QVector<double> out;
    out.reserve(values.size());
    for (double v : values) {
        out.push_back(smoother.push(v));
    }
    return out;
}

QVector<QPointF> CurveChartWidget::decimate(const QVector<QPointF>& points, int maxPoints) {
    return decimateMinMax(points, maxPoints);
}

void CurveChartWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyTheme();  // a font change is the presentation zoom: chart texts follow it
    }
}

void CurveChartWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateLegendWidths();
    scheduleRedraw();  // tick spacing follows the size
}

void CurveChartWidget::applyTheme() {
    const QPalette pal = palette();
    m_dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    m_chart->setBackgroundBrush(base);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setTitleBrush(text);
    m_chart->legend()->setLabelColor(text);
    // Chart texts follow the widget's font (QtCharts' theme fonts would not follow the zoom).
    m_chart->legend()->setFont(font());
    QFont titleFont = font();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    for (QAbstractAxis* axis : m_chart->axes()) {
        axis->setLabelsFont(font());
        axis->setTitleFont(font());
    }
    m_chartView->setBackgroundBrush(base);
    m_axes->setColors(text, base, m_dark);
    m_hover->applyPalette(pal);
    for (const auto& trace : m_entries) {
        trace->syncLegend(pal);
    }
}

void CurveChartWidget::updateAccessibleDescription() {
    QStringList curves;
    for (const auto& trace : m_entries) {
        const QString style = trace->style() == Qt::SolidLine ? tr("solid") : tr("dashed");
        curves.push_back(tr("%1 (%2 line)").arg(trace->label(), style));
    }
    const QString description =
        tr("Curves: %1. Drag to zoom, right-drag or Shift+drag to pan, wheel to zoom, "
           "double-click or Home to follow the data again.")
            .arg(curves.isEmpty() ? tr("none") : curves.join(QStringLiteral(", ")));
    setAccessibleDescription(description);
    m_chartView->setAccessibleDescription(description);
}

}  // namespace fpt::widgets
