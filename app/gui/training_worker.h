// SPDX-License-Identifier: MIT
// Runs core::Trainer::fit on its own QThread and reports through queued signals: step points are
// batched (at most ~20 signals/s, none dropped), evals/snapshots as they come. Pause, single step
// and stop go through a shared core::RunControl, which the blocked loop polls.
#pragma once

#include "app/gui/app_types.h"
#include "core/config/run_config.h"
#include "core/training/run_control.h"

#include <QObject>

#include <memory>

namespace fpt::app {

class TrainingWorker : public QObject {
    Q_OBJECT

public:
    TrainingWorker(core::RunConfig config, QString runDir, bool resume,
                   std::shared_ptr<core::RunControl> control);

public Q_SLOTS:
    /// Trains to the end (blocking this thread). Never throws: errors become failed().
    void run();

Q_SIGNALS:
    void started(const fpt::app::RunStartInfo& info);
    void stepsReady(const QVector<fpt::app::StepPoint>& points);
    void evaluated(const fpt::app::EvalPoint& point);
    void snapshotReady(const fpt::app::SnapshotData& snapshot);
    void checkpointSaved(const QString& path);
    void pausedAt(qint64 step);
    void finished(const fpt::app::RunResult& result);
    void failed(const QString& userMessage, const QString& details);

private:
    friend class WorkerObserver;
    core::RunConfig m_config;
    QString m_runDir;
    bool m_resume;
    std::shared_ptr<core::RunControl> m_control;
};

}  // namespace fpt::app
