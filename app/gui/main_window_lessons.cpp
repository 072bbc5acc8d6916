// SPDX-License-Identifier: MIT
// MainWindow's teaching parts: the Lesson dock, Help > Lessons, the first-launch hint and the
// presentation-mode actions, kept apart from the dock and menu wiring.
#include "app/gui/main_window.h"

#include "app/gui/lesson_panel.h"
#include "app/gui/lesson_runner.h"
#include "app/gui/presentation_mode.h"
#include "app/gui/view_captions.h"

#include <QAction>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QPushButton>
#include <QTextBrowser>

namespace fpt::app {

void MainWindow::buildLessonDock() {
    ViewCaptions::install(this);
    m_lessonPanel = new LessonPanel(this);
    auto* dock = new QDockWidget(tr("Lesson"), this);
    dock->setObjectName(QStringLiteral("lessonDock"));
    dock->setWidget(m_lessonPanel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    if (auto* editorDock = findChild<QDockWidget*>(QStringLiteral("experimentDock"))) {
        splitDockWidget(dock, editorDock, Qt::Vertical);  // the lesson above the editor
    }
    dock->hide();
    m_lessonRunner = new LessonRunner(this, m_lessonPanel, this);
    m_presentation = new PresentationMode(this);
}

bool MainWindow::startLesson(const QString& name, QString* error) {
    if (!m_lessonRunner->start(name, error)) {
        return false;
    }
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("lessonDock"))) {
        dock->show();
        dock->raise();
    }
    return true;
}

void MainWindow::buildLessonMenu(QMenu* help) {
    auto* menu = help->addMenu(tr("&Lessons"));
    menu->setObjectName(QStringLiteral("lessonsMenu"));
    for (const auto& lesson : m_lessonRunner->lessons()) {
        auto* action = menu->addAction(lesson.title, this, [this, name = lesson.name]() { startLesson(name); });
        action->setToolTip(lesson.summary);
        action->setStatusTip(lesson.summary);
    }
    if (m_lessonRunner->lessons().isEmpty()) {
        menu->addAction(tr("(no lessons found)"))->setEnabled(false);
    }
    menu->setToolTipsVisible(true);
    menu->addSeparator();
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("lessonDock"))) {
        menu->addAction(dock->toggleViewAction());
    }
}

void MainWindow::showFirstLaunchHint() {
    QSettings settings;
    if (settings.value(QStringLiteral("hints/lessonsShown"), false).toBool()) {
        return;
    }
    settings.setValue(QStringLiteral("hints/lessonsShown"), true);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("lessonDock"))) {
        dock->show();
        dock->raise();
    }
    m_lessonPanel->showStep(tr("New here? Start with a lesson."), 0, 1, tr("Welcome"),
                            tr("This explorer reproduces *Pretrained Transformers as Universal Computation "
                               "Engines* (Lu et al., 2021) on a laptop.\n\n"
                               "Pick a lesson above (or **Help ▸ Lessons**): each one shows the paper's claim, "
                               "opens pre-computed runs in a second and can train them live beside it. "
                               "**View ▸ Presentation** (F11) is full screen for a class; Ctrl+= / Ctrl+− "
                               "make everything larger or smaller.\n\n"
                               "This hint is shown once; the Lesson dock stays under Help ▸ Lessons."));
    m_lessonPanel->nextButton()->setEnabled(false);
    statusBar()->showMessage(tr("New here? Help ▸ Lessons walks through the paper's findings."), 15000);
}

void MainWindow::buildPresentationActions(QMenu* view) {
    view->addSeparator();
    auto* present = view->addAction(tr("&Presentation"));
    present->setObjectName(QStringLiteral("presentationAction"));
    present->setCheckable(true);
    present->setShortcut(QKeySequence(Qt::Key_F11));
    present->setToolTip(tr("Full screen with the charts and the attention / position views large (F11)"));
    connect(present, &QAction::toggled, m_presentation, &PresentationMode::setActive);
    connect(m_presentation, &PresentationMode::activeChanged, present, &QAction::setChecked);
    auto* larger = view->addAction(tr("&Larger Text and Lines"), m_presentation, &PresentationMode::zoomIn);
    larger->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)});
    auto* smaller = view->addAction(tr("&Smaller Text and Lines"), m_presentation, &PresentationMode::zoomOut);
    smaller->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    view->addAction(tr("&Normal Size"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this]() { m_presentation->setScale(1.0); });
    // Actions of the menu bar keep working in full screen (the menu bar stays).
}

}  // namespace fpt::app
