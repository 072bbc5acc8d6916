// SPDX-License-Identifier: MIT
// One legend for both curve charts, under them: every curve's full name with its colour and
// line style, wrapped onto as many lines as it needs (QtCharts' one-row legend cut names down
// to bare dashes once a few runs were open).
#pragma once

#include <QColor>
#include <QLabel>
#include <QString>
#include <QVector>

namespace fpt::widgets {

class CurveLegendWidget : public QLabel {
    Q_OBJECT

public:
    struct Entry {
        QString label;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
    };

    explicit CurveLegendWidget(QWidget* parent = nullptr);

    void setEntries(const QVector<Entry>& entries);

    const QVector<Entry>& entries() const { return m_entries; }

    /// A short line sample for a pen style ("━━", "┅┅", "━┅").
    static QString styleSample(Qt::PenStyle style);

private:
    QVector<Entry> m_entries;
};

}  // namespace fpt::widgets
