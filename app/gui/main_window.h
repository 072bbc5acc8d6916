// SPDX-License-Identifier: MIT
// The explorer window: composition only. Docks (experiment, runs, attention, positions, data
// table, log) around the curves; menus with standard shortcuts; layout and recent folders in
// QSettings.
#pragma once

#include <QJsonObject>
#include <QMainWindow>
#include <QStringList>

class QLabel;
class QMenu;
class QTableView;

namespace fpt::widgets {
class AttentionViewWidget;
class CurvePanelWidget;
class ExperimentEditorWidget;
class LogPanelWidget;
class PositionSimilarityWidget;
class RunListWidget;
class StudyTableWidget;
}  // namespace fpt::widgets

namespace fpt::app {

class LessonPanel;
class LessonRunner;
class LogBridge;
class ParameterCountService;
class PresentationMode;
class RunManager;
class StudyController;
class ViewsCoordinator;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(LogBridge* logBridge, QWidget* parent = nullptr);
    ~MainWindow() override;

    RunManager* runManager() const { return m_runs; }
    widgets::ExperimentEditorWidget* editor() const { return m_editor; }

    /// Loads a preset into the editor; false (with a dialog unless quiet) when unreadable.
    bool loadPreset(const QString& path, bool quiet = false);
    /// Launches the editor's experiment.
    void startExperiment();
    void openRunFolder(const QString& folder);
    /// Opens (or starts) a study in `folder` (default runs/study-NAME-BUDGET): finished runs are
    /// reopened, pending ones queued, and the Studies dock shows the table. False when the study
    /// cannot be planned: the reason goes to `error` when given, else to an error dialog.
    bool openStudy(const QString& name, const QString& budget, int seeds, QString folder = {}, QString* error = nullptr);

    // Lessons and presentation mode (main_window_lessons.cpp).
    /// Opens the Lesson dock on lesson `name` (a file in resources/lessons/); false with `error`.
    bool startLesson(const QString& name, QString* error = nullptr);
    LessonRunner* lessons() const { return m_lessonRunner; }
    PresentationMode* presentation() const { return m_presentation; }
    widgets::CurvePanelWidget* curves() const { return m_curves; }
    widgets::AttentionViewWidget* attentionView() const { return m_attention; }
    widgets::PositionSimilarityWidget* positionsView() const { return m_positions; }
    widgets::RunListWidget* runList() const { return m_runList; }
    widgets::StudyTableWidget* studyTable() const { return m_studyTable; }
    QString presetsDir() const;
    /// File > Export > TensorBoard: the selected runs (all when none is selected) as event files,
    /// one subfolder per run named as in the legend. An empty `outDir` asks for the folder; on
    /// failure the reason goes to `error` when given, else to an error dialog.
    bool exportTensorBoard(const QString& outDir = {}, QString* error = nullptr);
    /// Help > About: version, git commit, LibTorch, Qt, BLAS in use and CPU features.
    static QString aboutText();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildDocks();
    void refreshBackbones();
    void buildMenus();
    void buildRunMenu(QMenu* menu);
    void buildViewMenu(QMenu* menu);
    void buildExportMenu(QMenu* menu);
    void buildStudiesMenu(QMenu* menu);
    void startStudy(const QString& name);
    void wireRuns();
    void onConfigEdited(const QJsonObject& config);
    void updateStatus();
    void rememberFolder(const QString& folder);
    void rebuildRecentMenu();
    void applyTheme(const QString& theme);
    void resetLayout();
    void showError(const QString& title, const QString& message, const QString& details = {});
    void buildLessonDock();
    void buildLessonMenu(QMenu* help);
    void buildPresentationActions(QMenu* view);
    void showFirstLaunchHint();

    RunManager* m_runs;
    ViewsCoordinator* m_views = nullptr;
    ParameterCountService* m_counter = nullptr;
    widgets::CurvePanelWidget* m_curves = nullptr;
    widgets::ExperimentEditorWidget* m_editor = nullptr;
    widgets::RunListWidget* m_runList = nullptr;
    widgets::AttentionViewWidget* m_attention = nullptr;
    widgets::PositionSimilarityWidget* m_positions = nullptr;
    widgets::LogPanelWidget* m_log = nullptr;
    QTableView* m_table = nullptr;
    widgets::StudyTableWidget* m_studyTable = nullptr;
    StudyController* m_study = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_statusLabel = nullptr;
    QByteArray m_defaultState;
    LessonPanel* m_lessonPanel = nullptr;
    LessonRunner* m_lessonRunner = nullptr;
    PresentationMode* m_presentation = nullptr;
};

}  // namespace fpt::app
