// SPDX-License-Identifier: MIT
// MainWindow: builds the docks and menus and connects the pieces; no training logic lives here.
#include "app/gui/main_window.h"

#include "app/gui/config_bridge.h"
#include "app/gui/log_bridge.h"
#include "app/gui/parameter_count_service.h"
#include "app/gui/run_manager.h"
#include "app/gui/run_precheck.h"
#include "app/gui/study_controller.h"
#include "app/gui/views_coordinator.h"
#include "core/backbones/backbone_registry.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/common/error_details_dialog.h"
#include "widgets/editor/experiment_editor_widget.h"
#include "widgets/runs/log_panel_widget.h"
#include "widgets/attention/position_similarity_widget.h"
#include "widgets/runs/run_list_widget.h"
#include "widgets/runs/study_table_widget.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>

#include <algorithm>

namespace fpt::app {

namespace {

constexpr int kStateVersion = 1;

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name, QWidget* content,
                      Qt::DockWidgetArea area, bool scrollable = false) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    if (scrollable) {
        // The heatmap views want room; in a scroll area they never force the window past the screen.
        auto* scroll = new QScrollArea(dock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(content);
        dock->setWidget(scroll);
    } else {
        dock->setWidget(content);
    }
    window->addDockWidget(area, dock);
    return dock;
}

}  // namespace

MainWindow::MainWindow(LogBridge* logBridge, QWidget* parent)
    : QMainWindow(parent)
    , m_runs(new RunManager(this)) {
    setWindowTitle(QStringLiteral("FPT Explorer"));
    const auto root = QString::fromStdString(core::projectRoot());
    // Runs go beside the checkout's presets (runs/); an installed build's share/fpt-explorer is
    // not writable, so there they go to the user's data folder (~/.local/share/fpt-explorer/runs).
    const bool checkout = !root.isEmpty() && QFileInfo::exists(QDir(root).filePath(QStringLiteral("CMakeLists.txt")));
    m_runs->setRunsRoot(checkout ? QDir(root).filePath(QStringLiteral("runs"))
                                 : QDir(QDir::homePath()).filePath(QStringLiteral(".local/share/fpt-explorer/runs")));
    m_curves = new widgets::CurvePanelWidget(this);
    setCentralWidget(m_curves);
    buildDocks();
    m_views = new ViewsCoordinator(m_runs, m_curves, m_attention, m_positions, this);
    m_counter = new ParameterCountService(this);
    m_study = new StudyController(m_runs, m_studyTable, this);
    connect(m_study, &StudyController::cellRunsRequested, this, [this](const QStringList& ids) {
        m_curves->setGroupSeeds(true);  // a cell's seeds as one mean curve with a band
        m_runList->selectRuns(ids);
    });
    connect(m_studyTable, &widgets::StudyTableWidget::exportRequested, this, [this](const QString& format) {
        const auto path = QFileDialog::getSaveFileName(this, tr("Export study table"), QString(),
                                                       format.toUpper() + QStringLiteral(" (*.") + format + QLatin1Char(')'));
        if (path.isEmpty()) {
            return;
        }
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_study->exportText(format).toUtf8()) < 0) {
            showError(tr("Export failed"), tr("Could not write '%1': %2").arg(path, file.errorString()));
        }
    });
    connect(m_counter, &ParameterCountService::counted, m_editor,
            &widgets::ExperimentEditorWidget::setParameterCounts);
    connect(m_counter, &ParameterCountService::architectureLocked, m_editor,
            &widgets::ExperimentEditorWidget::setArchitectureLocked);
    if (logBridge != nullptr) {
        connect(logBridge, &LogBridge::lineAppended, m_log, &widgets::LogPanelWidget::appendLine);
    }
    buildMenus();
    wireRuns();
    m_statusLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusLabel);
    auto* statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    statusTimer->start(500);
    resize(1500, 950);
    m_defaultState = saveState(kStateVersion);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kStateVersion);
    if (const auto* screen = QGuiApplication::primaryScreen()) {
        // Never open larger than the screen (a saved geometry may come from a bigger one).
        const QSize avail = screen->availableGeometry().size();
        resize(std::min(width(), avail.width()), std::min(height(), avail.height()));
    }
    applyTheme(settings.value(QStringLiteral("view/theme"), QStringLiteral("system")).toString());
    showFirstLaunchHint();
}

MainWindow::~MainWindow() = default;

QString MainWindow::presetsDir() const {
    const auto root = QString::fromStdString(core::projectRoot());
    return QDir(root.isEmpty() ? QDir::currentPath() : root).filePath(QStringLiteral("presets"));
}

void MainWindow::refreshBackbones() {
    QStringList backbones = {QStringLiteral("random")};
    for (const auto& b : core::BackboneRegistry::available()) {  // named folders + cached Hub GPT-2s
        backbones.append(QString::fromStdString(b.name));
    }
    m_editor->setBackboneChoices(backbones);
}

void MainWindow::buildDocks() {
    setDockNestingEnabled(true);
    m_editor = new widgets::ExperimentEditorWidget(this);
    refreshBackbones();
    QList<QPair<QString, QString>> presets;
    for (const auto& info : QDir(presetsDir()).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        presets.append({info.completeBaseName(), info.absoluteFilePath()});
    }
    m_editor->setPresets(presets);
    m_runList = new widgets::RunListWidget(this);
    m_runList->setModel(m_runs->runs());
    m_attention = new widgets::AttentionViewWidget(this);
    m_positions = new widgets::PositionSimilarityWidget(this);
    m_log = new widgets::LogPanelWidget(this);
    m_table = new QTableView(this);
    m_table->setModel(m_runs->metrics());
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(QStringLiteral("Metrics table"));
    m_studyTable = new widgets::StudyTableWidget(this);
    auto* editorDock = makeDock(this, tr("Experiment"), QStringLiteral("experimentDock"), m_editor, Qt::LeftDockWidgetArea);
    auto* runsDock = makeDock(this, tr("Runs"), QStringLiteral("runsDock"), m_runList, Qt::BottomDockWidgetArea);
    auto* attentionDock = makeDock(this, tr("Attention"), QStringLiteral("attentionDock"), m_attention, Qt::RightDockWidgetArea, true);
    auto* positionsDock = makeDock(this, tr("Positional embeddings"), QStringLiteral("positionsDock"), m_positions, Qt::RightDockWidgetArea, true);
    auto* tableDock = makeDock(this, tr("Data"), QStringLiteral("dataDock"), m_table, Qt::BottomDockWidgetArea);
    auto* logDock = makeDock(this, tr("Log"), QStringLiteral("logDock"), m_log, Qt::BottomDockWidgetArea);
    auto* studyDock = makeDock(this, tr("Study"), QStringLiteral("studyDock"), m_studyTable, Qt::BottomDockWidgetArea);
    tabifyDockWidget(attentionDock, positionsDock);
    attentionDock->raise();
    tabifyDockWidget(runsDock, tableDock);
    tabifyDockWidget(tableDock, logDock);
    tabifyDockWidget(logDock, studyDock);
    runsDock->raise();
    resizeDocks({editorDock, attentionDock}, {380, 560}, Qt::Horizontal);
    resizeDocks({runsDock}, {230}, Qt::Vertical);
    buildLessonDock();
    connect(m_editor, &widgets::ExperimentEditorWidget::configEdited, this, &MainWindow::onConfigEdited);
    connect(m_editor, &widgets::ExperimentEditorWidget::presetRequested, this,
            [this](const QString& path) { loadPreset(path); });
}

void MainWindow::wireRuns() {
    connect(m_editor, &widgets::ExperimentEditorWidget::startRequested, this, [this]() { startExperiment(); });
    connect(m_editor, &widgets::ExperimentEditorWidget::compareRequested, this, [this](const QJsonObject& c) {
        QString error;
        if (m_runs->launchComparison(c, &error).size() != 3) {
            showError(tr("Cannot start the comparison"), error);
        }
    });
    connect(m_editor, &widgets::ExperimentEditorWidget::savePresetRequested, this, [this]() {
        const auto path = QFileDialog::getSaveFileName(this, tr("Save preset"), presetsDir(), tr("Presets (*.json)"));
        QString error;
        if (!path.isEmpty() && !ConfigBridge::savePreset(path, m_editor->config(), error)) {
            showError(tr("Cannot save the preset"), error);
        }
    });
    connect(m_runList, &widgets::RunListWidget::pauseRequested, m_runs, &RunManager::pause);
    connect(m_runList, &widgets::RunListWidget::resumeRequested, m_runs, &RunManager::resume);
    connect(m_runList, &widgets::RunListWidget::stepRequested, m_runs, &RunManager::step);
    connect(m_runList, &widgets::RunListWidget::stopRequested, m_runs, &RunManager::stop);
    connect(m_runList, &widgets::RunListWidget::removeRequested, m_runs, &RunManager::remove);
    connect(m_runList, &widgets::RunListWidget::startRequested, this, [this](const QStringList& ids) {
        for (const auto& id : ids) {  // a stopped run continues from its checkpoint
            QString error;
            if (m_runs->canContinue(id) && !m_runs->continueRun(id, 0, &error)) {
                showError(tr("Cannot continue the run"), error);
            }
        }
    });
    connect(m_runList, &widgets::RunListWidget::openFolderRequested, this, [this]() {
        const auto dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"), m_runs->runsRoot());
        if (!dir.isEmpty()) {
            openRunFolder(dir);
        }
    });
    connect(m_runList, &widgets::RunListWidget::foldersDropped, this, [this](const QStringList& folders) {
        for (const auto& f : folders) {
            openRunFolder(f);
        }
    });
    connect(m_runList, &widgets::RunListWidget::selectionChangedTo, m_views, &ViewsCoordinator::setSelectedRuns);
    connect(m_runs, &RunManager::runFailed, this, [this](const QString& id, const QString& message, const QString& details) {
        const auto* run = m_runs->runs()->run(id);
        showError(tr("Run %1 failed").arg(run ? run->name : id), message, details);
    });
}

void MainWindow::onConfigEdited(const QJsonObject& config) {
    QList<QPair<QString, QString>> issues;
    const auto parsed = ConfigBridge::fromJson(config, issues);
    if (issues.isEmpty()) {
        issues = precheckRun(parsed);  // layer indices vs the body's depth, data folders
    }
    m_editor->setFieldErrors(issues);
    if (issues.isEmpty()) {
        m_counter->request(config);
    } else {
        m_editor->setParameterCounts(-1, -1);
    }
}

bool MainWindow::loadPreset(const QString& path, bool quiet) {
    QString error;
    const auto config = ConfigBridge::loadPreset(path, error);
    if (config.isEmpty()) {
        if (!quiet) {
            showError(tr("Cannot open the preset"), error);
        }
        return false;
    }
    m_editor->setConfig(config);
    onConfigEdited(config);
    statusBar()->showMessage(tr("Loaded preset %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::startExperiment() {
    QString error;
    if (m_runs->launch(m_editor->config(), &error).isEmpty()) {
        onConfigEdited(m_editor->config());
        showError(tr("Cannot start the run"), tr("Fix the highlighted settings first."), error);
    }
}

void MainWindow::openRunFolder(const QString& folder) {
    QString error;
    if (m_runs->openFolder(folder, &error).isEmpty()) {
        showError(tr("Cannot open the run folder"), error);
        return;
    }
    rememberFolder(folder);
}

void MainWindow::showError(const QString& title, const QString& message, const QString& details) {
    widgets::ErrorDetailsDialog::show(this, title, message, details.isEmpty() ? message : details);
}

void MainWindow::updateStatus() {
    int active = 0;
    double rate = 0.0;
    for (const auto& id : m_runs->runs()->ids()) {
        const auto* run = m_runs->runs()->run(id);
        if (run->state == QLatin1String("running")) {
            ++active;
            rate += run->stepsPerS;
        }
    }
    m_statusLabel->setText(active == 0 ? tr("No run training")
                                       : tr("%n run(s) training, %1 steps/s in total", nullptr, active)
                                             .arg(rate, 0, 'f', 1));
}

void MainWindow::rememberFolder(const QString& folder) {
    QSettings settings;
    auto recent = settings.value(QStringLiteral("recent/folders")).toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    settings.setValue(QStringLiteral("recent/folders"), recent.mid(0, 10));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (m_recentMenu == nullptr) {
        return;
    }
    m_recentMenu->clear();
    const auto recent = QSettings().value(QStringLiteral("recent/folders")).toStringList();
    for (const auto& folder : recent) {
        m_recentMenu->addAction(folder, this, [this, folder]() { openRunFolder(folder); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::applyTheme(const QString& theme) {
    static const QPalette systemPalette = QApplication::palette();
    if (theme == QLatin1String("dark")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QPalette p;
        p.setColor(QPalette::Window, QColor(37, 37, 38));
        p.setColor(QPalette::WindowText, QColor(220, 220, 220));
        p.setColor(QPalette::Base, QColor(30, 30, 30));
        p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        p.setColor(QPalette::Text, QColor(220, 220, 220));
        p.setColor(QPalette::Button, QColor(45, 45, 48));
        p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        p.setColor(QPalette::Highlight, QColor(38, 79, 120));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(45, 45, 48));
        p.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
        p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
        QApplication::setPalette(p);
    } else if (theme == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setPalette(systemPalette);
    }
    QSettings().setValue(QStringLiteral("view/theme"), theme);
}

void MainWindow::resetLayout() { restoreState(m_defaultState, kStateVersion); }

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kStateVersion));
    statusBar()->showMessage(tr("Stopping runs and writing checkpoints…"));
    m_runs->shutdown();
    event->accept();
}

}  // namespace fpt::app
