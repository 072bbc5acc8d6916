// SPDX-License-Identifier: MIT
// Presentation mode (View > Presentation, F11): full screen, a layout that gives the charts and
// the attention / position views most of the screen, and one zoom (Ctrl+= / Ctrl+-) that scales
// every font, line width and marker through widgets::ViewScale.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>

class QDockWidget;
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
    /// The teaching layout's dock sizes again (after a dock was shown, e.g. the Study dock).
    void sizeDocks();
    /// A study opened in presentation mode: the editor and runs docks step aside so that the
    /// Study dock has the height for its grid and differences; they return when it is closed,
    /// or when a lesson step shows them.
    void makeRoomForStudy();
    /// A lesson step that looks inside (attention or positions) widens the right dock to half the
    /// screen (on a 1366-px screen 2/5 left two maps of ~140 px); other steps give the curves back.
    void setInsideViewsWide(bool wide);
    bool insideViewsWide() const { return m_insideWide; }

Q_SIGNALS:
    void activeChanged(bool active);

private:
    void arrangeDocks();

    QMainWindow* m_window;
    QList<QDockWidget*> m_steppedAside;  // hidden by makeRoomForStudy()
    bool m_active = false;
    bool m_insideWide = false;
    double m_scale = 1.0;
    double m_baseFontPoints = 0.0;
    QByteArray m_savedState;
    QByteArray m_savedGeometry;
};

}  // namespace fpt::app
