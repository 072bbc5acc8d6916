// SPDX-License-Identifier: MIT
// Hover tracker line, dots and read-out label (see curve_hover_overlay.h).
#include "widgets/charts/curve_hover_overlay.h"

#include <QBrush>
#include <QChart>
#include <QChartView>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QLabel>
#include <QPalette>
#include <QPen>

#include <algorithm>

namespace fpt::widgets {

namespace {

constexpr double kDotRadius = 3.5;
constexpr int kLabelOffset = 14;  // pixels between the cursor and the label
constexpr qreal kOverlayZ = 1000.0;

}  // namespace

CurveHoverOverlay::CurveHoverOverlay(QChartView* view)
    : m_view(view)
    , m_line(new QGraphicsLineItem(view->chart()))
    , m_label(new QLabel(view->viewport())) {
    m_line->setZValue(kOverlayZ);
    m_line->hide();
    m_label->setObjectName(QStringLiteral("hoverLabel"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setAutoFillBackground(true);
    m_label->setFrameShape(QFrame::StyledPanel);
    m_label->setMargin(4);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_label->hide();
}

void CurveHoverOverlay::show(double chartX,
                             const QRectF& plotArea,
                             const QVector<Dot>& dots,
                             const QString& html,
                             const QPointF& viewportPos) {
    m_visible = true;
    m_plotArea = plotArea;
    m_line->setLine(chartX, plotArea.top(), chartX, plotArea.bottom());
    m_line->show();
    while (m_dots.size() < dots.size()) {
        auto* dot = new QGraphicsEllipseItem(-kDotRadius, -kDotRadius, 2 * kDotRadius,
                                             2 * kDotRadius, m_view->chart());
        dot->setZValue(kOverlayZ + 1);
        m_dots.push_back(dot);
    }
    m_dotCount = static_cast<int>(dots.size());
    for (int i = 0; i < m_dots.size(); ++i) {
        const bool used = i < dots.size() && plotArea.contains(dots[i].chartPos);
        m_dots[i]->setVisible(used);
        if (used) {
            m_dots[i]->setPos(dots[i].chartPos);
            m_dots[i]->setBrush(dots[i].color);
            m_dots[i]->setPen(QPen(m_line->pen().color(), 1.0));
        }
    }
    m_label->setText(html);
    m_label->adjustSize();
    const QRect area = m_view->viewport()->rect();
    const QSize size = m_label->size();
    int x = static_cast<int>(viewportPos.x()) + kLabelOffset;
    if (x + size.width() > area.right()) {
        x = static_cast<int>(viewportPos.x()) - kLabelOffset - size.width();
    }
    int y = static_cast<int>(viewportPos.y()) + kLabelOffset;
    if (y + size.height() > area.bottom()) {
        y = static_cast<int>(viewportPos.y()) - kLabelOffset - size.height();
    }
    m_label->move(std::max(area.left(), x), std::max(area.top(), y));
    m_label->show();
    m_label->raise();
}

void CurveHoverOverlay::hide() {
    m_visible = false;
    m_line->hide();
    for (QGraphicsEllipseItem* dot : m_dots) {
        dot->hide();
    }
    m_dotCount = 0;
    m_label->hide();
}

void CurveHoverOverlay::setSceneItemsVisible(bool visible) {
    const bool show = visible && m_visible;
    m_line->setVisible(show);
    for (int i = 0; i < m_dotCount; ++i) {
        m_dots[i]->setVisible(show && m_plotArea.contains(m_dots[i]->pos()));
    }
}

void CurveHoverOverlay::applyPalette(const QPalette& palette) {
    QColor lineColor = palette.color(QPalette::Text);
    lineColor.setAlphaF(0.55F);
    QPen pen(lineColor, 1.0, Qt::DashLine);
    pen.setCosmetic(true);
    m_line->setPen(pen);
    QPalette labelPalette = palette;
    // Base/Text rather than ToolTipBase: many dark palettes leave tooltips light yellow.
    QColor background = palette.color(QPalette::Base);
    background.setAlphaF(0.92F);
    labelPalette.setColor(QPalette::Window, background);
    labelPalette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
    m_label->setPalette(labelPalette);
}

}  // namespace fpt::widgets
