// SPDX-License-Identifier: MIT
// The session's runs (launched here or opened from folders) as a table for the runs dock:
// colour, task, model, state, progress, steps/s, ETA, test accuracy, trainable parameters.
#pragma once

#include "core/config/run_config.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace fpt::app {

struct RunEntry {
    QString id;
    QString name;
    QString folder;
    QString task;
    QString kind;
    QString backbone;
    QColor color;
    QString state = QStringLiteral("queued");  // queued, running, paused, done, failed, stopped, opened
    QString message;
    qint64 step = 0;
    qint64 totalSteps = 0;
    double stepsPerS = 0.0;
    double etaS = 0.0;
    double testAccuracy = -1.0;
    qint64 trainable = 0;
    qint64 total = 0;
    QJsonObject config;
    // The config as parsed when the run was queued (the one parse per start); null for runs
    // opened from a folder.
    std::shared_ptr<const core::RunConfig> parsed;
    bool resume = false;  // start from the folder's latest checkpoint
};

class RunListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, TaskColumn, ModelColumn, StateColumn, ProgressColumn,
                  SpeedColumn, EtaColumn, AccuracyColumn, TrainableColumn, ColumnCount };
    static constexpr int kIdRole = Qt::UserRole;          // column 0: run id
    static constexpr int kProgressRole = Qt::UserRole + 1;  // progress column: [0, 1]
    static constexpr int kStateRole = Qt::UserRole + 2;     // state column: state string

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void addRun(const RunEntry& entry);
    void removeRun(const QString& id);
    /// Applies `change` to a run and refreshes its row.
    void updateRun(const QString& id, const std::function<void(RunEntry&)>& change);
    const RunEntry* run(const QString& id) const;
    QStringList ids() const;
    int rowOf(const QString& id) const;

private:
    QVector<RunEntry> m_runs;
};

/// "1:02:03" / "4:05" style durations.
QString formatDuration(double seconds);

}  // namespace fpt::app
