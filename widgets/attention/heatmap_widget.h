// SPDX-License-Identifier: MIT
// A rows x cols float matrix drawn as coloured cells with thinned axis labels, a colour bar and a
// hover read-out. Renders the matrix into a QImage once per data change, so 1024 x 1024 stays fast.
#pragma once

#include "widgets/common/color_map.h"
#include "widgets/attention/heatmap_layout.h"

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QPainter;

namespace fpt::widgets {

/// Heatmap of a row-major float matrix; row = y (top to bottom), column = x (left to right).
class HeatmapWidget : public QWidget {
    Q_OBJECT

public:
    explicit HeatmapWidget(QWidget* parent = nullptr);

    /// Shows a rows x cols matrix (row-major). Returns false, and shows nothing, when
    /// values.size() != rows * cols or a dimension is not positive.
    bool setMatrix(int rows, int cols, const QVector<float>& values);
    void clear();

    int rows() const { return m_rows; }

    int columns() const { return m_cols; }

    const QVector<float>& values() const { return m_values; }

    /// Value at (row, col); NaN when out of range.
    float value(int row, int col) const;

    void setColorMap(ColorMapKind kind);

    ColorMapKind colorMapKind() const { return m_colorMap.kind(); }

    /// Fixed colour scale [lo, hi]; values outside are clamped to the end colours.
    void setValueRange(float lo, float hi);
    /// Scale from the data: [min, max] (sequential) or [-max|v|, +max|v|] (diverging).
    void setAutoRange();

    bool isAutoRange() const { return m_autoRange; }

    /// Linear or log colour scale; Log applies to the sequential map only and spans
    /// [max(lo, hi / 1000), hi] (smaller values get the lowest colour).
    void setColorScale(ColorScale scale);

    ColorScale colorScale() const { return m_scale; }

    /// Position of a value on the colour scale, in [0, 1] (NaN for NaN).
    float fractionOf(float value) const;

    float rangeMin() const { return m_lo; }

    float rangeMax() const { return m_hi; }

    /// Per-row / per-column tick labels; a list of the wrong length falls back to indices.
    void setRowLabels(const QStringList& labels);
    void setColumnLabels(const QStringList& labels);
    /// Axis titles, e.g. "query token" (rows) and "key token" (columns); empty hides them.
    void setAxisTitles(const QString& rowTitle, const QString& columnTitle);
    /// Tokens come in rows of `period` (an image's patch-grid width): label strides then divide
    /// it or are multiples of it, so shown labels start image rows. 1 = plain 1-2-5 strides.
    void setLabelPeriod(int period);
    void setTitle(const QString& title);

    QString title() const { return m_title; }

    /// Text drawn in place of the matrix when there is none (e.g. "no snapshot yet").
    void setPlaceholderText(const QString& text);
    /// Outlines one row (e.g. the query token drawn over an image); -1 for none.
    void setMarkedRow(int row);

    int markedRow() const { return m_markedRow; }

    /// Geometry in widget coordinates, for tests and for linking views to cells.
    QRectF matrixRect() const;
    QRectF cellRect(int row, int col) const;
    QPoint cellCenter(int row, int col) const;
    int rowLabelStride() const;
    int columnLabelStride() const;
    bool columnLabelsRotated() const;
    /// Indices of the row / column labels that are drawn at the current size.
    QVector<int> visibleRowLabels() const;
    QVector<int> visibleColumnLabels() const;

    /// The matrix as an image, one pixel per cell (cols x rows).
    const QImage& matrixImage() const { return m_image; }

    /// The label shown for a row / column (its index when no labels were set).
    QString rowLabel(int row) const;
    QString columnLabel(int col) const;

    /// "row label → column label: value" for the hovered cell; empty when not hovering.
    QString hoverText() const;

    int hoveredRow() const { return m_hoverRow; }

    int hoveredColumn() const { return m_hoverCol; }

    /// Writes the widget at scale x its size (labels and all). False when the file can't be
    /// written.
    bool exportPng(const QString& path, double scale = 2.0) const;
    /// SVG: cells as rectangles for small matrices, one embedded image above 64 x 64 cells.
    bool exportSvg(const QString& path) const;
    /// Paints the heatmap into size (logical pixels), e.g. to compose several into one export.
    void paintHeatmap(QPainter& painter, const QSizeF& size) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The pointer moved onto a different cell.
    void cellHovered(int row, int column, float value);
    /// The pointer left the matrix.
    void hoverCleared();
    /// Left click on a cell (e.g. pick the query token).
    void cellClicked(int row, int column, float value);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    // Raster: on screen / PNG; SvgImage: one embedded full-resolution image; SvgCells: one rect per
    // cell.
    enum class CellMode { Raster, SvgImage, SvgCells };

    HeatmapLayout layoutFor(const QSizeF& size, const QFontMetricsF& metrics) const;
    const HeatmapLayout& currentLayout() const;
    void invalidateLayout();
    void rebuildImage();
    void updateAutoRange();
    void setHover(int row, int col);
    QString elided(const QString& text, const QFontMetricsF& metrics) const;
    QString rangeText(float v) const;
    bool isLog() const;
    float logFloor() const;
    QVector<float> colorBarTicks() const;

    void paintAll(QPainter& painter,
                  const HeatmapLayout& layout,
                  const QSizeF& size,
                  CellMode mode,
                  bool withHover) const;
    void paintCells(QPainter& painter, const HeatmapLayout& layout, CellMode mode) const;
    void paintLabels(QPainter& painter, const HeatmapLayout& layout) const;
    void paintColorBar(QPainter& painter, const HeatmapLayout& layout) const;
    void paintMarks(QPainter& painter, const HeatmapLayout& layout, bool withHover) const;
    void paintStatus(QPainter& painter, const HeatmapLayout& layout, bool withHover) const;

    int m_rows = 0;
    int m_cols = 0;
    QVector<float> m_values;
    QImage m_image;                // cols x rows, RGB32
    mutable QImage m_scaledImage;  // smooth downscale of m_image for the last target size
    ColorMap m_colorMap;
    bool m_autoRange = true;
    ColorScale m_scale = ColorScale::Linear;
    int m_labelPeriod = 1;
    float m_lo = 0.0F;
    float m_hi = 1.0F;
    QStringList m_rowLabels;
    QStringList m_columnLabels;
    QString m_rowTitle;
    QString m_columnTitle;
    QString m_title;
    QString m_placeholder;
    int m_markedRow = -1;
    int m_hoverRow = -1;
    int m_hoverCol = -1;
    mutable HeatmapLayout m_layout;
    mutable bool m_layoutValid = false;
};

}  // namespace fpt::widgets
