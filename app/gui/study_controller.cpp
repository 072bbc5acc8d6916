// SPDX-License-Identifier: MIT
// StudyController implementation.
#include "app/gui/study_controller.h"

#include "app/gui/config_bridge.h"
#include "app/gui/run_manager.h"
#include "core/studies/study_results.h"
#include "widgets/runs/study_table_widget.h"

#include <cmath>

namespace fpt::app {

StudyController::StudyController(RunManager* runs, widgets::StudyTableWidget* table, QObject* parent)
    : QObject(parent)
    , m_runs(runs)
    , m_table(table) {
    connect(runs, &RunManager::runFinished, this, [this](const QString& id) {
        if (m_cellOfRun.contains(id)) {
            refresh();
        }
    });
    connect(table, &widgets::StudyTableWidget::cellActivated, this, [this](int row, int column) {
        QStringList ids;
        for (auto it = m_cellOfRun.cbegin(); it != m_cellOfRun.cend(); ++it) {
            if (it.value() == qMakePair(row, column)) {
                ids.append(it.key());
            }
        }
        Q_EMIT cellRunsRequested(ids);
    });
}

bool StudyController::start(const QString& name, const QString& budget, int seeds, const QString& folder,
                            const QString& presetsDir, QString* error) {
    try {
        m_plan = core::buildStudyPlan(name.toStdString(), budget.toStdString(), seeds, presetsDir.toStdString());
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    m_folder = folder;
    m_cellOfRun.clear();
    QStringList rows;
    QStringList columns;
    for (const auto& r : m_plan.rows) {
        rows.append(QString::fromStdString(r));
    }
    for (const auto& c : m_plan.columns) {
        columns.append(QString::fromStdString(c));
    }
    m_table->setStudy(QString::fromStdString(m_plan.title) + QStringLiteral(" — budget ") + budget, rows, columns);
    for (int seed = 0; seed < m_plan.seeds; ++seed) {
        for (const auto& cell : m_plan.cells) {
            auto config = cell.config;
            config.train.seed = seed;
            config.name = cell.config.name + "/s" + std::to_string(seed);
            const QString runFolder = QString::fromStdString(m_plan.runDir(folder.toStdString(), cell, seed));
            QString runError;
            const QString id = m_runs->launchAt(ConfigBridge::toJson(config), runFolder, &runError);
            if (id.isEmpty()) {
                *error = runError;
                return false;
            }
            m_cellOfRun.insert(id, {static_cast<int>(rows.indexOf(QString::fromStdString(cell.row))),
                                    static_cast<int>(columns.indexOf(QString::fromStdString(cell.column)))});
        }
    }
    refresh();
    return true;
}

void StudyController::refresh() {
    if (m_folder.isEmpty()) {
        return;
    }
    const auto results = core::collectStudyResults(m_plan, m_folder.toStdString());
    try {
        core::writeStudyResults(results, m_folder.toStdString());
    } catch (const std::exception&) {
        // the table still shows; exporting from the GUI reports a write failure itself
    }
    const bool accuracy = m_plan.metric == "test_accuracy";
    int done = 0;
    for (const auto& c : results.cells) {
        const int row = static_cast<int>(std::find(m_plan.rows.begin(), m_plan.rows.end(), c.row) - m_plan.rows.begin());
        const int column = static_cast<int>(std::find(m_plan.columns.begin(), m_plan.columns.end(), c.column) - m_plan.columns.begin());
        QString value = c.mean ? QString::number(*c.mean, 'f', accuracy ? 1 : 0) : (c.failed > 0 ? tr("failed") : tr("pending"));
        if (c.mean && c.values.size() > 1) {
            value += QStringLiteral(" ± ") + QString::number(*c.std, 'f', accuracy ? 1 : 0);
        }
        if (c.mean) {
            value += QStringLiteral(" n=%1").arg(c.values.size());
        }
        const QString paper = c.paper ? QString::number(*c.paper, 'f', accuracy ? 1 : 0) : QStringLiteral("–");
        // Tint accuracy cells only: the paper's step counts come from far larger budgets.
        const double delta = c.mean && c.paper && accuracy ? *c.mean - *c.paper : std::nan("");
        m_table->setCell(row, column, value, paper, delta,
                         tr("%1 of %2 seeds done, %3 steps per run, %4 s per run")
                             .arg(c.finished).arg(m_plan.seeds).arg(c.steps).arg(c.seconds, 0, 'f', 0));
        done += c.finished + c.failed;
    }
    QStringList lines;
    using Verdict = widgets::StudyTableWidget::Verdict;
    QList<Verdict> verdicts;
    for (const auto& c : results.comparisons) {
        lines.append(tr("%1 − %2 on %3: %4")
                         .arg(QString::fromStdString(c.a), QString::fromStdString(c.b), QString::fromStdString(c.row),
                              QString::fromStdString(core::comparisonText(c, accuracy ? 1 : 0))));
        // No interval (pending, or one seed): neither a finding nor "inside the noise".
        verdicts.append(!c.result.diff.ci_low ? Verdict::Undecided
                        : c.result.inside_noise ? Verdict::InsideNoise
                                                : Verdict::Clear);
    }
    QStringList contradictions;
    for (const auto& sentence : core::paperContradictions(results)) {
        contradictions.append(QString::fromStdString(sentence));
    }
    m_table->setComparisons(lines, verdicts, contradictions);
    m_table->setStatus(tr("%1 of %2 runs finished · tables in %3")
                           .arg(done).arg(static_cast<int>(m_plan.cells.size()) * m_plan.seeds).arg(m_folder));
}

QString StudyController::exportText(const QString& format) const {
    const auto results = core::collectStudyResults(m_plan, m_folder.toStdString());
    if (format == QLatin1String("csv")) {
        return QString::fromStdString(core::studyCsv(results));
    }
    if (format == QLatin1String("tex")) {
        return QString::fromStdString(core::studyLatex(results));
    }
    return QString::fromStdString(core::studyMarkdown(results));
}

}  // namespace fpt::app
