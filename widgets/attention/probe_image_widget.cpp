// SPDX-License-Identifier: MIT
// ProbeImageWidget: nearest-neighbour scaled image (28 x 28 digits stay pixel-sharp), patch grid,
// attention tint and query/key outlines, plus a one-line legend in the palette's text colour.
#include "widgets/attention/probe_image_widget.h"

#include "widgets/common/color_map.h"

#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace fpt::widgets {

namespace {

constexpr double kMinGridSpacing = 6.0;  // px; denser grids (32 x 32 pixel tokens) are not drawn
constexpr int kMaxTintAlpha = 215;

}  // namespace

ProbeImageWidget::ProbeImageWidget(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ProbeImageWidget::setProbe(const QImage& image, int patchSize, int gridRows, int gridCols) {
    m_image = image.isNull() ? QImage() : image.convertToFormat(QImage::Format_RGB32);
    m_patchSize = qMax(patchSize, 1);
    m_gridRows = gridRows > 0 ? gridRows : m_image.height() / m_patchSize;
    m_gridCols = gridCols > 0 ? gridCols : m_image.width() / m_patchSize;
    m_query = m_key = -1;
    m_overlay.clear();
    m_overlayQuery = -1;
    updateGeometry();
    update();
}

void ProbeImageWidget::clear() {
    setProbe(QImage(), 0, 0, 0);
}

void ProbeImageWidget::setHighlight(int queryToken, int keyToken) {
    if (queryToken == m_query && keyToken == m_key) {
        return;
    }
    m_query = queryToken;
    m_key = keyToken;
    update();
}

void ProbeImageWidget::clearHighlight() {
    setHighlight(-1, -1);
}

void ProbeImageWidget::setOverlay(const QVector<float>& weights,
                                  int queryToken,
                                  const QString& queryLabel) {
    m_overlay = weights;
    m_overlayQuery = queryToken;
    m_overlayLabel = queryLabel.isEmpty() ? QString::number(queryToken) : queryLabel;
    update();
}

void ProbeImageWidget::clearOverlay() {
    m_overlay.clear();
    m_overlayQuery = -1;
    update();
}

QRectF ProbeImageWidget::imageRect() const {
    if (m_image.isNull()) {
        return {};
    }
    const QRectF area(0, 0, width(), height() - legendHeight());
    const double scale = qMin(area.width() / m_image.width(), area.height() / m_image.height());
    if (!(scale > 0.0)) {
        return {};
    }
    const QSizeF size(m_image.width() * scale, m_image.height() * scale);
    return {QPointF(std::floor(area.center().x() - size.width() / 2), 0.0), size};
}

QRectF ProbeImageWidget::patchRect(int token) const {
    if (token < 0 || token >= m_gridRows * m_gridCols || m_image.isNull()) {
        return {};
    }
    const QRectF image = imageRect();
    const double pixel = image.width() / m_image.width();
    const double side = m_patchSize * pixel;
    const int row = token / m_gridCols;
    const int col = token % m_gridCols;
    return {image.left() + col * side, image.top() + row * side, side, side};
}

QColor ProbeImageWidget::queryColor() {
    return {0xff, 0x6d, 0x00};  // orange
}

QColor ProbeImageWidget::keyColor() {
    return {0x00, 0xe5, 0xff};  // cyan
}

QSize ProbeImageWidget::sizeHint() const {
    const int line = fontMetrics().height();
    return {line * 14, line * 7};
}

QSize ProbeImageWidget::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return {line * 5, line * 5};
}

void ProbeImageWidget::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    if (m_image.isNull()) {
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(imageRect(), m_image);
    paintOverlay(painter);
    paintGrid(painter);
    if (m_overlayQuery >= 0 && m_query < 0) {
        paintOutline(painter, m_overlayQuery, queryColor(), Qt::SolidLine);
    }
    paintOutline(painter, m_query, queryColor(), Qt::SolidLine);
    paintOutline(painter, m_key, keyColor(), Qt::DashLine);
    paintLegend(painter);
}

void ProbeImageWidget::mousePressEvent(QMouseEvent* event) {
    const int token = tokenAt(event->position());
    if (event->button() == Qt::LeftButton && token >= 0) {
        Q_EMIT patchClicked(token);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

int ProbeImageWidget::tokenAt(const QPointF& point) const {
    const QRectF image = imageRect();
    if (m_gridCols <= 0 || !image.contains(point)) {
        return -1;
    }
    const double side = m_patchSize * image.width() / m_image.width();
    const int col = static_cast<int>((point.x() - image.left()) / side);
    const int row = static_cast<int>((point.y() - image.top()) / side);
    if (row >= m_gridRows || col >= m_gridCols) {
        return -1;
    }
    return row * m_gridCols + col;
}

void ProbeImageWidget::paintOverlay(QPainter& painter) const {
    float maxWeight = 0.0F;
    for (const float w : m_overlay) {
        maxWeight = std::isfinite(w) ? qMax(maxWeight, w) : maxWeight;
    }
    if (!(maxWeight > 0.0F)) {
        return;
    }
    const ColorMap map(ColorMapKind::Sequential);
    const int count = qMin(static_cast<int>(m_overlay.size()), m_gridRows * m_gridCols);
    for (int t = 0; t < count; ++t) {
        const float f =
            std::isfinite(m_overlay[t]) ? qBound(0.0F, m_overlay[t] / maxWeight, 1.0F) : 0.0F;
        QColor tint = QColor::fromRgb(map.atFraction(f));
        tint.setAlpha(static_cast<int>(std::lround(kMaxTintAlpha * f)));
        painter.fillRect(patchRect(t), tint);
    }
}

void ProbeImageWidget::paintGrid(QPainter& painter) const {
    const QRectF image = imageRect();
    const double side = m_patchSize * image.width() / m_image.width();
    if (side < kMinGridSpacing) {
        return;
    }
    painter.setPen(QPen(QColor(160, 160, 160, 110), 1.0));
    for (int c = 1; c < m_gridCols; ++c) {
        const double x = image.left() + c * side;
        painter.drawLine(QPointF(x, image.top()), QPointF(x, image.top() + m_gridRows * side));
    }
    for (int r = 1; r < m_gridRows; ++r) {
        const double y = image.top() + r * side;
        painter.drawLine(QPointF(image.left(), y), QPointF(image.left() + m_gridCols * side, y));
    }
}

void ProbeImageWidget::paintOutline(QPainter& painter,
                                    int token,
                                    const QColor& color,
                                    Qt::PenStyle style) const {
    const QRectF patch = patchRect(token);
    if (patch.isEmpty()) {
        return;
    }
    // Small patches (pixel tokens) get a box of at least 6 px so the outline stays visible.
    const double grow = qMax(0.0, (6.0 - patch.width()) / 2);
    const QRectF box = patch.adjusted(-grow, -grow, grow, grow);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::black, 4.0));
    painter.drawRect(box);
    painter.setPen(QPen(color, 2.0, style));
    painter.drawRect(box);
}

void ProbeImageWidget::paintLegend(QPainter& painter) const {
    // "■ query  ■ key  · tint: attention of query N": squares in their colours, words in the
    // palette's text colour; the tint note is dropped when it doesn't fit.
    const QFontMetricsF metrics(font());
    const QColor text = palette().color(QPalette::WindowText);
    const QString square = QStringLiteral("\u25a0 ");
    QVector<QPair<QString, QColor>> parts = {
        {square, queryColor()}, {tr("query   "), text}, {square, keyColor()}, {tr("key"), text}};
    if (hasOverlay()) {
        parts.append({tr("   \u00b7 tint: attention of query %1").arg(m_overlayLabel), text});
    }
    auto totalWidth = [&]() {
        double sum = 0.0;
        for (const auto& part : std::as_const(parts)) {
            sum += metrics.horizontalAdvance(part.first);
        }
        return sum;
    };
    if (totalWidth() > width() && parts.size() > 4) {
        parts.removeLast();
    }
    const double line = metrics.height();
    double x = std::floor((width() - totalWidth()) / 2);
    const double y = imageRect().bottom() + line * 0.25;  // right under the image
    for (const auto& part : std::as_const(parts)) {
        painter.setPen(part.second);
        painter.drawText(QRectF(x, y, metrics.horizontalAdvance(part.first) + 1, line),
                         Qt::AlignLeft | Qt::AlignVCenter, part.first);
        x += metrics.horizontalAdvance(part.first);
    }
}

double ProbeImageWidget::legendHeight() const {
    return QFontMetricsF(font()).height() * 1.5;
}

}  // namespace fpt::widgets
