// SPDX-License-Identifier: MIT
// FlowLayout: lays its items left to right and wraps onto a new line when the width runs out, so
// a tool bar of controls never forces its parent wider than the screen leaves it (presentation
// mode at 1366x768 gives the chart area ~500 px).
#pragma once

#include <QLayout>
#include <QList>

namespace fpt::widgets {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr, int horizontalSpacing = 12, int verticalSpacing = 4);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

    /// Lines the items take at this width (1 when everything fits in one).
    int lineCount(int width) const;

private:
    /// Places the items in rect (or only measures when apply is false); returns the height used.
    int arrange(const QRect& rect, bool apply, int* lines = nullptr) const;

    QList<QLayoutItem*> m_items;
    int m_hSpacing;
    int m_vSpacing;
};

}  // namespace fpt::widgets
