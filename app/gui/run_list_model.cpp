// SPDX-License-Identifier: MIT
// RunListModel implementation.
#include "app/gui/run_list_model.h"

#include <QLocale>

namespace fpt::app {

QString formatDuration(double seconds) {
    const auto s = static_cast<qint64>(seconds < 0 ? 0 : seconds + 0.5);
    if (s >= 3600) {
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char* const kNames[] = {"Run", "Task", "Model", "State", "Progress",
                                         "Steps/s", "ETA", "Test acc", "Trainable"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_runs.size()) {
        return {};
    }
    const auto& r = m_runs[index.row()];
    const double progress = r.totalSteps > 0 ? double(r.step) / double(r.totalSteps) : 0.0;
    if (role == kIdRole && index.column() == NameColumn) {
        return r.id;
    }
    if (role == Qt::DecorationRole && index.column() == NameColumn) {
        return r.color;
    }
    if (role == kProgressRole && index.column() == ProgressColumn) {
        return progress;
    }
    if (role == kStateRole && index.column() == StateColumn) {
        return r.state;
    }
    if (role == Qt::ToolTipRole) {
        return r.message.isEmpty() ? r.folder : r.message;
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    const QLocale locale;
    switch (index.column()) {
        case NameColumn: return r.name;
        case TaskColumn: return r.task;
        case ModelColumn: return r.kind == QLatin1String("fpt") ? QStringLiteral("fpt (%1)").arg(r.backbone) : r.kind;
        case StateColumn: return r.state;
        case ProgressColumn: return QStringLiteral("%1/%2").arg(r.step).arg(r.totalSteps);
        case SpeedColumn: return r.stepsPerS > 0 ? QString::number(r.stepsPerS, 'f', 1) : QString();
        case EtaColumn:
            return r.state == QLatin1String("running") && r.stepsPerS > 0 ? formatDuration(r.etaS) : QString();
        case AccuracyColumn: return r.testAccuracy >= 0 ? QString::number(100.0 * r.testAccuracy, 'f', 1) + QLatin1Char('%') : QString();
        case TrainableColumn:
            return r.total > 0 ? QStringLiteral("%1 (%2%)").arg(locale.toString(r.trainable))
                                     .arg(100.0 * double(r.trainable) / double(r.total), 0, 'g', 3)
                               : QString();
        default: return {};
    }
}

void RunListModel::addRun(const RunEntry& entry) {
    const int row = static_cast<int>(m_runs.size());
    beginInsertRows({}, row, row);
    m_runs.append(entry);
    endInsertRows();
}

void RunListModel::removeRun(const QString& id) {
    const int row = rowOf(id);
    if (row < 0) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_runs.removeAt(row);
    endRemoveRows();
}

void RunListModel::updateRun(const QString& id, const std::function<void(RunEntry&)>& change) {
    const int row = rowOf(id);
    if (row < 0) {
        return;
    }
    change(m_runs[row]);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

const RunEntry* RunListModel::run(const QString& id) const {
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_runs[row];
}

QStringList RunListModel::ids() const {
    QStringList out;
    for (const auto& r : m_runs) {
        out.append(r.id);
    }
    return out;
}

int RunListModel::rowOf(const QString& id) const {
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs[i].id == id) {
            return i;
        }
    }
    return -1;
}

}  // namespace fpt::app
