// SPDX-License-Identifier: MIT
// Cosine similarity between the rows of each run's positional embedding (wpe): before (step 0, the
// backbone's) | now | now - before per run, or every run's "now" side by side to compare tasks.
#pragma once

#include <QColor>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;

namespace fpt::widgets {

class HeatmapWidget;

/// Which of a run's three matrices.
enum class SimilarityPanel { Before, Now, Difference };

/// Runs are keyed by the app's run id and kept in insertion order; matrices are T x T, row-major.
class PositionSimilarityWidget : public QWidget {
    Q_OBJECT

public:
    enum class Mode {
        CompareSteps,   // one row per run: before | now | difference
        NowSideBySide,  // each run's "now" next to the others', each at its own T
    };

    explicit PositionSimilarityWidget(QWidget* parent = nullptr);
    ~PositionSimilarityWidget() override;

    /// Adds or updates a run. before may be empty (no reference: the difference is not shown).
    /// Returns false, and shows placeholders, when now is not tokens x tokens.
    bool setRun(const QString& key,
                const QString& runName,
                const QColor& color,
                const QStringList& tokenLabels,
                int tokens,
                const QVector<float>& before,
                const QVector<float>& now,
                qint64 step);
    void removeRun(const QString& key);
    void clear();

    QStringList runKeys() const;

    void setMode(Mode mode);

    Mode mode() const { return m_mode; }
    /// Runs per row of the grid as laid out now (3 in "compare": before | now | difference).
    int columnCount() const { return m_mode == Mode::CompareSteps ? 3 : m_columns; }

    /// The heatmap of one run's panel, or nullptr for an unknown key.
    HeatmapWidget* heatmap(const QString& key, SimilarityPanel panel) const;

    /// now - before element-wise; empty unless both have the same non-zero size.
    static QVector<float> difference(const QVector<float>& now, const QVector<float>& before);

    /// The whole content (all runs, also the part scrolled out of view) as an image or SVG.
    bool exportPng(const QString& path, double scale = 2.0) const;
    bool exportSvg(const QString& path) const;

Q_SIGNALS:
    /// The Export menu wrote a file.
    void exported(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct RunEntry;

    void buildUi();
    void relayout();
    RunEntry* find(const QString& key) const;
    RunEntry* createEntry(const QString& key);
    QSize contentSize() const;
    void fitHeatmapHeights();
    /// Runs per row in "side by side": as many as fit the viewport at a readable size (1 to 3).
    int sideBySideColumns() const;
    void exportViaDialog(const QString& format);

    QComboBox* m_modeCombo = nullptr;
    QLabel* m_note = nullptr;  // what "before" and "now" mean (compare mode)
    QScrollArea* m_scroll = nullptr;
    QWidget* m_content = nullptr;
    QGridLayout* m_grid = nullptr;
    QLabel* m_placeholder = nullptr;
    std::vector<std::unique_ptr<RunEntry>> m_runs;  // insertion order; widgets are m_content's
    Mode m_mode = Mode::CompareSteps;
    int m_columns = 0;  // the side-by-side columns the grid is laid out with now
    QString m_exportDir;
};

}  // namespace fpt::widgets
