// SPDX-License-Identifier: MIT
// MetricsModel implementation.
#include "app/gui/metrics_model.h"

#include <QSaveFile>
#include <QTextStream>

namespace fpt::app {

int MetricsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MetricsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size() ||
        (role != Qt::DisplayRole && role != Qt::EditRole)) {
        return {};
    }
    const auto& r = m_rows[index.row()];
    switch (index.column()) {
        case RunColumn: return runName(r.runId);
        case SplitColumn: return r.split;
        case StepColumn: return r.step;
        case TimeColumn: return r.timeS;
        case LossColumn: return r.loss;
        case AccuracyColumn: return r.accuracy;
        default: return {};
    }
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char* const kNames[] = {"Run", "Split", "Step", "Time (s)", "Loss", "Accuracy"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

void MetricsModel::append(const QVector<MetricRow>& rows) {
    if (rows.isEmpty()) {
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    QHash<QString, QVector<MetricRow>> byRun;
    for (const auto& row : rows) {
        m_byRun[row.runId].append(static_cast<int>(m_rows.size()));
        m_rows.append(row);
        byRun[row.runId].append(row);
    }
    endInsertRows();
    for (auto it = byRun.cbegin(); it != byRun.cend(); ++it) {
        Q_EMIT rowsAppended(it.key(), it.value());
    }
}

void MetricsModel::removeRun(const QString& runId) {
    if (!m_byRun.contains(runId)) {
        return;
    }
    beginResetModel();
    QVector<MetricRow> kept;
    kept.reserve(m_rows.size());
    for (const auto& row : m_rows) {
        if (row.runId != runId) {
            kept.append(row);
        }
    }
    m_rows = std::move(kept);
    m_byRun.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        m_byRun[m_rows[i].runId].append(i);
    }
    endResetModel();
}

QVector<MetricRow> MetricsModel::series(const QString& runId, const QString& split) const {
    QVector<MetricRow> out;
    for (int i : m_byRun.value(runId)) {
        if (m_rows[i].split == split) {
            out.append(m_rows[i]);
        }
    }
    return out;
}

const MetricRow* MetricsModel::lastTest(const QString& runId) const {
    const auto& indices = m_byRun.value(runId);
    for (auto it = indices.crbegin(); it != indices.crend(); ++it) {
        if (m_rows[*it].split == QLatin1String("test")) {
            return &m_rows[*it];
        }
    }
    return nullptr;
}

void MetricsModel::setRunName(const QString& runId, const QString& name) {
    m_names.insert(runId, name);
    const auto& rows = m_byRun.value(runId);
    for (int row : rows) {
        const QModelIndex cell = index(row, RunColumn);
        Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole});
    }
}

bool MetricsModel::exportCsv(const QString& path, QString& error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << "run,name,split,step,time_s,loss,accuracy\n";
    for (const auto& r : m_rows) {
        QString name = runName(r.runId);
        name.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        out << r.runId << ",\"" << name << "\"," << r.split << ',' << r.step << ',' << QString::number(r.timeS, 'g', 10)
            << ',' << QString::number(r.loss, 'g', 10) << ',' << QString::number(r.accuracy, 'g', 10)
            << '\n';
    }
    out.flush();
    if (!file.commit()) {
        error = file.errorString();
        return false;
    }
    return true;
}

}  // namespace fpt::app
