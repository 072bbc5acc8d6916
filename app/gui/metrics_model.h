// SPDX-License-Identifier: MIT
// MetricsModel: every logged point of every run (train steps and test evaluations), the single
// source of truth for the curve charts, the data table and CSV export. Nothing is decimated here.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QString>
#include <QVector>

namespace fpt::app {

struct MetricRow {
    QString runId;
    QString split;  // "train" or "test"
    qint64 step = 0;
    double timeS = 0.0;
    double loss = 0.0;
    double accuracy = 0.0;
};

class MetricsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { RunColumn, SplitColumn, StepColumn, TimeColumn, LossColumn, AccuracyColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// Appends rows (one model insert per call: streaming stays cheap).
    void append(const QVector<MetricRow>& rows);
    /// Drops every row of a run.
    void removeRun(const QString& runId);
    /// Points of one run and split, in arrival order (indices into the model's rows).
    QVector<MetricRow> series(const QString& runId, const QString& split) const;
    /// The last test row of a run, if any.
    const MetricRow* lastTest(const QString& runId) const;
    /// The name shown for a run in the table and CSV (default: its id).
    void setRunName(const QString& runId, const QString& name);
    QString runName(const QString& runId) const { return m_names.value(runId, runId); }
    /// All rows as CSV (run,name,split,step,time_s,loss,accuracy).
    bool exportCsv(const QString& path, QString& error) const;

Q_SIGNALS:
    /// New rows of one run: the GUI forwards them to the charts.
    void rowsAppended(const QString& runId, const QVector<fpt::app::MetricRow>& rows);

private:
    QVector<MetricRow> m_rows;
    QHash<QString, QVector<int>> m_byRun;
    QHash<QString, QString> m_names;
};

}  // namespace fpt::app

Q_DECLARE_METATYPE(fpt::app::MetricRow)
