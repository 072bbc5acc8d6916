// SPDX-License-Identifier: MIT
// HeatmapWidget: data, colour scale, hover/click hit tests and PNG/SVG export. Painting is shared
// by the screen and both exports so an exported figure looks exactly like the widget.
#include "widgets/attention/heatmap_widget.h"

#include <QMouseEvent>
#include <QPainter>

#include <cmath>
#include <limits>

namespace fpt::widgets {

namespace {

constexpr int kLabelChars = 10;  // labels longer than this many digits' width are elided

}  // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setAutoFillBackground(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

bool HeatmapWidget::setMatrix(int rows, int cols, const QVector<float>& values) {
    if (rows <= 0 || cols <= 0 || values.size() != static_cast<qsizetype>(rows) * cols) {
        clear();
        return false;
    }
    const bool shapeChanged = rows != m_rows || cols != m_cols;
    m_rows = rows;
    m_cols = cols;
    m_values = values;
    if (shapeChanged) {
        m_hoverRow = m_hoverCol = -1;
        invalidateLayout();
    }
    if (m_autoRange) {
        updateAutoRange();
        invalidateLayout();  // colour-bar label widths may change
    }
    rebuildImage();
    update();
    return true;
}

void HeatmapWidget::clear() {
    m_rows = m_cols = 0;
    m_values.clear();
    m_image = QImage();
    m_scaledImage = QImage();
    m_hoverRow = m_hoverCol = -1;
    invalidateLayout();
    update();
}

float HeatmapWidget::value(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_rows || col >= m_cols) {
        return std::numeric_limits<float>::quiet_NaN();
    }
    return m_values[static_cast<qsizetype>(row) * m_cols + col];
}

void HeatmapWidget::setColorMap(ColorMapKind kind) {
    if (kind == m_colorMap.kind()) {
        return;
    }
    m_colorMap = ColorMap(kind);
    if (m_autoRange) {
        updateAutoRange();
    }
    invalidateLayout();
    rebuildImage();
    update();
}

void HeatmapWidget::setValueRange(float lo, float hi) {
    m_autoRange = false;
    m_lo = lo;
    m_hi = hi;
    invalidateLayout();
    rebuildImage();
    update();
}

void HeatmapWidget::setAutoRange() {
    m_autoRange = true;
    updateAutoRange();
    invalidateLayout();
    rebuildImage();
    update();
}

void HeatmapWidget::setColorScale(ColorScale scale) {
    if (scale == m_scale) {
        return;
    }
    m_scale = scale;
    invalidateLayout();
    rebuildImage();
    update();
}

float HeatmapWidget::fractionOf(float value) const {
    if (std::isnan(value)) {
        return value;
    }
    if (isLog()) {
        const float floor = logFloor();
        const float logValue = std::log10(qMax(value, floor));
        return (logValue - std::log10(floor)) / (std::log10(m_hi) - std::log10(floor));
    }
    return m_hi > m_lo ? (value - m_lo) / (m_hi - m_lo) : 0.5F;
}

void HeatmapWidget::setLabelPeriod(int period) {
    m_labelPeriod = qMax(1, period);
    invalidateLayout();
    update();
}

void HeatmapWidget::setRowLabels(const QStringList& labels) {
    m_rowLabels = labels;
    invalidateLayout();
    update();
}

void HeatmapWidget::setColumnLabels(const QStringList& labels) {
    m_columnLabels = labels;
    invalidateLayout();
    update();
}

void HeatmapWidget::setAxisTitles(const QString& rowTitle, const QString& columnTitle) {
    m_rowTitle = rowTitle;
    m_columnTitle = columnTitle;
    invalidateLayout();
    update();
}

void HeatmapWidget::setTitle(const QString& title) {
    if (title == m_title) {
        return;
    }
    m_title = title;
    invalidateLayout();
    update();
}

void HeatmapWidget::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    update();
}

void HeatmapWidget::setMarkedRow(int row) {
    m_markedRow = row;
    update();
}

QRectF HeatmapWidget::matrixRect() const {
    return currentLayout().matrix();
}

QRectF HeatmapWidget::cellRect(int row, int col) const {
    return currentLayout().cellRect(row, col);
}

QPoint HeatmapWidget::cellCenter(int row, int col) const {
    return cellRect(row, col).center().toPoint();
}

int HeatmapWidget::rowLabelStride() const {
    return currentLayout().rowStride();
}

int HeatmapWidget::columnLabelStride() const {
    return currentLayout().columnStride();
}

bool HeatmapWidget::columnLabelsRotated() const {
    return currentLayout().columnLabelsRotated();
}

QVector<int> HeatmapWidget::visibleRowLabels() const {
    QVector<int> out;
    if (!currentLayout().isEmpty()) {
        for (int i = 0; i < m_rows; i += rowLabelStride()) {
            out.append(i);
        }
    }
    return out;
}

QVector<int> HeatmapWidget::visibleColumnLabels() const {
    QVector<int> out;
    if (!currentLayout().isEmpty()) {
        for (int i = 0; i < m_cols; i += columnLabelStride()) {
            out.append(i);
        }
    }
    return out;
}

QString HeatmapWidget::hoverText() const {
    if (m_hoverRow < 0) {
        return {};
    }
    return rowLabel(m_hoverRow) % QStringLiteral(" \u2192 ") % columnLabel(m_hoverCol) %
           QStringLiteral(": ") % QString::number(value(m_hoverRow, m_hoverCol), 'g', 4);
}

QSize HeatmapWidget::sizeHint() const {
    // Wide, and not tall: in a scroll area the hint height is what a narrow dock asks for, and
    // a tall hint pushed the probe image under the fold. The map grows into any room (Expanding).
    const int line = fontMetrics().height();
    return {line * 26, line * 12};
}

QSize HeatmapWidget::minimumSizeHint() const {
    // Small enough that two maps fit side by side in a ~545 px dock at presentation zoom; they
    // grow with the dock beyond it.
    const int line = fontMetrics().height();
    return {line * 9, line * 8};
}

void HeatmapWidget::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.setFont(font());
    paintAll(painter, currentLayout(), size(), CellMode::Raster, true);
}

void HeatmapWidget::resizeEvent(QResizeEvent* event) {
    invalidateLayout();
    QWidget::resizeEvent(event);
}

void HeatmapWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::StyleChange) {
        invalidateLayout();
        update();
    }
    QWidget::changeEvent(event);
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* event) {
    int row = -1;
    int col = -1;
    if (currentLayout().hitTest(event->position(), &row, &col)) {
        setHover(row, col);
    } else {
        setHover(-1, -1);
    }
    QWidget::mouseMoveEvent(event);
}

void HeatmapWidget::mousePressEvent(QMouseEvent* event) {
    int row = -1;
    int col = -1;
    if (event->button() == Qt::LeftButton &&
        currentLayout().hitTest(event->position(), &row, &col)) {
        Q_EMIT cellClicked(row, col, value(row, col));
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void HeatmapWidget::leaveEvent(QEvent* event) {
    setHover(-1, -1);
    QWidget::leaveEvent(event);
}

HeatmapLayout HeatmapWidget::layoutFor(const QSizeF& size, const QFontMetricsF& metrics) const {
    HeatmapLayout::Input input;
    input.rows = m_rows;
    input.cols = m_cols;
    for (int r = 0; r < m_rows; ++r) {
        input.maxRowLabelWidth =
            qMax(input.maxRowLabelWidth, metrics.horizontalAdvance(elided(rowLabel(r), metrics)));
    }
    for (int c = 0; c < m_cols; ++c) {
        input.maxColumnLabelWidth = qMax(
            input.maxColumnLabelWidth, metrics.horizontalAdvance(elided(columnLabel(c), metrics)));
    }
    for (const float v : colorBarTicks()) {
        input.colorBarLabelWidth =
            qMax(input.colorBarLabelWidth, metrics.horizontalAdvance(rangeText(v)));
    }
    input.labelPeriod = m_labelPeriod;
    input.hasTitle = !m_title.isEmpty();
    input.hasRowTitle = !m_rowTitle.isEmpty();
    input.hasColumnTitle = !m_columnTitle.isEmpty();
    return {size, metrics, input};
}

const HeatmapLayout& HeatmapWidget::currentLayout() const {
    if (!m_layoutValid) {
        m_layout = layoutFor(size(), QFontMetricsF(font(), this));
        m_layoutValid = true;
    }
    return m_layout;
}

void HeatmapWidget::invalidateLayout() {
    m_layoutValid = false;
    m_scaledImage = QImage();
}

void HeatmapWidget::rebuildImage() {
    m_scaledImage = QImage();
    if (m_rows <= 0) {
        m_image = QImage();
        return;
    }
    m_image = QImage(m_cols, m_rows, QImage::Format_RGB32);
    const float* src = m_values.constData();
    for (int r = 0; r < m_rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(r));
        for (int c = 0; c < m_cols; ++c) {
            line[c] = m_colorMap.atFraction(fractionOf(*src++));
        }
    }
}

void HeatmapWidget::updateAutoRange() {
    float lo = std::numeric_limits<float>::infinity();
    float hi = -lo;
    for (const float v : std::as_const(m_values)) {
        if (std::isfinite(v)) {
            lo = qMin(lo, v);
            hi = qMax(hi, v);
        }
    }
    if (lo > hi) {  // no finite value
        lo = 0.0F;
        hi = 1.0F;
    } else if (m_colorMap.kind() == ColorMapKind::Diverging) {
        const float extent = qMax(std::abs(lo), std::abs(hi));
        hi = extent > 0.0F ? extent : 1.0F;
        lo = -hi;
    } else if (lo == hi) {
        lo -= 0.5F;
        hi += 0.5F;
    }
    m_lo = lo;
    m_hi = hi;
}

void HeatmapWidget::setHover(int row, int col) {
    if (row == m_hoverRow && col == m_hoverCol) {
        return;
    }
    m_hoverRow = row;
    m_hoverCol = col;
    update();
    if (row >= 0) {
        Q_EMIT cellHovered(row, col, value(row, col));
    } else {
        Q_EMIT hoverCleared();
    }
}

QString HeatmapWidget::rowLabel(int row) const {
    if (row < 0 || row >= m_rows) {
        return {};
    }
    return m_rowLabels.size() == m_rows ? m_rowLabels.at(row) : QString::number(row);
}

QString HeatmapWidget::columnLabel(int col) const {
    if (col < 0 || col >= m_cols) {
        return {};
    }
    return m_columnLabels.size() == m_cols ? m_columnLabels.at(col) : QString::number(col);
}

QString HeatmapWidget::elided(const QString& text, const QFontMetricsF& metrics) const {
    const double maxWidth = metrics.horizontalAdvance(QLatin1Char('0')) * kLabelChars;
    if (metrics.horizontalAdvance(text) <= maxWidth) {
        return text;
    }
    return metrics.elidedText(text, Qt::ElideRight, maxWidth);
}

bool HeatmapWidget::isLog() const {
    return m_scale == ColorScale::Log && m_colorMap.kind() == ColorMapKind::Sequential &&
           m_hi > 0.0F && logFloor() < m_hi;
}

float HeatmapWidget::logFloor() const {
    return m_lo > 0.0F ? m_lo : m_hi / 1000.0F;
}

QVector<float> HeatmapWidget::colorBarTicks() const {
    if (isLog()) {
        return {logFloor(), std::sqrt(logFloor() * m_hi), m_hi};
    }
    return {m_lo, (m_lo + m_hi) / 2.0F, m_hi};
}

QString HeatmapWidget::rangeText(float v) const {
    return QString::number(static_cast<double>(v), 'g', 3);
}

}  // namespace fpt::widgets
