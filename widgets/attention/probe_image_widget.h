// SPDX-License-Identifier: MIT
// The probe image of an image task with its patch grid: outlines the query and key patches of a
// hovered attention cell, and tints every patch by one query's attention (what BertViz can't show).
#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

namespace fpt::widgets {

/// Token t is the patch at grid row t / gridCols, column t % gridCols (row-major, as the FPT code
/// flattens patches); tokens past the grid (none in the paper's tasks) have no rectangle.
class ProbeImageWidget : public QWidget {
    Q_OBJECT

public:
    explicit ProbeImageWidget(QWidget* parent = nullptr);

    /// gridRows / gridCols of 0 are derived from the image size and patchSize.
    void setProbe(const QImage& image, int patchSize, int gridRows, int gridCols);
    void clear();

    bool hasImage() const { return !m_image.isNull(); }

    int gridRows() const { return m_gridRows; }

    int gridCols() const { return m_gridCols; }

    /// Outlines the query patch (solid) and the key patch (dashed); -1 hides either.
    void setHighlight(int queryToken, int keyToken);
    void clearHighlight();

    int highlightedQuery() const { return m_query; }

    int highlightedKey() const { return m_key; }

    /// Tints patch t by weights[t] / max(weights) (transparent at 0): one query's attention.
    /// queryLabel names the query in the legend (its index when empty).
    void setOverlay(const QVector<float>& weights, int queryToken, const QString& queryLabel = {});
    void clearOverlay();

    bool hasOverlay() const { return !m_overlay.isEmpty(); }

    const QVector<float>& overlay() const { return m_overlay; }

    int overlayQuery() const { return m_overlayQuery; }

    /// Where the image and one token's patch are drawn, in widget coordinates.
    QRectF imageRect() const;
    QRectF patchRect(int token) const;

    /// Outline colours, chosen to stand out on grey digits and on the viridis tint.
    static QColor queryColor();
    static QColor keyColor();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// Left click on a patch: e.g. make it the query whose attention is drawn.
    void patchClicked(int token);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int tokenAt(const QPointF& point) const;
    void paintOverlay(QPainter& painter) const;
    void paintGrid(QPainter& painter) const;
    void paintOutline(QPainter& painter, int token, const QColor& color, Qt::PenStyle style) const;
    void paintLegend(QPainter& painter) const;
    double legendHeight() const;

    QImage m_image;  // RGB32 copy of the probe image
    int m_patchSize = 0;
    int m_gridRows = 0;
    int m_gridCols = 0;
    int m_query = -1;
    int m_key = -1;
    QVector<float> m_overlay;
    int m_overlayQuery = -1;
    QString m_overlayLabel;
};

}  // namespace fpt::widgets
