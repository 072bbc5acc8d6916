// SPDX-License-Identifier: MIT
// The session's runs: launches them (one TrainingController each, at most N at once, the rest
// queued), relays their data into RunListModel / MetricsModel, opens run folders from disk and
// follows folders that another process is still writing (CLI or distributed runs).
#pragma once

#include "app/gui/app_types.h"
#include "app/gui/metrics_model.h"
#include "app/gui/run_list_model.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace fpt::app {

class TrainingController;

class RunManager : public QObject {
    Q_OBJECT

public:
    explicit RunManager(QObject* parent = nullptr);
    ~RunManager() override;

    RunListModel* runs() { return &m_runs; }
    MetricsModel* metrics() { return &m_metrics; }

    /// Folder under which new GUI runs are created.
    void setRunsRoot(const QString& dir) { m_runsRoot = dir; }
    QString runsRoot() const { return m_runsRoot; }
    void setMaxConcurrent(int n) { m_maxConcurrent = std::max(1, n); }

    /// Adds a run (queued, started as soon as a slot is free). Returns its id, or "" with `error`
    /// set (and nothing added) when the config is invalid.
    QString launch(const QJsonObject& config, QString* error = nullptr);
    /// Launches into a fixed folder (studies): a finished or failed folder is opened instead, one
    /// with a checkpoint resumes, anything else starts fresh there.
    QString launchAt(const QJsonObject& config, const QString& folder, QString* error = nullptr);
    /// The paper's comparison: the config as FPT, a fully trained transformer of the same shape and
    /// the LSTM baseline, on the same task, data and seed. Returns the three ids.
    QStringList launchComparison(const QJsonObject& config, QString* error = nullptr);
    /// Opens a run folder (throws nothing: returns "" and sets `error`). Follows it while its
    /// run.json says running.
    QString openFolder(const QString& folder, QString* error = nullptr);

    /// Whether a run can be continued from its folder's latest checkpoint (stopped, done,
    /// failed or opened, not training, with a checkpoint on disk).
    bool canContinue(const QString& id) const;
    /// Queues the run again from its latest checkpoint with train.steps = steps (0: its own
    /// steps, for a stopped run); false with `error` when it cannot be continued.
    bool continueRun(const QString& id, qint64 steps, QString* error = nullptr);

    void pause(const QStringList& ids);
    void resume(const QStringList& ids);
    void step(const QStringList& ids);
    void stop(const QStringList& ids);
    void remove(const QStringList& ids);
    /// Stops everything and waits for the threads (window close).
    void shutdown();

    const RunStartInfo* startInfo(const QString& id) const;
    QVector<SnapshotData> snapshots(const QString& id) const { return m_snapshots.value(id); }
    bool isActive(const QString& id) const;

Q_SIGNALS:
    void runAdded(const QString& id);
    void runRemoved(const QString& id);
    void runStarted(const QString& id, const fpt::app::RunStartInfo& info);
    void snapshotAdded(const QString& id, const fpt::app::SnapshotData& snapshot);
    void runFailed(const QString& id, const QString& userMessage, const QString& details);
    void runFinished(const QString& id);

private:
    QString addEntry(RunEntry entry);
    QString launchWith(const QJsonObject& config, const QString& folder, bool resume, QString* error);
    void startQueued();
    void startRun(const QString& id);
    void connectWorker(const QString& id, TrainingController* controller);
    void onSteps(const QString& id, const QVector<StepPoint>& points);
    void onEval(const QString& id, const EvalPoint& point);
    void onEnded(const QString& id, const QString& state, const QString& message);
    void pollFollowed();

    RunListModel m_runs;
    MetricsModel m_metrics;
    QHash<QString, TrainingController*> m_controllers;
    QHash<QString, RunStartInfo> m_startInfo;
    QHash<QString, QVector<SnapshotData>> m_snapshots;
    QHash<QString, qint64> m_followOffsets;  // opened folders still being written
    QTimer m_followTimer;
    QString m_runsRoot;
    int m_maxConcurrent = 2;
    int m_nextId = 1;
};

}  // namespace fpt::app
