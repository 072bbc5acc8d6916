// SPDX-License-Identifier: MIT
// Item delegate of the run list: a progress bar for cells with ProgressRole, state text coloured
// by StateRole, and a framed colour swatch for a QColor in Qt::DecorationRole.
#pragma once

#include <QStyledItemDelegate>

namespace fpt::widgets {

class RunListDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit RunListDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter,
               const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintProgress(QPainter* painter,
                       const QStyleOptionViewItem& option,
                       double progress) const;
};

}  // namespace fpt::widgets
