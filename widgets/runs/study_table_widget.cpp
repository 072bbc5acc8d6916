// SPDX-License-Identifier: MIT
// StudyTableWidget implementation.
#include "widgets/runs/study_table_widget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

/// Within 2 points of the paper: neutral green; clearly above: green; clearly below: orange.
QColor tintFor(double delta, const QPalette& palette) {
    if (std::isnan(delta)) {
        return {};
    }
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    QColor c = std::abs(delta) <= 2.0 ? QColor(0, 158, 115) : delta > 0 ? QColor(86, 180, 233) : QColor(230, 159, 0);
    c.setAlpha(dark ? 90 : 60);
    return c;
}

}  // namespace

StudyTableWidget::StudyTableWidget(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_comparisons(new QLabel(this))
    , m_contradictions(new QLabel(this))
    , m_table(new QTableWidget(this)) {
    auto* layout = new QVBoxLayout(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    // Title and export buttons on top, the status under the grid: when the dock is short, only
    // the differences (which scroll) lose room, never a control.
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    for (const auto& [format, label] : {std::pair{QStringLiteral("md"), tr("Markdown")},
                                        {QStringLiteral("csv"), tr("CSV")},
                                        {QStringLiteral("tex"), tr("LaTeX")}}) {
        auto* button = new QPushButton(tr("Export %1…").arg(label), this);
        connect(button, &QPushButton::clicked, this, [this, f = format]() { Q_EMIT exportRequested(f); });
        bar->addWidget(button);
    }
    layout->addLayout(bar);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Study results"));
    layout->addWidget(m_table);
    layout->addWidget(m_status);
    m_comparisons->setWordWrap(true);
    m_comparisons->setTextFormat(Qt::RichText);
    m_comparisons->setToolTip(tr("Paired differences over the seeds both cells finished, with the 95% "
                                 "t-interval. Grey: the interval contains 0, so the difference is inside the "
                                 "seed-to-seed noise."));
    m_contradictions->setWordWrap(true);
    m_contradictions->setStyleSheet(QStringLiteral("QLabel { background: rgba(230,159,0,50); padding: 4px; }"));
    m_contradictions->setVisible(false);
    // The differences and the notes scroll under the table; the table keeps the height of all its
    // rows (a long list of differences used to squeeze it to two visible rows).
    auto* notes = new QWidget;
    auto* notesLayout = new QVBoxLayout(notes);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(m_comparisons);
    notesLayout->addWidget(m_contradictions);
    notesLayout->addStretch(1);
    m_notes = new QScrollArea(this);
    m_notes->setObjectName(QStringLiteral("studyNotes"));
    m_notes->setWidgetResizable(true);
    m_notes->setFrameShape(QFrame::NoFrame);
    m_notes->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_notes->setWidget(notes);
    layout->addWidget(m_notes, 1);
    connect(m_table, &QTableWidget::cellActivated, this, &StudyTableWidget::cellActivated);
    connect(m_table, &QTableWidget::cellClicked, this, &StudyTableWidget::cellActivated);
    setStatus(tr("No study yet: choose one in the Studies menu."));
}

void StudyTableWidget::setStudy(const QString& title, const QStringList& rows, const QStringList& columns) {
    m_title->setText(title);
    m_table->clear();
    m_table->setRowCount(static_cast<int>(rows.size()));
    m_table->setColumnCount(static_cast<int>(columns.size()));
    m_table->setVerticalHeaderLabels(rows);
    m_table->setHorizontalHeaderLabels(columns);
    fitTableHeight();
}

void StudyTableWidget::fitTableHeight() {
    // Every row on screen (up to kMaxRowsShown; more scroll inside the table).
    constexpr int kMaxRowsShown = 8;
    const int rows = std::min(m_table->rowCount(), kMaxRowsShown);
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int r = 0; r < rows; ++r) {
        height += m_table->rowHeight(r);
    }
    if (m_table->horizontalScrollBar()->isVisible()) {
        height += m_table->horizontalScrollBar()->sizeHint().height();
    }
    m_table->setFixedHeight(std::max(height, fontMetrics().height() * 4));
}

void StudyTableWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fitTableHeight();  // presentation zoom: taller rows
    }
}

void StudyTableWidget::setComparisons(const QStringList& lines, const QList<Verdict>& verdicts,
                                      const QStringList& contradictions) {
    QStringList html;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Verdict verdict = i < verdicts.size() ? verdicts[i] : Verdict::Undecided;
        const QString line = lines[i].toHtmlEscaped();
        switch (verdict) {
        case Verdict::Clear: html.append(QStringLiteral("<b>%1</b>").arg(line)); break;
        case Verdict::InsideNoise:
            html.append(QStringLiteral("<span style=\"color:gray\">%1 — inside the noise</span>").arg(line));
            break;
        case Verdict::Undecided: html.append(QStringLiteral("<span style=\"color:gray\">%1</span>").arg(line)); break;
        }
    }
    m_comparisons->setText(html.join(QStringLiteral("<br>")));
    m_comparisons->setVisible(!lines.isEmpty());
    m_contradictions->setText(contradictions.join(QStringLiteral("\n")));
    m_contradictions->setVisible(!contradictions.isEmpty());
}

QString StudyTableWidget::comparisonsText() const { return m_comparisons->text(); }

QString StudyTableWidget::contradictionsText() const { return m_contradictions->text(); }

void StudyTableWidget::setCell(int row, int column, const QString& value, const QString& paper,
                               double delta, const QString& tooltip) {
    auto* item = new QTableWidgetItem(value + QStringLiteral("  (paper ") + paper + QLatin1Char(')'));
    item->setToolTip(tooltip);
    item->setTextAlignment(Qt::AlignCenter);
    const QColor tint = tintFor(delta, palette());
    if (tint.isValid()) {
        item->setBackground(tint);
    }
    m_table->setItem(row, column, item);
    fitTableHeight();
}

void StudyTableWidget::setStatus(const QString& text) { m_status->setText(text); }

QString StudyTableWidget::cellText(int row, int column) const {
    const auto* item = m_table->item(row, column);
    return item != nullptr ? item->text() : QString();
}

QColor StudyTableWidget::cellTint(int row, int column) const {
    const auto* item = m_table->item(row, column);
    return item != nullptr && item->background().style() != Qt::NoBrush ? item->background().color() : QColor();
}

}  // namespace fpt::widgets
