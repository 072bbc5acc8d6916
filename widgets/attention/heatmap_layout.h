// SPDX-License-Identifier: MIT
// Where each part of a heatmap goes for a given size and font: title, matrix, thinned axis labels,
// axis titles, colour bar and hover line. Pure geometry, so painting and hit tests agree.
#pragma once

#include <QFontMetricsF>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace fpt::widgets {

/// Geometry of one heatmap; recomputed whenever size, font, matrix shape or labels change.
class HeatmapLayout {
public:
    /// What the layout depends on besides size and font (label widths are already elided).
    struct Input {
        int rows = 0;
        int cols = 0;
        double maxRowLabelWidth = 0.0;
        double maxColumnLabelWidth = 0.0;
        double colorBarLabelWidth = 0.0;
        bool hasTitle = false;
        bool hasRowTitle = false;
        bool hasColumnTitle = false;
        bool hasStatusLine = true;
        bool squareCells = true;
        int labelPeriod = 1;  // e.g. the patch-grid width: strides then divide or are multiples
    };

    HeatmapLayout() = default;
    HeatmapLayout(const QSizeF& size, const QFontMetricsF& metrics, const Input& input);

    /// Smallest stride in {1, 2, 5} x 10^k that is >= raw: labels then sit at round indices.
    /// With period > 1 (tokens laid out in rows of `period`), the smallest divisor of period
    /// that is >= raw, else period x a 1-2-5 stride: labels then start image rows (r0c0, r2c0 ...).
    static int niceStride(double raw, int period = 1);

    bool isEmpty() const { return m_matrix.isEmpty(); }

    QRectF title() const { return m_title; }

    QRectF matrix() const { return m_matrix; }

    QRectF rowTitle() const { return m_rowTitle; }

    QRectF columnTitle() const { return m_columnTitle; }

    QRectF colorBar() const { return m_colorBar; }

    QRectF statusLine() const { return m_status; }

    double cellWidth() const { return m_cellWidth; }

    double cellHeight() const { return m_cellHeight; }

    double tickLength() const { return m_tick; }

    /// Show every rowStride()-th row label (and columnStride()-th column label).
    int rowStride() const { return m_rowStride; }

    int columnStride() const { return m_columnStride; }

    /// Column labels are drawn vertically when that lets more of them be read.
    bool columnLabelsRotated() const { return m_rotated; }

    /// Top edge of the column labels (just below the matrix and its ticks).
    double columnLabelTop() const { return m_matrix.bottom() + m_tick; }

    QRectF cellRect(int row, int col) const;

    /// Cell under a point as (row, col); false when the point is outside the matrix.
    bool hitTest(const QPointF& point, int* row, int* col) const;

private:
    void placeCells(const QSizeF& size, const Input& input, double columnLabelHeight);

    QRectF m_title;
    QRectF m_matrix;
    QRectF m_rowTitle;
    QRectF m_columnTitle;
    QRectF m_colorBar;
    QRectF m_status;
    double m_cellWidth = 0.0;
    double m_cellHeight = 0.0;
    double m_lineHeight = 0.0;
    double m_pad = 0.0;
    double m_tick = 0.0;
    double m_top = 0.0;
    double m_left = 0.0;   // width reserved left of the matrix (row title + labels)
    double m_right = 0.0;  // width reserved right of the matrix (colour bar + its labels)
    double m_bottom = 0.0;
    double m_originX = 0.0;  // left edge of the centred block (row title .. colour bar labels)
    int m_rows = 0;
    int m_cols = 0;
    int m_rowStride = 1;
    int m_columnStride = 1;
    bool m_rotated = false;
};

}  // namespace fpt::widgets
