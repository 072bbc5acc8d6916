// SPDX-License-Identifier: MIT
// Config diff of two runs (or two seed groups): a table of exactly the settings that differ,
// plus each side's trainable-parameter count.
#pragma once

#include "widgets/runs/run_naming.h"

#include <QDialog>
#include <QString>
#include <QVector>

QT_FORWARD_DECLARE_CLASS(QTableWidget)

namespace fpt::widgets {

class ConfigDiffDialog : public QDialog {
    Q_OBJECT

public:
    /// One side of the comparison: its name, its config and trainable / total parameter
    /// counts (< 0: unknown).
    struct Side {
        QString name;
        QJsonObject config;
        qint64 trainable = -1;
        qint64 total = -1;
    };

    /// Builds the table: first the trainable parameters, then every differing setting (paths in
    /// `ignored` left out, e.g. train/seed for two seed groups).
    ConfigDiffDialog(const Side& left, const Side& right, const QStringList& ignored, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    /// The differences shown (without the parameter row).
    const QVector<ConfigDifference>& differences() const { return m_differences; }

    /// "96,778 of 85.1 M (0.11%)" style text, or "unknown".
    static QString parameterText(qint64 trainable, qint64 total);

private:
    QTableWidget* m_table = nullptr;
    QVector<ConfigDifference> m_differences;
};

}  // namespace fpt::widgets
