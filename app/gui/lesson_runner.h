// SPDX-License-Identifier: MIT
// Plays a lesson in the explorer: keeps the current lesson and step, and performs each step's
// actions on the main window (open reference runs, start live runs from presets with overrides,
// raise a dock, pick layer/head/query token, highlight a widget, open a study).
#pragma once

#include "app/gui/lesson_file.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QWidget;

namespace fpt::app {

class LessonPanel;
class MainWindow;

class LessonRunner : public QObject {
    Q_OBJECT

public:
    LessonRunner(MainWindow* window, LessonPanel* panel, QObject* parent = nullptr);
    ~LessonRunner() override;

    /// Re-reads the lessons folder (errors of malformed files go to the panel and the log).
    void reload();
    const QVector<Lesson>& lessons() const { return m_lessons; }
    QStringList loadErrors() const { return m_loadErrors; }

    /// Starts a lesson by name at its first step; false with `error` for an unknown name.
    bool start(const QString& name, QString* error = nullptr);
    bool next();
    bool back();
    void setLiveMode(bool live);
    bool liveMode() const { return m_live; }

    const Lesson* current() const { return m_index >= 0 ? &m_lessons[m_index] : nullptr; }
    int stepIndex() const { return m_step; }
    /// Run ids the current step shows (selected in the Runs list).
    QStringList stepRuns() const { return m_stepRuns; }
    /// The widget the current step highlights (nullptr when none).
    QWidget* highlighted() const { return m_highlightTarget; }
    /// Problems met by the current step's actions (missing reference run, preset, …).
    QStringList stepProblems() const { return m_problems; }

Q_SIGNALS:
    void stepShown(int index);

private:
    void enterStep();
    void perform(const LessonAction& action, QStringList& ids);
    void openReference(const LessonAction& action, QStringList& ids);
    void startLive(const LessonAction& action, int liveCount, QStringList& ids);
    void raiseView(const QString& name);
    void highlight(const QString& name);
    void applyAttention();
    void clearHighlight();
    void clearLessonRuns();
    QWidget* targetWidget(const QString& name) const;

    MainWindow* m_window;
    LessonPanel* m_panel;
    QVector<Lesson> m_lessons;
    QStringList m_loadErrors;
    int m_index = -1;
    int m_step = -1;
    bool m_live = false;
    QStringList m_stepRuns;
    QStringList m_problems;
    QStringList m_lessonRuns;            // ids this lesson opened or started
    QHash<QString, QString> m_liveRuns;  // "lesson:line" -> run id, so Back/Next does not relaunch
    LessonAction m_attention;            // the step's attention pick, re-applied as snapshots arrive
    bool m_attentionPending = false;
    QPointer<QWidget> m_highlightTarget;
    QPointer<QWidget> m_highlightFrame;
};

}  // namespace fpt::app
