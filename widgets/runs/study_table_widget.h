// SPDX-License-Identifier: MIT
// A study's results grid (rows = tasks, columns = settings): each cell shows "mean ± std" with the
// paper's number beside it and a tint for how it compares; activating a cell asks the app to show
// that cell's runs. Plain Qt data in, intent signals out.
#pragma once

#include <QColor>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QScrollArea;
class QTableWidget;

namespace fpt::widgets {

class StudyTableWidget : public QWidget {
    Q_OBJECT

public:
    explicit StudyTableWidget(QWidget* parent = nullptr);

    /// Clears the grid and sets its headers.
    void setStudy(const QString& title, const QStringList& rows, const QStringList& columns);
    /// One cell: `value` (measured, or "pending"), `paper` ("–" if none), `delta` measured − paper
    /// in the study's unit (NaN when not comparable; tint only then omitted), tooltip with details.
    void setCell(int row, int column, const QString& value, const QString& paper, double delta,
                 const QString& tooltip);
    void setStatus(const QString& text);
    /// What a paired difference shows: its 95% interval excludes 0, contains 0, or there is no
    /// interval yet (pending, or one seed) and so nothing can be said either way.
    enum class Verdict { Clear, InsideNoise, Undecided };

    /// The study's claims under the grid: one line per paired difference ("language − random on
    /// mnist: +2.1 [+0.3, +3.9], n=3") with its verdict (bold when clear, "— inside the noise" when
    /// the interval contains 0, plain gray when undecided), then the sentences where the result
    /// contradicts the paper (shown in a highlighted box).
    void setComparisons(const QStringList& lines, const QList<Verdict>& verdicts, const QStringList& contradictions);

    QString comparisonsText() const;
    QString contradictionsText() const;

    QString cellText(int row, int column) const;
    QColor cellTint(int row, int column) const;
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void cellActivated(int row, int column);
    void exportRequested(const QString& format);  // "md", "csv", "tex"

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Fixes the grid's height to that of its header and rows (up to 8), so that none is hidden.
    void fitTableHeight();

    QLabel* m_title;
    QLabel* m_status;
    QLabel* m_comparisons;
    QLabel* m_contradictions;
    QTableWidget* m_table;
    QScrollArea* m_notes = nullptr;  // the differences and contradictions under the grid
};

}  // namespace fpt::widgets
