// SPDX-License-Identifier: MIT
// "Something went wrong" dialog for failed runs and bad files: the user message, a next step
// (llm.c-style HINT) and the technical details folded away under "Details".
#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace fpt::widgets {

class ErrorDetailsDialog : public QDialog {
    Q_OBJECT

public:
    /// Builds the dialog without showing it. An empty `hint` is taken from a "Hint:" line of
    /// `userMessage` when it has one, else a generic next step is shown.
    ErrorDetailsDialog(const QString& title,
                       const QString& userMessage,
                       const QString& details,
                       const QString& hint = {},
                       QWidget* parent = nullptr);

    /// Opens a window-modal dialog that deletes itself on close; returns at once.
    static void show(QWidget* parent,
                     const QString& title,
                     const QString& userMessage,
                     const QString& details,
                     const QString& hint = {});
    using QDialog::show;

    QString userMessage() const;
    /// The next step as given or found (the label shows it as "Next step: …").
    QString hint() const;
    QString details() const;
    bool isDetailsExpanded() const;
    Q_SLOT void setDetailsExpanded(bool expanded);

private:
    QLabel* m_message = nullptr;
    QLabel* m_hint = nullptr;
    QToolButton* m_detailsToggle = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QString m_hintText;
};

}  // namespace fpt::widgets
