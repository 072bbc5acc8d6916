// SPDX-License-Identifier: MIT
// Error dialog; see error_details_dialog.h.
#include "widgets/common/error_details_dialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace fpt::widgets {

namespace {

// Splits "message\nHint: next step" (any case, optional "---> ") into message and hint.
QPair<QString, QString> splitHint(const QString& text) {
    static const QRegularExpression kHint(QStringLiteral("(?:^|\\n)\\s*(?:-+>\\s*)?hint:\\s*"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = kHint.match(text);
    if (!match.hasMatch()) {
        return {text.trimmed(), QString()};
    }
    return {text.left(match.capturedStart()).trimmed(), text.mid(match.capturedEnd()).trimmed()};
}

}  // namespace

ErrorDetailsDialog::ErrorDetailsDialog(const QString& title,
                                       const QString& userMessage,
                                       const QString& details,
                                       const QString& hint,
                                       QWidget* parent)
    : QDialog(parent)
    , m_message(new QLabel)
    , m_hint(new QLabel)
    , m_detailsToggle(new QToolButton)
    , m_details(new QPlainTextEdit) {
    setWindowTitle(title);
    const auto [message, embeddedHint] = splitHint(userMessage);
    QString nextStep = hint.isEmpty() ? embeddedHint : hint;
    if (nextStep.isEmpty()) {
        nextStep = details.isEmpty() ? tr("Check the log panel for what happened just before.")
                                     : tr("See Details for the full error, and the log panel for "
                                          "what happened just before.");
    }

    const int iconSide = fontMetrics().height() * 2;
    auto* icon = new QLabel;
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(iconSide));
    icon->setAlignment(Qt::AlignTop);

    m_message->setObjectName(QStringLiteral("userMessage"));
    m_message->setText(message);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont messageFont = m_message->font();
    messageFont.setBold(true);
    m_message->setFont(messageFont);

    m_hint->setObjectName(QStringLiteral("hint"));
    m_hintText = nextStep;
    nextStep[0] = nextStep[0].toUpper();
    m_hint->setText(tr("Next step: %1").arg(nextStep));
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* text = new QVBoxLayout;
    text->addWidget(m_message);
    text->addWidget(m_hint);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);

    m_detailsToggle->setObjectName(QStringLiteral("detailsToggle"));
    m_detailsToggle->setText(tr("&Details"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setAutoRaise(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_detailsToggle->setVisible(!details.isEmpty());
    connect(m_detailsToggle, &QToolButton::toggled, this, &ErrorDetailsDialog::setDetailsExpanded);

    m_details->setObjectName(QStringLiteral("details"));
    m_details->setAccessibleName(tr("Error details"));
    m_details->setReadOnly(true);
    m_details->setPlainText(details);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setMinimumHeight(fontMetrics().lineSpacing() * 8);
    m_details->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* copy = buttons->addButton(tr("Copy details"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyDetailsButton"));
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_message->text() + QStringLiteral("\n\n") +
                                              m_details->toPlainText());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_detailsToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_details, 1);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    buttons->button(QDialogButtonBox::Close)->setFocus();
}

void ErrorDetailsDialog::show(QWidget* parent,
                              const QString& title,
                              const QString& userMessage,
                              const QString& details,
                              const QString& hint) {
    auto* dialog = new ErrorDetailsDialog(title, userMessage, details, hint, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

QString ErrorDetailsDialog::userMessage() const {
    return m_message->text();
}

QString ErrorDetailsDialog::hint() const {
    return m_hintText;
}

QString ErrorDetailsDialog::details() const {
    return m_details->toPlainText();
}

bool ErrorDetailsDialog::isDetailsExpanded() const {
    return m_detailsToggle->isChecked();
}

void ErrorDetailsDialog::setDetailsExpanded(bool expanded) {
    m_detailsToggle->setChecked(expanded);
    m_detailsToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_details->setVisible(expanded);
    adjustSize();
}

}  // namespace fpt::widgets
