// SPDX-License-Identifier: MIT
// LessonPanel: the widgets of the Lesson dock.
#include "app/gui/lesson_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace fpt::app {

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_lessons = new QComboBox(this);
    m_lessons->setObjectName(QStringLiteral("lessonChooser"));
    m_lessons->setToolTip(tr("The shipped lessons (resources/lessons/*.md); a teacher can add one without compiling."));
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_title->setFont(big);
    m_stepLabel = new QLabel(this);
    m_stepLabel->setObjectName(QStringLiteral("lessonStep"));
    m_stepLabel->setWordWrap(true);
    QFont bold = m_stepLabel->font();
    bold.setBold(true);
    m_stepLabel->setFont(bold);
    m_narration = new QTextBrowser(this);
    m_narration->setObjectName(QStringLiteral("lessonNarration"));
    m_narration->setOpenExternalLinks(true);
    m_narration->setMinimumHeight(120);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("lessonStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("lessonMode"));
    m_mode->addItem(tr("Show the reference result"));
    m_mode->addItem(tr("Run it live (reference beside it)"));
    m_mode->setToolTip(tr("Reference: the pre-computed runs shipped in resources/reference-runs open at once.\n"
                          "Live: the step also trains its runs now, all at once, beside the reference."));
    m_back = new QPushButton(tr("◀ &Back"), this);
    m_next = new QPushButton(tr("&Next ▶"), this);
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_back->setToolTip(tr("Previous step (Alt+Left)"));
    m_next->setToolTip(tr("Next step (Alt+Right)"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    layout->addWidget(m_lessons);
    layout->addWidget(m_title);
    layout->addWidget(m_stepLabel);
    layout->addWidget(m_narration, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_mode);
    layout->addLayout(buttons);
    connect(m_lessons, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_updating && index >= 0) {
            Q_EMIT lessonChosen(m_lessons->itemData(index).toString());
        }
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_updating) {
            Q_EMIT liveModeChanged(index == 1);
        }
    });
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextRequested);
    connect(m_back, &QPushButton::clicked, this, &LessonPanel::backRequested);
}

void LessonPanel::setLessons(const QList<QPair<QString, QString>>& lessons) {
    m_updating = true;
    m_lessons->clear();
    m_lessons->addItem(tr("Choose a lesson…"), QString());
    for (const auto& [name, title] : lessons) {
        m_lessons->addItem(title, name);
    }
    m_updating = false;
}

void LessonPanel::setCurrentLesson(const QString& name) {
    m_updating = true;
    m_lessons->setCurrentIndex(std::max(0, m_lessons->findData(name)));
    m_updating = false;
}

void LessonPanel::showStep(const QString& lessonTitle, int index, int count, const QString& stepTitle,
                           const QString& markdown) {
    m_title->setText(lessonTitle);
    m_stepLabel->setText(tr("Step %1 of %2: %3").arg(index + 1).arg(count).arg(stepTitle));
    m_narration->setMarkdown(markdown);
    m_back->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < count);
    m_next->setText(index + 1 < count ? tr("&Next ▶") : tr("End of lesson"));
}

void LessonPanel::setStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

bool LessonPanel::liveMode() const { return m_mode->currentIndex() == 1; }

void LessonPanel::setLiveMode(bool live) {
    m_updating = true;
    m_mode->setCurrentIndex(live ? 1 : 0);
    m_updating = false;
}

}  // namespace fpt::app
