// SPDX-License-Identifier: MIT
// The runs dock: the app's run model in a multi-selection tree, a toolbar of intent actions
// (start, pause, step, resume, stop, remove, open run folder) enabled by the selected runs'
// states, a details area for a failed run's message, and drops of run folders.
#pragma once

#include <QStringList>
#include <QStyle>
#include <QWidget>

class QAbstractItemModel;
class QAction;
class QItemSelection;
class QPlainTextEdit;
class QToolButton;
class QTreeView;

namespace fpt::widgets {

class RunListWidget : public QWidget {
    Q_OBJECT

public:
    /// What a toolbar action may do to a run in a given state.
    enum class Action { Start, Pause, Step, Resume, Stop, Remove };

    explicit RunListWidget(QWidget* parent = nullptr);

    /// Shows `model` (not owned; columns are the app's). Column 0's RunIdRole holds the run id;
    /// ProgressRole / StateRole / Qt::DecorationRole (QColor) are drawn by RunListDelegate.
    void setModel(QAbstractItemModel* model);
    QAbstractItemModel* model() const;

    QTreeView* view() const { return m_view; }

    /// Ids of the selected runs, in row order.
    QStringList selectedRunIds() const;
    /// Selects the runs with these ids (others are deselected).
    void selectRuns(const QStringList& runIds);

    /// Whether `action` applies to a run in `state`: Start queued or stopped (continue); Pause running; Step and Resume
    /// paused; Stop running or paused; Remove anything not running or paused.
    static bool allows(Action action, const QString& state);

Q_SIGNALS:
    // Each carries the selected runs the action applies to (see allows()).
    void startRequested(const QStringList& runIds);
    void pauseRequested(const QStringList& runIds);
    void stepRequested(const QStringList& runIds);
    void resumeRequested(const QStringList& runIds);
    void stopRequested(const QStringList& runIds);
    void removeRequested(const QStringList& runIds);
    /// "Open run folder…": the app asks for a folder and loads it.
    void openFolderRequested();
    /// Run folders dropped onto the list (local directories only).
    void foldersDropped(const QStringList& paths);
    void selectionChangedTo(const QStringList& runIds);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct SelectedRun {
        QString id;
        QString state;
        QString message;  // the state cell's tooltip (a failed run's user message)
    };

    QAction* addIntent(const QString& text,
                       const QString& name,
                       QStyle::StandardPixmap icon,
                       Action action,
                       void (RunListWidget::*signal)(const QStringList&));
    QList<SelectedRun> selectedRuns() const;
    QStringList idsAllowing(Action action) const;
    void updateActions();
    void updateDetails();
    void onSelectionChanged();

    QTreeView* m_view = nullptr;
    QList<QPair<QAction*, Action>> m_intents;
    QToolButton* m_detailsToggle = nullptr;
    QPlainTextEdit* m_details = nullptr;
};

}  // namespace fpt::widgets
