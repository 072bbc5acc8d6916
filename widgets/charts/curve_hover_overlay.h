// SPDX-License-Identifier: MIT
// The hover read-out of a curve chart: a vertical tracker line, a dot on each curve and a
// small text box near the cursor. The chart decides the content; this only draws it.
#pragma once

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QVector>

QT_FORWARD_DECLARE_CLASS(QChartView)
QT_FORWARD_DECLARE_CLASS(QGraphicsEllipseItem)
QT_FORWARD_DECLARE_CLASS(QGraphicsLineItem)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QPalette)

namespace fpt::widgets {

/// Tracker line, dots and read-out label over a QChartView. The line and dots are scene items
/// parented to the chart (so they scale with it); the label is a child of the viewport, which
/// keeps it out of exported images. Does not own the view; GUI thread only.
class CurveHoverOverlay {
public:
    /// A dot drawn on a curve at the hovered point (chart coordinates).
    struct Dot {
        QPointF chartPos;
        QColor color;
    };

    explicit CurveHoverOverlay(QChartView* view);

    /// Draws the tracker at chartX inside plotArea, the dots, and the rich-text label near
    /// viewportPos (flipped to stay inside the viewport).
    void show(double chartX,
              const QRectF& plotArea,
              const QVector<Dot>& dots,
              const QString& html,
              const QPointF& viewportPos);

    void hide();

    bool isVisible() const { return m_visible; }

    /// Hides the scene items without forgetting the state, for rendering an export.
    void setSceneItemsVisible(bool visible);

    /// Colours the tracker and label from the widget palette.
    void applyPalette(const QPalette& palette);

private:
    QChartView* m_view = nullptr;
    QGraphicsLineItem* m_line = nullptr;
    QVector<QGraphicsEllipseItem*> m_dots;  // pooled; only the first m_dotCount are shown
    int m_dotCount = 0;
    QRectF m_plotArea;
    QLabel* m_label = nullptr;
    bool m_visible = false;
};

}  // namespace fpt::widgets
