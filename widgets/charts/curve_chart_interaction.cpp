// SPDX-License-Identifier: MIT
// Mouse, wheel and keyboard gestures of a curve chart (see curve_chart_interaction.h).
#include "widgets/charts/curve_chart_interaction.h"

#include <QChart>
#include <QChartView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

#include <cmath>

namespace fpt::widgets {

namespace {

constexpr double kWheelZoomPerNotch = 0.85;  // range factor per 15-degree wheel notch
constexpr double kKeyZoom = 0.8;
constexpr double kKeyPanFraction = 0.1;

}  // namespace

CurveChartInteraction::CurveChartInteraction(QChartView* view)
    : QObject(view)
    , m_view(view)
    , m_rubberBand(new QRubberBand(QRubberBand::Rectangle, view->viewport())) {
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
}

bool CurveChartInteraction::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view) {
        return event->type() == QEvent::KeyPress && key(static_cast<QKeyEvent*>(event));
    }
    switch (event->type()) {
        case QEvent::MouseButtonPress:
            return mousePress(static_cast<QMouseEvent*>(event));
        case QEvent::MouseMove:
            return mouseMove(static_cast<QMouseEvent*>(event));
        case QEvent::MouseButtonRelease:
            return mouseRelease(static_cast<QMouseEvent*>(event));
        case QEvent::MouseButtonDblClick: {
            const auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() == Qt::LeftButton && insidePlot(mouse->position().toPoint())) {
                Q_EMIT resetRequested();
                return true;
            }
            return false;
        }
        case QEvent::Wheel:
            return wheel(static_cast<QWheelEvent*>(event));
        case QEvent::Leave:
            if (m_drag == Drag::None) {
                Q_EMIT hoverLeft();
            }
            return false;
        default:
            return false;
    }
}

bool CurveChartInteraction::insidePlot(const QPoint& viewportPos) const {
    const QPointF chartPos = m_view->chart()->mapFromScene(m_view->mapToScene(viewportPos));
    return m_view->chart()->plotArea().contains(chartPos);
}

bool CurveChartInteraction::mousePress(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (m_drag != Drag::None || !insidePlot(pos)) {
        return false;
    }
    const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
    if (event->button() == Qt::LeftButton && !shift) {
        m_drag = Drag::Zoom;
        m_rubberBand->setGeometry(QRect(pos, QSize()));
        m_rubberBand->show();
    } else if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton ||
               event->button() == Qt::MiddleButton) {
        m_drag = Drag::Pan;
        m_view->viewport()->setCursor(Qt::ClosedHandCursor);
    } else {
        return false;
    }
    m_pressPos = m_lastPos = pos;
    m_view->setFocus(Qt::MouseFocusReason);
    Q_EMIT hoverLeft();
    return true;
}

bool CurveChartInteraction::mouseMove(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    switch (m_drag) {
        case Drag::Zoom:
            m_rubberBand->setGeometry(QRect(m_pressPos, pos).normalized());
            return true;
        case Drag::Pan:
            Q_EMIT panRequested(QPointF(pos - m_lastPos));
            m_lastPos = pos;
            return true;
        case Drag::None:
            break;
    }
    if (insidePlot(pos)) {
        Q_EMIT hoverMoved(QPointF(pos));
    } else {
        Q_EMIT hoverLeft();
    }
    return false;
}

bool CurveChartInteraction::mouseRelease(QMouseEvent* event) {
    const Drag drag = m_drag;
    if (drag == Drag::None) {
        return false;
    }
    m_drag = Drag::None;
    if (drag == Drag::Zoom) {
        m_rubberBand->hide();
        Q_EMIT zoomRectRequested(
            QRectF(QRect(m_pressPos, event->position().toPoint()).normalized()));
    } else {
        m_view->viewport()->unsetCursor();
    }
    return true;
}

bool CurveChartInteraction::wheel(QWheelEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (!insidePlot(pos) || event->angleDelta().y() == 0) {
        return false;
    }
    const double notches = event->angleDelta().y() / 120.0;
    const double factor = std::pow(kWheelZoomPerNotch, notches);
    const bool xOnly = event->modifiers().testFlag(Qt::ControlModifier);
    Q_EMIT zoomRequested(QPointF(pos), factor, xOnly ? 1.0 : factor);
    return true;
}

bool CurveChartInteraction::key(QKeyEvent* event) {
    const QPointF centre = QRectF(m_view->viewport()->rect()).center();
    const QSizeF step = QSizeF(m_view->viewport()->size()) * kKeyPanFraction;
    switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            Q_EMIT zoomRequested(centre, kKeyZoom, kKeyZoom);
            return true;
        case Qt::Key_Minus:
            Q_EMIT zoomRequested(centre, 1.0 / kKeyZoom, 1.0 / kKeyZoom);
            return true;
        case Qt::Key_Left:
            Q_EMIT panRequested(QPointF(step.width(), 0.0));
            return true;
        case Qt::Key_Right:
            Q_EMIT panRequested(QPointF(-step.width(), 0.0));
            return true;
        case Qt::Key_Up:
            Q_EMIT panRequested(QPointF(0.0, step.height()));
            return true;
        case Qt::Key_Down:
            Q_EMIT panRequested(QPointF(0.0, -step.height()));
            return true;
        case Qt::Key_Home:
        case Qt::Key_0:
            Q_EMIT resetRequested();
            return true;
        case Qt::Key_Escape:
            if (m_drag == Drag::Zoom) {
                m_drag = Drag::None;
                m_rubberBand->hide();
                return true;
            }
            return false;
        default:
            return false;
    }
}

}  // namespace fpt::widgets
