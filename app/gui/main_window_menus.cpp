// SPDX-License-Identifier: MIT
// MainWindow's menus (File, Run, View, Presets, Help), kept apart from the dock wiring.
#include "app/gui/main_window.h"

#include "core/kernels/build_info.h"
#include "core/training/tensorboard_export.h"

#include "app/gui/get_backbone_dialog.h"
#include "app/gui/presentation_mode.h"
#include "app/gui/run_actions.h"
#include "app/gui/run_precheck.h"
#include "app/gui/run_manager.h"
#include "app/gui/study_controller.h"
#include "core/studies/study_plan.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/editor/experiment_editor_widget.h"
#include "widgets/attention/position_similarity_widget.h"
#include "widgets/runs/run_list_widget.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QFileInfo>

namespace fpt::app {

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Preset…"), QKeySequence::Open, this, [this]() {
        const auto path = QFileDialog::getOpenFileName(this, tr("Open preset"), presetsDir(), tr("Presets (*.json)"));
        if (!path.isEmpty()) {
            loadPreset(path);
        }
    });
    file->addAction(tr("Open &Run Folder…"), QKeySequence(tr("Ctrl+Shift+O")), this, [this]() {
        const auto dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"), m_runs->runsRoot());
        if (!dir.isEmpty()) {
            openRunFolder(dir);
        }
    });
    m_recentMenu = file->addMenu(tr("Open Re&cent"));
    rebuildRecentMenu();
    buildExportMenu(file->addMenu(tr("&Export")));
    file->addAction(tr("&Get Backbone…"), this, [this]() {
        GetBackboneDialog dialog(this);
        connect(&dialog, &GetBackboneDialog::backboneFetched, this, [this]() { refreshBackbones(); });
        dialog.exec();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    buildRunMenu(menuBar()->addMenu(tr("&Run")));

    auto* presets = menuBar()->addMenu(tr("&Presets"));
    for (const auto& info : QDir(presetsDir()).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const auto path = info.absoluteFilePath();
        const QString missing = presetDataNote(path);  // e.g. CIFAR-10 without its files
        auto* action = presets->addAction(
            missing.isEmpty() ? info.completeBaseName() : tr("%1 (data missing)").arg(info.completeBaseName()),
            this, [this, path]() { loadPreset(path); });
        action->setToolTip(missing);
        action->setStatusTip(missing);
    }
    presets->setToolTipsVisible(true);

    buildStudiesMenu(menuBar()->addMenu(tr("&Studies")));
    buildViewMenu(menuBar()->addMenu(tr("&View")));

    auto* help = menuBar()->addMenu(tr("&Help"));
    buildLessonMenu(help);
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, [this]() {
        QMessageBox::information(this, tr("Keyboard shortcuts"),
            tr("Ctrl+Return  start the experiment\nCtrl+Shift+Return  FPT vs Full vs LSTM\n"
               "Ctrl+P  pause selected runs\nCtrl+.  single step\nCtrl+R  resume\nCtrl+Shift+S  stop\n"
               "Ctrl+O  open preset\nCtrl+Shift+O  open run folder\n\n"
               "Charts: drag to zoom, Shift+drag or right-drag to pan, wheel to zoom,\n"
               "double-click or Home to follow the data again, click a legend entry to hide it."));
    });
    help->addAction(tr("&About FPT Explorer"), this, [this]() {
        QMessageBox::about(this, tr("About FPT Explorer"), aboutText());
    });
}

QString MainWindow::aboutText() {
    // The same facts as `fpt --version` and run.json's "build" (core/kernels/build_info.h), plus Qt.
    const auto& info = core::buildInfo();
    const auto row = [](const QString& key, const std::string& value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key, QString::fromStdString(value).toHtmlEscaped());
    };
    return tr("<b>FPT Explorer %1</b><p>Explore <i>Pretrained Transformers as Universal Computation "
              "Engines</i> (Lu, Grover, Abbeel, Mordatch, 2021): frozen pretrained transformers vs "
              "fully trained transformers and LSTMs, live curves, attention maps and positional "
              "embeddings.</p>")
               .arg(QString::fromStdString(info.version)) +
           QStringLiteral("<table>") + row(tr("Version"), info.version) + row(tr("Git commit"), info.git_commit) +
           row(tr("LibTorch"), info.libtorch_version) + row(tr("Qt"), std::string(qVersion())) +
           row(tr("BLAS"), info.blas) + row(tr("CPU features"), info.cpu_features) + QStringLiteral("</table>");
}

void MainWindow::buildRunMenu(QMenu* run) {
    run->addAction(tr("&Start Experiment"), QKeySequence(tr("Ctrl+Return")), this, &MainWindow::startExperiment);
    run->addAction(tr("&Compare FPT vs Full vs LSTM"), QKeySequence(tr("Ctrl+Shift+Return")), this, [this]() {
        QString error;
        if (m_runs->launchComparison(m_editor->config(), &error).size() != 3) {
            showError(tr("Cannot start the comparison"), error);
        }
    });
    run->addSeparator();
    auto selected = [this]() {
        const auto ids = m_runList->selectedRunIds();
        return ids.isEmpty() ? m_runs->runs()->ids() : ids;
    };
    run->addAction(tr("&Pause"), QKeySequence(tr("Ctrl+P")), this, [this, selected]() { m_runs->pause(selected()); });
    run->addAction(tr("Single S&tep"), QKeySequence(tr("Ctrl+.")), this, [this, selected]() { m_runs->step(selected()); });
    run->addAction(tr("&Resume"), QKeySequence(tr("Ctrl+R")), this, [this, selected]() { m_runs->resume(selected()); });
    run->addAction(tr("St&op"), QKeySequence(tr("Ctrl+Shift+S")), this, [this, selected]() { m_runs->stop(selected()); });
    run->addAction(tr("Co&ntinue to N Steps…"), this, [this]() { continueRuns(this, m_runs, m_runList->selectedRunIds()); });
    run->addSeparator();
    run->addAction(tr("Compare Se&ttings of Selected Runs…"), QKeySequence(tr("Ctrl+Shift+D")), this,
                   [this]() { showConfigDiff(this, m_runs, m_runList->selectedRunIds()); });
}

void MainWindow::buildStudiesMenu(QMenu* menu) {
    for (const auto& [name, description] : core::availableStudies()) {
        const QString key = QString::fromStdString(name);
        auto* action = menu->addAction(key + QStringLiteral("…"), this, [this, key]() { startStudy(key); });
        action->setToolTip(QString::fromStdString(description));
        action->setStatusTip(QString::fromStdString(description));
    }
    menu->setToolTipsVisible(true);
}

void MainWindow::startStudy(const QString& name) {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Run study %1").arg(name));
    auto* form = new QFormLayout(&dialog);
    auto* budget = new QComboBox(&dialog);
    budget->addItem(tr("small: minutes per run on a laptop CPU"), QStringLiteral("small"));
    budget->addItem(tr("medium: 3-10x longer runs (hours for a whole study on 2 cores)"), QStringLiteral("medium"));
    budget->addItem(tr("paper: the paper's steps and GPT-2 (GPU / big machine)"), QStringLiteral("paper"));
    auto* seeds = new QSpinBox(&dialog);
    seeds->setRange(1, 20);
    seeds->setValue(3);  // fewer than 3 seeds give no usable interval on a difference
    auto* folder = new QLineEdit(&dialog);
    form->addRow(tr("Budget"), budget);
    form->addRow(tr("Seeds per cell"), seeds);
    form->addRow(tr("Study folder"), folder);
    auto updateFolder = [&]() {
        folder->setText(QDir(m_runs->runsRoot()).filePath(QStringLiteral("study-") + name + QLatin1Char('-') +
                                                          budget->currentData().toString()));
    };
    updateFolder();
    connect(budget, &QComboBox::currentIndexChanged, &dialog, updateFolder);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    openStudy(name, budget->currentData().toString(), seeds->value(), folder->text());
}

bool MainWindow::openStudy(const QString& name, const QString& budget, int seeds, QString folder, QString* error) {
    if (folder.isEmpty()) {
        folder = QDir(m_runs->runsRoot()).filePath(QStringLiteral("study-") + name + QLatin1Char('-') + budget);
    }
    QString why;
    if (!m_study->start(name, budget, seeds, folder, presetsDir(), &why)) {
        if (error) {
            *error = why;
        } else {
            showError(tr("Cannot start the study"), why);
        }
        return false;
    }
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("studyDock"))) {
        dock->show();
        dock->raise();
        // Room for the whole grid and a few of the differences under it (at 1366x768 the dock
        // opened ~200 px high and showed two of five rows).
        if (m_presentation != nullptr && m_presentation->isActive()) {
            m_presentation->makeRoomForStudy();
        } else if (!dock->isFloating() && dock->height() < height() * 9 / 20) {
            resizeDocks({dock}, {height() * 9 / 20}, Qt::Vertical);
        }
    }
    return true;
}

void MainWindow::buildViewMenu(QMenu* view) {
    for (auto* dock : findChildren<QDockWidget*>()) {
        view->addAction(dock->toggleViewAction());
    }
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    auto* theme = view->addMenu(tr("&Theme"));
    auto* group = new QActionGroup(theme);
    const QString current = QSettings().value(QStringLiteral("view/theme"), QStringLiteral("system")).toString();
    for (const auto& [key, label] : {std::pair{QStringLiteral("system"), tr("Follow &System")},
                                     {QStringLiteral("light"), tr("&Light")},
                                     {QStringLiteral("dark"), tr("&Dark")}}) {
        auto* action = theme->addAction(label, this, [this, key = key]() { applyTheme(key); });
        action->setCheckable(true);
        action->setChecked(key == current);
        group->addAction(action);
    }
    buildPresentationActions(view);
}

void MainWindow::buildExportMenu(QMenu* exportMenu) {
    auto ask = [this](const QString& title, const QString& filter) {
        return QFileDialog::getSaveFileName(this, title, QSettings().value(QStringLiteral("export/dir")).toString(), filter);
    };
    auto done = [this](bool ok, const QString& path) {
        if (!ok) {
            showError(tr("Export failed"), tr("Could not write '%1'.").arg(path));
            return;
        }
        QSettings().setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    };
    exportMenu->addAction(tr("Curves (PNG + SVG + CSV, raw and smoothed)…"), this, [=]() {
        const auto base = ask(tr("Export curves: base name"), tr("Base name (*)"));
        if (!base.isEmpty()) {
            done(m_curves->exportAll(base), base);
        }
    });
    exportMenu->addAction(tr("All Metrics as CSV…"), this, [=]() {
        const auto path = ask(tr("Export metrics"), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty()) {
            done(m_runs->metrics()->exportCsv(path, error), path);
        }
    });
    exportMenu->addAction(tr("Runs as TensorBoard Event Files…"), this, [this]() { exportTensorBoard(); });
    for (const char* format : {"png", "svg"}) {
        const QString ext = QString::fromLatin1(format);
        exportMenu->addAction(tr("Attention Map (%1)…").arg(ext.toUpper()), this, [=]() {
            const auto path = ask(tr("Export attention map"), ext.toUpper() + QStringLiteral(" (*.") + ext + QLatin1Char(')'));
            if (!path.isEmpty()) {
                done(ext == QLatin1String("png") ? m_attention->exportCurrentHeatmapPng(path)
                                                 : m_attention->exportCurrentHeatmapSvg(path), path);
            }
        });
        exportMenu->addAction(tr("Positional Similarity (%1)…").arg(ext.toUpper()), this, [=]() {
            const auto path = ask(tr("Export positional similarity"), ext.toUpper() + QStringLiteral(" (*.") + ext + QLatin1Char(')'));
            if (!path.isEmpty()) {
                done(ext == QLatin1String("png") ? m_positions->exportPng(path) : m_positions->exportSvg(path), path);
            }
        });
    }
}

bool MainWindow::exportTensorBoard(const QString& outDir, QString* error) {
    // The selected runs (all when none is selected), one subfolder each, named as in the legend.
    const auto ids = m_runList->selectedRunIds().isEmpty() ? m_runs->runs()->ids() : m_runList->selectedRunIds();
    std::vector<std::string> folders;
    std::vector<std::string> names;
    for (const auto& id : ids) {
        if (const auto* run = m_runs->runs()->run(id); run != nullptr && !run->folder.isEmpty()) {
            folders.push_back(run->folder.toStdString());
            names.push_back(run->name.toStdString());
        }
    }
    QString dir = outDir;
    if (dir.isEmpty()) {
        dir = QFileDialog::getExistingDirectory(this, tr("Export runs to TensorBoard: output folder"),
                                                QSettings().value(QStringLiteral("export/dir")).toString());
        if (dir.isEmpty()) {
            return false;
        }
    }
    QString message;
    if (folders.empty()) {
        message = tr("There are no runs with a folder to export.");
    } else {
        try {
            const auto results = core::exportTensorBoard(folders, dir.toStdString(), names);
            QSettings().setValue(QStringLiteral("export/dir"), dir);
            statusBar()->showMessage(tr("Exported %n run(s) to %1: tensorboard --logdir %1", nullptr,
                                        static_cast<int>(results.size()))
                                         .arg(QDir::toNativeSeparators(dir)),
                                     8000);
            return true;
        } catch (const std::exception& e) {
            message = QString::fromStdString(e.what());
        }
    }
    if (error != nullptr) {
        *error = message;
    } else {
        showError(tr("TensorBoard export failed"), message);
    }
    return false;
}

}  // namespace fpt::app
