// SPDX-License-Identifier: MIT
// Runs a study from the GUI: queues every cell × seed as an ordinary run (RunManager, so the curves
// and controls are the usual ones; finished folders are reopened, interrupted ones resume) and
// keeps the results table (StudyTableWidget) up to date as runs finish.
#pragma once

#include "core/studies/study_plan.h"

#include <QHash>
#include <QObject>
#include <QPair>
#include <QStringList>

namespace fpt::widgets {
class StudyTableWidget;
}

namespace fpt::app {

class RunManager;

class StudyController : public QObject {
    Q_OBJECT

public:
    StudyController(RunManager* runs, widgets::StudyTableWidget* table, QObject* parent = nullptr);

    /// Plans and queues a study into `folder`; false with `error` set when it cannot.
    bool start(const QString& name, const QString& budget, int seeds, const QString& folder,
               const QString& presetsDir, QString* error);
    /// Re-reads the study's run folders and redraws the table (also writes results.*).
    void refresh();
    /// The study tables as text in a format ("md", "csv", "tex").
    QString exportText(const QString& format) const;
    bool active() const { return !m_folder.isEmpty(); }

Q_SIGNALS:
    /// The runs of the activated cell, to select in the run list.
    void cellRunsRequested(const QStringList& runIds);

private:
    RunManager* m_runs;
    widgets::StudyTableWidget* m_table;
    core::StudyPlan m_plan;
    QString m_folder;
    QHash<QString, QPair<int, int>> m_cellOfRun;  // run id -> (row, column)
};

}  // namespace fpt::app
