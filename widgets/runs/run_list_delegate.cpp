// SPDX-License-Identifier: MIT
// Run list delegate; see run_list_delegate.h.
#include "widgets/runs/run_list_delegate.h"

#include "widgets/runs/run_list_roles.h"
#include "widgets/common/status_palette.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>
#include <QStyleOptionProgressBar>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr int kProgressSteps = 1000;

StatusTone toneForState(const QString& state) {
    if (state == QLatin1String("running")) {
        return StatusTone::Running;
    }
    if (state == QLatin1String("done")) {
        return StatusTone::Success;
    }
    if (state == QLatin1String("failed")) {
        return StatusTone::Error;
    }
    if (state == QLatin1String("paused")) {
        return StatusTone::Warning;
    }
    return StatusTone::Muted;  // queued, stopped
}

// A rounded square of `color` with a thin outline in the text colour, so light swatches still
// show on light rows and dark ones on dark rows.
QPixmap swatch(const QColor& color, int side, qreal dpr, const QColor& outline) {
    QPixmap pixmap(QSize(side, side) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor edge = outline;
    edge.setAlphaF(0.5F);
    painter.setPen(QPen(edge, 1.0));
    painter.setBrush(color);
    const qreal radius = side / 5.0;
    painter.drawRoundedRect(QRectF(0.5, 0.5, side - 1.0, side - 1.0), radius, radius);
    return pixmap;
}

}  // namespace

RunListDelegate::RunListDelegate(QObject* parent)
    : QStyledItemDelegate(parent) {}

void RunListDelegate::initStyleOption(QStyleOptionViewItem* option,
                                      const QModelIndex& index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (decoration.userType() == QMetaType::QColor) {
        const int side = option->fontMetrics.height() - 2;
        const qreal dpr = option->widget != nullptr ? option->widget->devicePixelRatioF() : 1.0;
        option->icon = QIcon(
            swatch(decoration.value<QColor>(), side, dpr, option->palette.color(QPalette::Text)));
        option->decorationSize = QSize(side, side);
        option->features |= QStyleOptionViewItem::HasDecoration;
    }
    const QVariant state = index.data(StateRole);
    if (state.isValid()) {
        const QString stateText = state.toString();
        if (option->text.isEmpty()) {
            option->text = stateText;
            option->features |= QStyleOptionViewItem::HasDisplay;  // counted in sizeHint too
        }
        const QColor color = statusColor(toneForState(stateText), option->palette);
        option->palette.setColor(QPalette::Text, color);
        if (stateText == QLatin1String("failed") || stateText == QLatin1String("running")) {
            option->font.setBold(true);
            option->fontMetrics = QFontMetrics(option->font);  // so the column fits the bold text
        }
    }
}

void RunListDelegate::paint(QPainter* painter,
                            const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    const QVariant progress = index.data(ProgressRole);
    if (!progress.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    paintProgress(painter, option, progress.toDouble());
}

void RunListDelegate::paintProgress(QPainter* painter,
                                    const QStyleOptionViewItem& option,
                                    double progress) const {
    const double clamped = std::isfinite(progress) ? std::clamp(progress, 0.0, 1.0) : 0.0;
    const int margin = std::max(1, option.fontMetrics.height() / 8);
    QStyleOptionProgressBar bar;
    if (option.widget != nullptr) {
        bar.initFrom(option.widget);
    }
    bar.rect = option.rect.adjusted(margin, margin, -margin, -margin);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.state &= ~QStyle::State_Selected;  // the bar keeps its own colours on a selected row
    bar.palette = option.palette;
    bar.minimum = 0;
    bar.maximum = kProgressSteps;
    bar.progress = static_cast<int>(std::lround(clamped * kProgressSteps));
    bar.text = QStringLiteral("%1%").arg(static_cast<int>(std::floor(clamped * 100.0)));
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    const QWidget* widget = option.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize RunListDelegate::sizeHint(const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(ProgressRole).isValid()) {
        // Wide enough that 5% and 95% look different, tall enough for the bar's text.
        size.setWidth(std::max(size.width(),
                               option.fontMetrics.horizontalAdvance(QStringLiteral("100%")) * 4));
        size.setHeight(std::max(size.height(), option.fontMetrics.height() + 6));
    }
    return size;
}

}  // namespace fpt::widgets
