// SPDX-License-Identifier: MIT
// HeatmapWidget painting (split from heatmap_widget.cpp to keep files short): cells, thinned
// labels, axis titles, colour bar, hover/marked-row outlines and the hover read-out line.
#include "widgets/attention/heatmap_widget.h"

#include <QFileInfo>
#include <QPainter>
#include <QSvgGenerator>

namespace fpt::widgets {

namespace {

constexpr int kMaxSvgCells = 64 * 64;  // above this an SVG embeds one image instead of rects

// Text colours follow the palette so light and dark themes both read.
QColor textColor(const QPalette& palette) {
    return palette.color(QPalette::WindowText);
}

QColor dimTextColor(const QPalette& palette) {
    return palette.color(QPalette::PlaceholderText);
}

void drawRotatedText(
    QPainter& painter, const QPointF& anchor, const QRectF& box, int flags, const QString& text) {
    painter.save();
    painter.translate(anchor);
    painter.rotate(-90.0);
    painter.drawText(box, flags, text);
    painter.restore();
}

}  // namespace

bool HeatmapWidget::exportPng(const QString& path, double scale) const {
    const QSize logical = size().isEmpty() ? sizeHint() : size();
    if (!(scale > 0.0)) {
        return false;
    }
    QImage image((QSizeF(logical) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    QPainter painter(&image);
    paintHeatmap(painter, logical);
    painter.end();
    return image.save(path, "PNG");
}

bool HeatmapWidget::exportSvg(const QString& path) const {
    const QSize logical = size().isEmpty() ? sizeHint() : size();
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(logical);
    generator.setViewBox(QRect(QPoint(0, 0), logical));
    generator.setResolution(logicalDpiX());
    generator.setTitle(m_title);
    QPainter painter;
    if (!painter.begin(&generator)) {
        return false;
    }
    painter.setFont(font());
    const HeatmapLayout layout = layoutFor(logical, QFontMetricsF(font(), &generator));
    const bool fewCells = static_cast<qint64>(m_rows) * m_cols <= kMaxSvgCells;
    paintAll(painter, layout, logical, fewCells ? CellMode::SvgCells : CellMode::SvgImage, false);
    painter.end();
    return QFileInfo(path).size() > 0;
}

void HeatmapWidget::paintHeatmap(QPainter& painter, const QSizeF& size) const {
    painter.save();
    painter.setFont(font());
    const HeatmapLayout layout = layoutFor(size, QFontMetricsF(font(), painter.device()));
    paintAll(painter, layout, size, CellMode::Raster, false);
    painter.restore();
}

void HeatmapWidget::paintAll(QPainter& painter,
                             const HeatmapLayout& layout,
                             const QSizeF& size,
                             CellMode mode,
                             bool withHover) const {
    painter.fillRect(QRectF(QPointF(0, 0), size), palette().color(QPalette::Window));
    painter.setPen(textColor(palette()));
    if (!m_title.isEmpty()) {
        const QRectF titleRect = layout.isEmpty()
                                     ? QRectF(0, 0, size.width(), painter.fontMetrics().height())
                                     : layout.title();
        const QString text =
            painter.fontMetrics().elidedText(m_title, Qt::ElideRight, titleRect.width());
        painter.drawText(titleRect, Qt::AlignCenter, text);
    }
    if (m_rows <= 0 || layout.isEmpty()) {
        painter.setPen(dimTextColor(palette()));
        const QString text = m_rows <= 0 ? m_placeholder : tr("(too small to draw)");
        painter.drawText(QRectF(QPointF(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    paintCells(painter, layout, mode);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(layout.matrix());
    paintLabels(painter, layout);
    paintColorBar(painter, layout);
    paintMarks(painter, layout, withHover);
    paintStatus(painter, layout, withHover);
}

void HeatmapWidget::paintCells(QPainter& painter,
                               const HeatmapLayout& layout,
                               CellMode mode) const {
    const QRectF target = layout.matrix();
    if (mode == CellMode::SvgCells) {
        painter.save();
        painter.setPen(Qt::NoPen);
        for (int r = 0; r < m_rows; ++r) {
            for (int c = 0; c < m_cols; ++c) {
                // A hair of overlap so SVG viewers show no seams between cells.
                const QRectF cell = layout.cellRect(r, c).adjusted(0, 0, 0.3, 0.3);
                painter.fillRect(cell, QColor::fromRgb(m_image.pixel(c, r)));
            }
        }
        painter.restore();
        return;
    }
    if (mode == CellMode::SvgImage) {
        painter.drawImage(target, m_image);
        return;
    }
    // Raster: upscaling uses nearest neighbour (crisp cells); downscaling (T = 1024 in a few
    // hundred pixels) uses a cached area-averaged image so thin diagonals don't alias away.
    const qreal dpr = painter.device()->devicePixelRatioF();
    const QSize targetPixels = (target.size() * dpr).toSize();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    if (targetPixels.width() < m_cols || targetPixels.height() < m_rows) {
        if (m_scaledImage.size() != targetPixels) {
            m_scaledImage =
                m_image.scaled(targetPixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        }
        painter.drawImage(target, m_scaledImage);
    } else {
        painter.drawImage(target, m_image);
    }
}

void HeatmapWidget::paintLabels(QPainter& painter, const HeatmapLayout& layout) const {
    const QFontMetricsF metrics(painter.font(), painter.device());
    const QRectF matrix = layout.matrix();
    const double line = metrics.height();
    const double tick = layout.tickLength();
    const QPen tickPen(palette().color(QPalette::Mid), 1.0);
    const QPen textPen(textColor(palette()));

    const double rowLabelWidth = matrix.left() - tick - layout.rowTitle().right();
    for (int r = 0; r < m_rows; r += layout.rowStride()) {
        const double y = matrix.top() + (r + 0.5) * layout.cellHeight();
        painter.setPen(tickPen);
        painter.drawLine(QPointF(matrix.left() - tick * 0.7, y), QPointF(matrix.left(), y));
        painter.setPen(textPen);
        painter.drawText(
            QRectF(matrix.left() - tick - rowLabelWidth, y - line / 2, rowLabelWidth, line),
            Qt::AlignRight | Qt::AlignVCenter, elided(rowLabel(r), metrics));
    }
    const double labelTop = layout.columnLabelTop();
    const double columnLabelWidth = layout.columnStride() * layout.cellWidth();
    for (int c = 0; c < m_cols; c += layout.columnStride()) {
        const double x = matrix.left() + (c + 0.5) * layout.cellWidth();
        painter.setPen(tickPen);
        painter.drawLine(QPointF(x, matrix.bottom()), QPointF(x, matrix.bottom() + tick * 0.7));
        painter.setPen(textPen);
        const QString text = elided(columnLabel(c), metrics);
        if (layout.columnLabelsRotated()) {
            const double width = metrics.horizontalAdvance(text) + 1.0;
            drawRotatedText(painter, QPointF(x, labelTop), QRectF(-width, -line / 2, width, line),
                            Qt::AlignRight | Qt::AlignVCenter, text);
        } else {
            const double width = qMax(columnLabelWidth, metrics.horizontalAdvance(text) + 2.0);
            painter.drawText(QRectF(x - width / 2, labelTop, width, line),
                             Qt::AlignHCenter | Qt::AlignTop, text);
        }
    }
    painter.setPen(textPen);
    if (!m_rowTitle.isEmpty()) {
        const QRectF box = layout.rowTitle();
        drawRotatedText(painter, box.center(),
                        QRectF(-box.height() / 2, -box.width() / 2, box.height(), box.width()),
                        Qt::AlignCenter, m_rowTitle);
    }
    if (!m_columnTitle.isEmpty()) {
        painter.drawText(layout.columnTitle(), Qt::AlignCenter, m_columnTitle);
    }
}

void HeatmapWidget::paintColorBar(QPainter& painter, const HeatmapLayout& layout) const {
    const QRectF bar = layout.colorBar();
    // A vector gradient through the map's stops: crisp on screen and stays vector in SVG.
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    constexpr int kStops = 16;
    for (int i = 0; i <= kStops; ++i) {
        const float t = static_cast<float>(i) / kStops;
        gradient.setColorAt(t, QColor::fromRgb(m_colorMap.atFraction(t)));
    }
    painter.fillRect(bar, gradient);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1.0));
    painter.drawRect(bar);

    const QFontMetricsF metrics(painter.font(), painter.device());
    const double line = metrics.height();
    const double tick = layout.tickLength();
    QVector<float> ticks = colorBarTicks();  // low, middle, high
    if (bar.height() <= 3 * line) {
        ticks.removeAt(1);
    }
    for (const float v : std::as_const(ticks)) {
        const double y = bar.bottom() - fractionOf(v) * bar.height();
        painter.setPen(QPen(palette().color(QPalette::Mid), 1.0));
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + tick, y));
        painter.setPen(textColor(palette()));
        painter.drawText(QRectF(bar.right() + tick + 2, y - line / 2, line * 6, line),
                         Qt::AlignLeft | Qt::AlignVCenter, rangeText(v));
    }
}

void HeatmapWidget::paintMarks(QPainter& painter,
                               const HeatmapLayout& layout,
                               bool withHover) const {
    painter.save();
    painter.setBrush(Qt::NoBrush);
    if (m_markedRow >= 0 && m_markedRow < m_rows) {
        QRectF row = layout.cellRect(m_markedRow, 0);
        row.setWidth(layout.matrix().width());
        const double grow = qMax(0.0, (3.0 - row.height()) / 2);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2.0));
        painter.drawRect(row.adjusted(-1, -grow - 1, 1, grow + 1));
    }
    if (withHover && m_hoverRow >= 0) {
        QRectF cell = layout.cellRect(m_hoverRow, m_hoverCol);
        const double grow = qMax(0.0, (6.0 - qMin(cell.width(), cell.height())) / 2);
        cell.adjust(-grow, -grow, grow, grow);
        painter.setPen(QPen(Qt::black, 3.0));
        painter.drawRect(cell);
        painter.setPen(QPen(Qt::white, 1.0));
        painter.drawRect(cell);
    }
    painter.restore();
}

void HeatmapWidget::paintStatus(QPainter& painter,
                                const HeatmapLayout& layout,
                                bool withHover) const {
    if (!withHover || layout.statusLine().isEmpty()) {
        return;
    }
    const QString text = hoverText();
    if (text.isEmpty()) {
        return;
    }
    painter.setPen(textColor(palette()));
    const QString shown =
        painter.fontMetrics().elidedText(text, Qt::ElideRight, layout.statusLine().width());
    painter.drawText(layout.statusLine(), Qt::AlignCenter, shown);
}

}  // namespace fpt::widgets
