// SPDX-License-Identifier: MIT
// PresentationMode: full screen, a teaching layout and one zoom for every font and line.
#include "app/gui/presentation_mode.h"

#include "widgets/common/view_scale.h"

#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <utility>

namespace fpt::app {

PresentationMode::PresentationMode(QMainWindow* window)
    : QObject(window)
    , m_window(window) {
    m_baseFontPoints = QApplication::font().pointSizeF();
}

void PresentationMode::setActive(bool active) {
    if (active == m_active) {
        return;
    }
    m_active = active;
    if (active) {
        m_savedGeometry = m_window->saveGeometry();
        m_savedState = m_window->saveState();
        m_window->showFullScreen();
        // Without a window manager (Xvfb, some kiosks) showFullScreen() only sets the state:
        // take the whole screen ourselves too (with one, this is what full screen does anyway).
        if (const QScreen* screen = m_window->screen()) {
            m_window->setGeometry(screen->geometry());
        }
        arrangeDocks();
        // Full screen arrives asynchronously (the window manager resizes the window later), and
        // resizeDocks() divides the size the window has now: arrange again once it is there.
        QTimer::singleShot(250, this, [this]() {
            if (m_active) {
                sizeDocks();
            }
        });
        if (m_scale == 1.0) {
            setScale(QSettings().value(QStringLiteral("presentation/scale"), 1.25).toDouble());
        }
    } else {
        m_window->showNormal();
        m_window->restoreGeometry(m_savedGeometry);
        m_window->restoreState(m_savedState);
        setScale(1.0);
    }
    Q_EMIT activeChanged(active);
}

void PresentationMode::arrangeDocks() {
    auto dock = [this](const char* name) { return m_window->findChild<QDockWidget*>(QString::fromLatin1(name)); };
    // What a class does not need goes away; what a lesson points at stays on screen.
    // The Study dock only when a lesson step or the Studies menu opens a study (view: study).
    for (const char* hidden : {"logDock", "dataDock", "studyDock"}) {
        if (auto* d = dock(hidden)) {
            d->hide();
        }
    }
    auto* lesson = dock("lessonDock");
    auto* editor = dock("experimentDock");
    auto* attention = dock("attentionDock");
    auto* runs = dock("runsDock");
    if (lesson && editor && attention && runs) {
        lesson->show();
        // Left: the lesson (narration, Next/Back) over the editor, with the runs list as a tab
        // beside the editor (a bottom strip took a third of a 768-line screen from the charts
        // and the attention map); right: attention / positions, full height; the curves between.
        // A lesson step that shows the runs raises their tab (view: runs / highlight: runs).
        if (!runs->isFloating()) {
            m_window->tabifyDockWidget(editor, runs);
            editor->raise();
        }
    }
    sizeDocks();
}

void PresentationMode::sizeDocks() {
    auto dock = [this](const char* name) { return m_window->findChild<QDockWidget*>(QString::fromLatin1(name)); };
    auto* lesson = dock("lessonDock");
    auto* editor = dock("experimentDock");
    auto* attention = dock("attentionDock");
    if (lesson && editor && attention) {
        const int w = m_window->width();
        const int h = m_window->height();
        m_window->resizeDocks({lesson, attention}, {std::max(300, w / 4), std::max(360, m_insideWide ? w / 2 : w * 2 / 5)},
                              Qt::Horizontal);
        // A study opened by a lesson step sits under everything: give it ~45% of the height (its
        // whole grid, the export buttons and a few differences), the left column the rest.
        auto* study = dock("studyDock");
        const bool studyShown = study != nullptr && study->isVisible() && !study->isFloating();
        const int left = studyShown ? h * 11 / 20 : h;
        m_window->resizeDocks({lesson, editor}, {left * 2 / 5, left * 3 / 5}, Qt::Vertical);
        if (studyShown) {
            m_window->resizeDocks({study}, {h * 9 / 20}, Qt::Vertical);
        }
    }
}

void PresentationMode::setInsideViewsWide(bool wide) {
    if (m_insideWide == wide) {
        return;
    }
    m_insideWide = wide;
    if (m_active) {
        sizeDocks();
    }
}

void PresentationMode::makeRoomForStudy() {
    auto* study = m_window->findChild<QDockWidget*>(QStringLiteral("studyDock"));
    if (!m_active || study == nullptr || study->isFloating()) {
        return;
    }
    const bool connectRestore = m_steppedAside.isEmpty();
    for (const char* name : {"experimentDock", "runsDock"}) {
        auto* d = m_window->findChild<QDockWidget*>(QString::fromLatin1(name));
        if (d != nullptr && d->isVisible() && !d->isFloating()) {
            d->hide();
            m_steppedAside.append(d);
        }
    }
    if (connectRestore && !m_steppedAside.isEmpty()) {
        connect(study, &QDockWidget::visibilityChanged, this, [this, study](bool visible) {
            if (visible || !study->isHidden()) {
                return;  // only a closed Study dock, not one behind another tab
            }
            disconnect(study, &QDockWidget::visibilityChanged, this, nullptr);
            for (QDockWidget* d : std::exchange(m_steppedAside, {})) {
                d->show();
            }
            if (m_active) {
                sizeDocks();
            }
        });
    }
    sizeDocks();
}

void PresentationMode::setScale(double scale) {
    scale = std::clamp(scale, 0.5, 3.0);
    m_scale = scale;
    QFont font = QApplication::font();
    if (m_baseFontPoints > 0) {
        font.setPointSizeF(m_baseFontPoints * scale);
        QApplication::setFont(font);
    }
    widgets::ViewScale::instance()->setFactor(scale);
    if (m_active) {
        QSettings().setValue(QStringLiteral("presentation/scale"), scale);
    }
}

}  // namespace fpt::app
