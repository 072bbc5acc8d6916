// SPDX-License-Identifier: MIT
// PositionSimilarityWidget: a scrollable grid of heatmaps on the diverging map, [-1, 1] for the
// similarities and symmetric auto range for the difference (changes are often small).
#include "widgets/attention/position_similarity_widget.h"

#include "widgets/attention/heatmap_widget.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QScrollArea>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

namespace fpt::widgets {

namespace {

constexpr int kNowColumns = 3;  // "now" side by side: at most this many runs per row
constexpr int kSideBySideMinLines = 11;  // a side-by-side map's least width and height, in text lines

}  // namespace

struct PositionSimilarityWidget::RunEntry {
    QString key;
    QLabel* title = nullptr;
    HeatmapWidget* before = nullptr;
    HeatmapWidget* now = nullptr;
    HeatmapWidget* difference = nullptr;

    QVector<HeatmapWidget*> all() const { return {before, now, difference}; }
};

PositionSimilarityWidget::PositionSimilarityWidget(QWidget* parent)
    : QWidget(parent) {
    buildUi();
    m_exportDir = QDir::homePath();
    relayout();
}

PositionSimilarityWidget::~PositionSimilarityWidget() = default;

void PositionSimilarityWidget::buildUi() {
    m_modeCombo = new QComboBox(this);
    m_modeCombo->addItem(tr("Before | now | difference, per run"));
    m_modeCombo->addItem(tr("Now only, runs side by side"));
    m_modeCombo->setAccessibleName(tr("View"));
    auto* note = m_note = new QLabel(tr("Cosine similarity of positional embeddings. Before = step 0 (the "
                               "backbone's); the paper finds them \u201csurprisingly universal "
                               "between modalities\u201d."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    menu->addAction(tr("All as PNG\u2026"), this,
                    [this]() { exportViaDialog(QStringLiteral("png")); });
    menu->addAction(tr("All as SVG\u2026"), this,
                    [this]() { exportViaDialog(QStringLiteral("svg")); });
    exportButton->setMenu(menu);

    auto* bar = new QHBoxLayout;
    auto* modeLabel = new QLabel(tr("&Show"), this);
    modeLabel->setBuddy(m_modeCombo);
    bar->addWidget(modeLabel);
    bar->addWidget(m_modeCombo, 1);
    bar->addWidget(exportButton);

    m_content = new QWidget;
    m_content->setAutoFillBackground(true);
    m_grid = new QGridLayout(m_content);
    m_placeholder = new QLabel(tr("No runs with positional embeddings yet"), m_content);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(m_content);
    m_scroll->viewport()->installEventFilter(this);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    // The explanation under the bar, full width (beside the combo box it was squeezed into a
    // one-word column in a narrow dock).
    layout->addWidget(note);
    layout->addWidget(m_scroll, 1);

    connect(m_modeCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMode(index == 1 ? Mode::NowSideBySide : Mode::CompareSteps); });
}

bool PositionSimilarityWidget::setRun(const QString& key,
                                      const QString& runName,
                                      const QColor& color,
                                      const QStringList& tokenLabels,
                                      int tokens,
                                      const QVector<float>& before,
                                      const QVector<float>& now,
                                      qint64 step) {
    RunEntry* entry = find(key);
    if (entry == nullptr) {
        entry = createEntry(key);
        relayout();
    }
    entry->title->setText(
        tr("%1 \u00b7 step %2 \u00b7 %n positions", nullptr, tokens).arg(runName).arg(step));
    QPalette titlePalette = entry->title->palette();
    if (color.isValid()) {
        titlePalette.setColor(QPalette::WindowText, color);
    }
    entry->title->setPalette(titlePalette);

    const bool nowOk = tokens > 0 && now.size() == static_cast<qsizetype>(tokens) * tokens;
    const bool beforeOk = nowOk && before.size() == now.size();
    entry->now->setTitle(tr("now: step %1").arg(step));
    entry->before->setTitle(tr("before: step 0"));
    entry->difference->setTitle(tr("now \u2212 before"));
    for (HeatmapWidget* heatmap : entry->all()) {
        heatmap->setRowLabels(tokenLabels);
        heatmap->setColumnLabels(tokenLabels);
    }
    if (!nowOk || !entry->now->setMatrix(tokens, tokens, now)) {
        entry->now->clear();
        entry->now->setPlaceholderText(tr("No %1 \u00d7 %1 similarity matrix").arg(tokens));
    }
    if (!beforeOk || !entry->before->setMatrix(tokens, tokens, before)) {
        entry->before->clear();
        entry->before->setPlaceholderText(tr("No step-0 reference for this run"));
    }
    if (!beforeOk || !entry->difference->setMatrix(tokens, tokens, difference(now, before))) {
        entry->difference->clear();
        entry->difference->setPlaceholderText(tr("Needs a step-0 reference"));
    }
    return nowOk;
}

void PositionSimilarityWidget::removeRun(const QString& key) {
    for (auto it = m_runs.begin(); it != m_runs.end(); ++it) {
        if ((*it)->key == key) {
            delete (*it)->title;
            qDeleteAll((*it)->all());
            m_runs.erase(it);
            relayout();
            return;
        }
    }
}

void PositionSimilarityWidget::clear() {
    while (!m_runs.empty()) {
        removeRun(m_runs.back()->key);
    }
}

QStringList PositionSimilarityWidget::runKeys() const {
    QStringList keys;
    for (const auto& entry : m_runs) {
        keys << entry->key;
    }
    return keys;
}

void PositionSimilarityWidget::setMode(Mode mode) {
    m_mode = mode;
    m_modeCombo->setCurrentIndex(mode == Mode::NowSideBySide ? 1 : 0);
    relayout();
}

HeatmapWidget* PositionSimilarityWidget::heatmap(const QString& key, SimilarityPanel panel) const {
    const RunEntry* entry = find(key);
    if (entry == nullptr) {
        return nullptr;
    }
    switch (panel) {
        case SimilarityPanel::Before:
            return entry->before;
        case SimilarityPanel::Now:
            return entry->now;
        case SimilarityPanel::Difference:
            return entry->difference;
    }
    return nullptr;
}

QVector<float> PositionSimilarityWidget::difference(const QVector<float>& now,
                                                    const QVector<float>& before) {
    if (now.isEmpty() || now.size() != before.size()) {
        return {};
    }
    QVector<float> out(now.size());
    for (qsizetype i = 0; i < now.size(); ++i) {
        out[i] = now[i] - before[i];
    }
    return out;
}

bool PositionSimilarityWidget::exportPng(const QString& path, double scale) const {
    const QSize size = contentSize();
    if (!(scale > 0.0) || size.isEmpty()) {
        return false;
    }
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(palette().color(QPalette::Window));
    m_content->render(&image);
    return image.save(path, "PNG");
}

bool PositionSimilarityWidget::exportSvg(const QString& path) const {
    const QSize size = contentSize();
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(logicalDpiX());
    generator.setTitle(tr("Positional-embedding similarity"));
    QPainter painter;
    if (size.isEmpty() || !painter.begin(&generator)) {
        return false;
    }
    m_content->render(&painter);
    painter.end();
    return QFileInfo(path).size() > 0;
}

void PositionSimilarityWidget::relayout() {
    while (m_grid->count() > 0) {
        delete m_grid->takeAt(0);  // the layout item only; widgets stay
    }
    for (int r = 0; r < m_grid->rowCount(); ++r) {
        m_grid->setRowStretch(r, 0);
    }
    // "Before = step 0" explains the compare mode; side by side shows only "now", and the height
    // is better spent on a second row of maps.
    m_note->setVisible(m_mode == Mode::CompareSteps);
    m_placeholder->setVisible(m_runs.empty());
    if (m_runs.empty()) {
        m_grid->addWidget(m_placeholder, 0, 0);
        return;
    }
    const bool compare = m_mode == Mode::CompareSteps;
    m_columns = sideBySideColumns();
    const int line = fontMetrics().height();
    for (const auto& entry : m_runs) {
        // Side by side, a map may be narrower than in "compare" so that two or three runs share
        // a narrow dock (presentation mode at 1366x768) instead of hiding behind a scroll bar.
        entry->now->setMinimumWidth(compare ? line * 17 : line * kSideBySideMinLines);
    }
    for (int i = 0; i < static_cast<int>(m_runs.size()); ++i) {
        const RunEntry& entry = *m_runs[static_cast<size_t>(i)];
        entry.before->setVisible(compare);
        entry.difference->setVisible(compare);
        if (compare) {
            m_grid->addWidget(entry.title, 2 * i, 0, 1, 3);
            m_grid->addWidget(entry.before, 2 * i + 1, 0);
            m_grid->addWidget(entry.now, 2 * i + 1, 1);
            m_grid->addWidget(entry.difference, 2 * i + 1, 2);
        } else {
            const int row = 2 * (i / m_columns);
            const int col = i % m_columns;
            m_grid->addWidget(entry.title, row, col);
            m_grid->addWidget(entry.now, row + 1, col);
        }
    }
    // Equal columns, and no stretched-out rows when there is spare height.
    for (int c = 0; c < kNowColumns; ++c) {
        m_grid->setColumnStretch(c, compare || c < m_columns ? 1 : 0);
    }
    m_grid->setRowStretch(m_grid->rowCount(), 1);
    fitHeatmapHeights();
}

bool PositionSimilarityWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) {
        if (m_mode == Mode::NowSideBySide && !m_runs.empty() && sideBySideColumns() != m_columns) {
            relayout();  // re-flows the runs into the columns that fit now; fits the heights too
        } else {
            fitHeatmapHeights();
        }
    }
    return QWidget::eventFilter(watched, event);
}

int PositionSimilarityWidget::sideBySideColumns() const {
    const int runs = static_cast<int>(m_runs.size());
    const int line = fontMetrics().height();
    const int spacing = qMax(0, m_grid->horizontalSpacing());
    const int fit = (m_scroll->viewport()->width() + spacing) / (line * (kSideBySideMinLines + 1) + spacing);
    return qBound(1, qMin(fit, runs), kNowColumns);
}

void PositionSimilarityWidget::fitHeatmapHeights() {
    const int line = fontMetrics().height();
    const int spacing = qMax(0, m_grid->horizontalSpacing());
    const int viewportHeight = m_scroll->viewport()->height();
    if (m_mode == Mode::NowSideBySide) {
        // Square-ish maps that use the column width, with every row of runs on screen at once
        // when the height allows it (a title of up to two lines above each map).
        const int columns = qMax(1, m_columns);
        const int rows = (static_cast<int>(m_runs.size()) + columns - 1) / columns;
        const int width = (m_scroll->viewport()->width() - 2 * spacing * columns) / columns;
        const int perRow = (viewportHeight - spacing) / qMax(1, rows) - line * 2 - 2 * spacing;
        const int height = qBound(line * 8, qMin(width, perRow), line * 40);
        for (const auto& entry : m_runs) {
            // Fixed, not only a minimum: the word-wrapped titles make the grid height-for-width,
            // and the scroll area then gave each map its (much taller) size hint.
            entry->now->setFixedHeight(height);
        }
        return;
    }
    // Square-ish heatmaps that use the column width, but at most ~3/4 of the viewport high, so a
    // whole run fits and the next one peeks in (the scroll area takes the rest).
    const int columns = 3;
    const int width = (m_scroll->viewport()->width() - 2 * spacing * columns) / columns;
    const int height = qBound(line * 16, width - line * 2, viewportHeight * 3 / 4 - line * 2);
    for (const auto& entry : m_runs) {
        for (HeatmapWidget* heatmap : entry->all()) {
            heatmap->setMaximumHeight(QWIDGETSIZE_MAX);
            heatmap->setMinimumHeight(height);
        }
    }
}

PositionSimilarityWidget::RunEntry* PositionSimilarityWidget::find(const QString& key) const {
    for (const auto& entry : m_runs) {
        if (entry->key == key) {
            return entry.get();
        }
    }
    return nullptr;
}

PositionSimilarityWidget::RunEntry* PositionSimilarityWidget::createEntry(const QString& key) {
    auto entry = std::make_unique<RunEntry>();
    entry->key = key;
    entry->title = new QLabel(m_content);
    entry->title->setTextFormat(Qt::PlainText);
    // A long run name wraps instead of making the whole view wider than its dock (at 1366x768 in
    // presentation mode that pushed the second and third maps behind a horizontal scroll bar).
    entry->title->setWordWrap(true);
    entry->title->setMinimumWidth(1);
    QFont bold = entry->title->font();
    bold.setBold(true);
    entry->title->setFont(bold);
    const int line = fontMetrics().height();
    for (HeatmapWidget** slot : {&entry->before, &entry->now, &entry->difference}) {
        auto* heatmap = new HeatmapWidget(m_content);
        heatmap->setColorMap(ColorMapKind::Diverging);
        heatmap->setAxisTitles(tr("position"), tr("position"));
        heatmap->setMinimumSize(line * 17, line * 16);  // fitHeatmapHeights() raises the height
        *slot = heatmap;
    }
    entry->before->setValueRange(-1.0F, 1.0F);  // cosine similarity
    entry->now->setValueRange(-1.0F, 1.0F);
    entry->difference->setAutoRange();  // symmetric around 0, sized to the largest change
    m_runs.push_back(std::move(entry));
    return m_runs.back().get();
}

QSize PositionSimilarityWidget::contentSize() const {
    if (m_content->size().isEmpty()) {
        m_content->layout()->activate();
        m_content->resize(m_content->sizeHint());
    }
    return m_content->size();
}

void PositionSimilarityWidget::exportViaDialog(const QString& format) {
    const QString suggested =
        QDir(m_exportDir).filePath(QStringLiteral("position-similarity.") + format);
    const QString filter =
        format == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG image (*.svg)");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export similarity"), suggested, filter);
    if (path.isEmpty()) {
        return;
    }
    m_exportDir = QFileInfo(path).absolutePath();
    const bool ok = format == QLatin1String("png") ? exportPng(path) : exportSvg(path);
    if (ok) {
        Q_EMIT exported(path);
    } else {
        QMessageBox::warning(this, tr("Export similarity"),
                             tr("Could not write %1. Check that the folder exists and is writable, "
                                "then export again.")
                                 .arg(QDir::toNativeSeparators(path)));
    }
}

}  // namespace fpt::widgets
