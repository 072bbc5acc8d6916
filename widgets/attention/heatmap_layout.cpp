// SPDX-License-Identifier: MIT
// Heatmap geometry: the matrix takes what the labels, titles and colour bar leave, with square
// cells by default; label strides come from how many pixels one label needs versus one cell.
#include "widgets/attention/heatmap_layout.h"

#include <QtMath>

#include <cmath>

namespace fpt::widgets {

namespace {

constexpr double kMaxStride = 1e9;

}  // namespace

HeatmapLayout::HeatmapLayout(const QSizeF& size, const QFontMetricsF& metrics, const Input& input)
    : m_rows(input.rows)
    , m_cols(input.cols) {
    if (input.rows <= 0 || input.cols <= 0) {
        return;
    }
    m_lineHeight = metrics.height();
    m_pad = std::round(m_lineHeight * 0.5);
    m_tick = std::round(m_lineHeight * 0.3);
    const double margin = m_pad * 0.5;

    m_top = margin;
    if (input.hasTitle) {
        m_title = QRectF(margin, m_top, size.width() - 2 * margin, m_lineHeight);
        m_top += m_lineHeight + margin;
    }
    m_bottom = margin;
    if (input.hasStatusLine) {
        m_bottom += m_lineHeight + margin;
    }
    if (input.hasColumnTitle) {
        m_bottom += m_lineHeight;
    }
    m_left = margin + (input.hasRowTitle ? m_lineHeight + margin : 0.0) + input.maxRowLabelWidth +
             m_tick + margin;
    m_right = m_pad + m_lineHeight * 0.8 + m_tick + input.colorBarLabelWidth + margin;

    const int period = qMax(1, input.labelPeriod);
    // Horizontal column labels first; rotate them when that shows more of them.
    placeCells(size, input, m_lineHeight + m_tick);
    if (isEmpty()) {
        return;
    }
    const int horizontalStride =
        niceStride((input.maxColumnLabelWidth + m_pad) / m_cellWidth, period);
    const int verticalStride = niceStride(m_lineHeight * 1.1 / m_cellWidth, period);
    m_columnStride = horizontalStride;
    if (horizontalStride > verticalStride) {
        m_rotated = true;
        placeCells(size, input, input.maxColumnLabelWidth + 2 * m_tick);
        if (isEmpty()) {
            return;
        }
        m_columnStride = niceStride(m_lineHeight * 1.1 / m_cellWidth, period);
    }
    m_rowStride = niceStride(m_lineHeight * 1.05 / m_cellHeight, period);
}

void HeatmapLayout::placeCells(const QSizeF& size, const Input& input, double columnLabelHeight) {
    const double availableWidth = size.width() - m_left - m_right;
    const double availableHeight = size.height() - m_top - m_bottom - columnLabelHeight;
    if (availableWidth < 4.0 || availableHeight < 4.0) {
        m_matrix = QRectF();
        return;
    }
    m_cellWidth = availableWidth / input.cols;
    m_cellHeight = availableHeight / input.rows;
    if (input.squareCells) {
        m_cellWidth = m_cellHeight = qMin(m_cellWidth, m_cellHeight);
    }
    const double width = m_cellWidth * input.cols;
    const double height = m_cellHeight * input.rows;
    m_originX = std::floor((size.width() - (m_left + width + m_right)) / 2.0);
    m_matrix = QRectF(m_originX + m_left, m_top, width, height);

    const double margin = m_pad * 0.5;
    m_rowTitle = QRectF(m_originX + margin, m_top, m_lineHeight, height);
    m_columnTitle = QRectF(m_matrix.left(), m_matrix.bottom() + columnLabelHeight, width,
                           input.hasColumnTitle ? m_lineHeight : 0.0);
    m_colorBar = QRectF(m_matrix.right() + m_pad, m_top, m_lineHeight * 0.8, height);
    // The hover read-out sits right under the axis, not at the far bottom of a tall widget.
    m_status = input.hasStatusLine ? QRectF(margin, m_columnTitle.bottom() + margin * 0.5,
                                            size.width() - 2 * margin, m_lineHeight)
                                   : QRectF();
}

int HeatmapLayout::niceStride(double raw, int period) {
    if (!(raw > 1.0)) {
        return 1;
    }
    if (period > 1) {
        for (int divisor = 2; divisor <= period; ++divisor) {
            if (period % divisor == 0 && divisor >= raw) {
                return divisor;
            }
        }
        const double multiple = niceStride(raw / period);
        return multiple * period < kMaxStride ? static_cast<int>(multiple) * period
                                              : static_cast<int>(kMaxStride);
    }
    for (double base = 1.0; base < kMaxStride; base *= 10.0) {
        for (const double mantissa : {1.0, 2.0, 5.0}) {
            if (mantissa * base >= raw) {
                return static_cast<int>(mantissa * base);
            }
        }
    }
    return static_cast<int>(kMaxStride);
}

QRectF HeatmapLayout::cellRect(int row, int col) const {
    return {m_matrix.left() + col * m_cellWidth, m_matrix.top() + row * m_cellHeight, m_cellWidth,
            m_cellHeight};
}

bool HeatmapLayout::hitTest(const QPointF& point, int* row, int* col) const {
    if (isEmpty() || !m_matrix.contains(point)) {
        return false;
    }
    *col = qBound(0, static_cast<int>((point.x() - m_matrix.left()) / m_cellWidth), m_cols - 1);
    *row = qBound(0, static_cast<int>((point.y() - m_matrix.top()) / m_cellHeight), m_rows - 1);
    return true;
}

}  // namespace fpt::widgets
