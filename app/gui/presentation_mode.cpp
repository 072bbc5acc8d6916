// SPDX-License-Identifier: MIT
// PresentationMode: full screen, a teaching layout and one zoom for every font and line.
#include "app/gui/presentation_mode.h"

#include "widgets/common/view_scale.h"

#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QSettings>
#include <QWidget>

#include <algorithm>

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
        arrangeDocks();
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
    for (const char* hidden : {"logDock", "dataDock"}) {
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
        const int w = m_window->width();
        const int h = m_window->height();
        // Left: the lesson (narration, Next/Back) over the editor; right: attention / positions;
        // the curves in the middle; a short runs strip at the bottom.
        m_window->resizeDocks({lesson, attention}, {std::max(300, w / 4), std::max(360, w * 2 / 5)}, Qt::Horizontal);
        m_window->resizeDocks({lesson, editor}, {h * 2 / 5, h * 3 / 5}, Qt::Vertical);
        m_window->resizeDocks({runs}, {std::max(120, h / 7)}, Qt::Vertical);
    }
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
