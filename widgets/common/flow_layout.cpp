// SPDX-License-Identifier: MIT
// FlowLayout: items left to right, wrapping onto new lines (see flow_layout.h).
#include "widgets/common/flow_layout.h"

#include <QWidget>

#include <algorithm>

namespace fpt::widgets {

FlowLayout::FlowLayout(QWidget* parent, int horizontalSpacing, int verticalSpacing)
    : QLayout(parent)
    , m_hSpacing(horizontalSpacing)
    , m_vSpacing(verticalSpacing) {
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() {
    while (QLayoutItem* item = takeAt(0)) {
        delete item;
    }
}

void FlowLayout::addItem(QLayoutItem* item) { m_items.append(item); }

int FlowLayout::count() const { return static_cast<int>(m_items.size()); }

QLayoutItem* FlowLayout::itemAt(int index) const {
    return index >= 0 && index < m_items.size() ? m_items.at(index) : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const { return {}; }

bool FlowLayout::hasHeightForWidth() const { return true; }

int FlowLayout::heightForWidth(int width) const { return arrange(QRect(0, 0, width, 0), false); }

QSize FlowLayout::minimumSize() const {
    // As narrow as the widest single item: everything else wraps.
    QSize size;
    for (const QLayoutItem* item : m_items) {
        if (!item->isEmpty()) {
            size = size.expandedTo(item->minimumSize());
        }
    }
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
    // One line holding everything.
    int width = 0;
    int height = 0;
    int visible = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty()) {
            continue;
        }
        const QSize hint = item->sizeHint();
        width += hint.width();
        height = std::max(height, hint.height());
        ++visible;
    }
    width += std::max(0, visible - 1) * m_hSpacing;
    const QMargins m = contentsMargins();
    return {width + m.left() + m.right(), height + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect& rect) {
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::lineCount(int width) const {
    int lines = 0;
    arrange(QRect(0, 0, width, 0), false, &lines);
    return lines;
}

int FlowLayout::arrange(const QRect& rect, bool apply, int* lines) const {
    const QRect area = rect.marginsRemoved(contentsMargins());
    int x = area.x();
    int y = area.y();
    int lineHeight = 0;
    int lineCount = 0;
    // Items of one line share its height and are centred in it (a check box beside a combo box).
    QList<QPair<QLayoutItem*, QRect>> line;
    auto flush = [&]() {
        for (auto& [item, r] : line) {
            r.moveTop(r.top() + (lineHeight - r.height()) / 2);
            if (apply) {
                item->setGeometry(r);
            }
        }
        line.clear();
    };
    for (QLayoutItem* item : m_items) {
        if (item->isEmpty()) {
            continue;
        }
        const QSize hint = item->sizeHint().boundedTo(QSize(area.width(), QWIDGETSIZE_MAX))
                               .expandedTo(item->minimumSize());
        if (!line.isEmpty() && x + hint.width() > area.right() + 1) {
            flush();
            x = area.x();
            y += lineHeight + m_vSpacing;
            lineHeight = 0;
        }
        if (line.isEmpty()) {
            ++lineCount;
        }
        line.append({item, QRect(QPoint(x, y), hint)});
        x += hint.width() + m_hSpacing;
        lineHeight = std::max(lineHeight, hint.height());
    }
    flush();
    if (lines != nullptr) {
        *lines = lineCount;
    }
    const QMargins m = contentsMargins();
    return lineCount == 0 ? 0 : y + lineHeight - rect.y() + m.bottom();
}

}  // namespace fpt::widgets
