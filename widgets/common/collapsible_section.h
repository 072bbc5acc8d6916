// SPDX-License-Identifier: MIT
// A titled form section whose body folds away behind a header button (keyboard: Space on the
// header). The experiment editor stacks three of them: Task, Model, Train.
#pragma once

#include <QWidget>

class QToolButton;

namespace fpt::widgets {

class CollapsibleSection : public QWidget {
    Q_OBJECT

public:
    /// `body` is reparented into the section and owned by it.
    CollapsibleSection(const QString& title, QWidget* body, QWidget* parent = nullptr);

    bool isExpanded() const;
    Q_SLOT void setExpanded(bool expanded);

    QWidget* body() const { return m_body; }

    QToolButton* header() const { return m_header; }

private:
    QToolButton* m_header = nullptr;
    QWidget* m_body = nullptr;
};

}  // namespace fpt::widgets
