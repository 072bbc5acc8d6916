// SPDX-License-Identifier: MIT
// Presentation mode (View > Presentation, F11): full screen, a layout that gives the charts and
// the attention / position views most of the screen, and one zoom (Ctrl+= / Ctrl+-) that scales
// every font, line width and marker through widgets::ViewScale.
#pragma once

#include <QByteArray>
#include <QObject>

class QMainWindow;

namespace fpt::app {

class PresentationMode : public QObject {
    Q_OBJECT

public:
    explicit PresentationMode(QMainWindow* window);

    bool isActive() const { return m_active; }
    void setActive(bool active);
    void toggle() { setActive(!m_active); }

    /// Scale of every font, line width and marker (1 = as the desktop sets it), 0.5 .. 3.
    double scale() const { return m_scale; }
    void setScale(double scale);
    void zoomIn() { setScale(m_scale * 1.15); }
    void zoomOut() { setScale(m_scale / 1.15); }

Q_SIGNALS:
    void activeChanged(bool active);

private:
    void arrangeDocks();
    void sizeDocks();  // the dock sizes alone (again once full screen has arrived)

    QMainWindow* m_window;
    bool m_active = false;
    double m_scale = 1.0;
    double m_baseFontPoints = 0.0;
    QByteArray m_savedState;
    QByteArray m_savedGeometry;
};

}  // namespace fpt::app
