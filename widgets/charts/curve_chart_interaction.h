// SPDX-License-Identifier: MIT
// Mouse, wheel and keyboard handling for a curve chart, turned into zoom/pan/hover intents.
// It never touches axes itself, so the chart stays the one owner of its view range.
#pragma once

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QRectF>

QT_FORWARD_DECLARE_CLASS(QChartView)
QT_FORWARD_DECLARE_CLASS(QKeyEvent)
QT_FORWARD_DECLARE_CLASS(QMouseEvent)
QT_FORWARD_DECLARE_CLASS(QRubberBand)
QT_FORWARD_DECLARE_CLASS(QWheelEvent)

namespace fpt::widgets {

/// Event filter on a QChartView (and its viewport). Gestures, all in viewport pixels:
/// left-drag draws a rubber band and asks to zoom to it; right-, middle- or Shift+left-drag pans;
/// the wheel zooms about the cursor (Ctrl+wheel: x only); double-click, Home or 0 asks to reset;
/// + and - zoom about the centre; arrow keys pan by a tenth. Presses outside the plot area are
/// left to the view, so legend markers stay clickable. Lives on the GUI thread; child of view.
class CurveChartInteraction : public QObject {
    Q_OBJECT

public:
    explicit CurveChartInteraction(QChartView* view);

Q_SIGNALS:
    /// The user finished a rubber band (normalised, viewport pixels).
    void zoomRectRequested(const QRectF& viewportRect);
    /// Scale both ranges about a viewport position; factors < 1 zoom in.
    void zoomRequested(const QPointF& viewportPos, double factorX, double factorY);
    /// Move the content by a drag of delta viewport pixels.
    void panRequested(const QPointF& delta);
    /// Return to auto-range (follow) mode.
    void resetRequested();
    /// The cursor rests over the plot area at this viewport position (no button held).
    void hoverMoved(const QPointF& viewportPos);
    /// The cursor left the plot area, or a drag began.
    void hoverLeft();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class Drag { None, Zoom, Pan };

    bool insidePlot(const QPoint& viewportPos) const;
    bool mousePress(QMouseEvent* event);
    bool mouseMove(QMouseEvent* event);
    bool mouseRelease(QMouseEvent* event);
    bool wheel(QWheelEvent* event);
    bool key(QKeyEvent* event);

    QChartView* m_view = nullptr;
    QRubberBand* m_rubberBand = nullptr;
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    QPoint m_lastPos;
};

}  // namespace fpt::widgets
