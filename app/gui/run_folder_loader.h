// SPDX-License-Identifier: MIT
// Reads a run folder written by fpt train / the explorer / a distributed job: run.json,
// metrics.jsonl (torn last line tolerated), probe.json and snapshots/ — into GUI value types.
#pragma once

#include "app/gui/app_types.h"
#include "app/gui/metrics_model.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace fpt::app {

struct LoadedRun {
    QString folder;
    QString name;
    QString status;
    QString message;
    QJsonObject config;
    qint64 step = 0;
    qint64 totalSteps = 0;
    qint64 trainable = 0;
    qint64 total = 0;
    QVector<MetricRow> rows;  // runId left empty: the caller assigns it
    RunStartInfo info;
    QVector<SnapshotData> snapshots;
    qint64 metricsBytes = 0;  // bytes of metrics.jsonl consumed (for following a live run)
};

class RunFolderLoader {
public:
    /// Loads everything; throws fpt::core::Error (e.g. not a run folder) with a message.
    static LoadedRun load(const QString& folder);
    /// New complete metrics lines after `offset` bytes; advances offset past them.
    static QVector<MetricRow> readNewMetrics(const QString& folder, qint64& offset);
    /// Snapshot files with a step greater than `afterStep`.
    static QVector<SnapshotData> readSnapshotsAfter(const QString& folder, qint64 afterStep);
    /// The run's current status and step from run.json ("" when unreadable).
    static QString readStatus(const QString& folder, qint64* step = nullptr);
};

}  // namespace fpt::app
