// SPDX-License-Identifier: MIT
// Runs dock; see run_list_widget.h.
#include "widgets/runs/run_list_widget.h"

#include "widgets/runs/run_list_delegate.h"
#include "widgets/runs/run_list_roles.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace fpt::widgets {

namespace {

// Local folders among the dropped urls; a dropped run.json stands for its folder.
QStringList folderPaths(const QMimeData* mime) {
    QStringList paths;
    if (mime == nullptr || !mime->hasUrls()) {
        return paths;
    }
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            continue;
        }
        const QFileInfo info(url.toLocalFile());
        if (info.isDir()) {
            paths.append(info.absoluteFilePath());
        } else if (info.fileName() == QLatin1String("run.json")) {
            paths.append(info.absolutePath());
        }
    }
    paths.removeDuplicates();
    return paths;
}

// Paints a hint on the empty run list, where the view itself paints nothing.
class EmptyHint : public QObject {
public:
    EmptyHint(QTreeView* view, QString text)
        : QObject(view)
        , m_view(view)
        , m_text(std::move(text)) {}

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && watched == m_view->viewport() &&
            (m_view->model() == nullptr || m_view->model()->rowCount() == 0)) {
            QPainter painter(m_view->viewport());
            QColor color = m_view->palette().color(QPalette::Text);
            color.setAlphaF(0.55F);
            painter.setPen(color);
            const int margin = m_view->fontMetrics().height();
            painter.drawText(m_view->viewport()->rect().adjusted(margin, margin, -margin, -margin),
                             Qt::AlignCenter | Qt::TextWordWrap, m_text);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QTreeView* m_view;
    QString m_text;
};

}  // namespace

RunListWidget::RunListWidget(QWidget* parent)
    : QWidget(parent)
    , m_view(new QTreeView) {
    m_view->setObjectName(QStringLiteral("runView"));
    m_view->setAccessibleName(tr("Runs"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegate(new RunListDelegate(m_view));
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);
    m_view->viewport()->installEventFilter(
        new EmptyHint(m_view, tr("No runs yet. Start an experiment, or drop run folders here.")));

    auto* toolbar = new QToolBar;
    toolbar->setObjectName(QStringLiteral("runToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const int iconSide = fontMetrics().height();
    toolbar->setIconSize(QSize(iconSide, iconSide));
    toolbar->addAction(addIntent(tr("Start"), QStringLiteral("startAction"), QStyle::SP_MediaPlay,
                                 Action::Start, &RunListWidget::startRequested));
    toolbar->addAction(addIntent(tr("Pause"), QStringLiteral("pauseAction"), QStyle::SP_MediaPause,
                                 Action::Pause, &RunListWidget::pauseRequested));
    toolbar->addAction(addIntent(tr("Step"), QStringLiteral("stepAction"),
                                 QStyle::SP_MediaSkipForward, Action::Step,
                                 &RunListWidget::stepRequested));
    toolbar->addAction(addIntent(tr("Resume"), QStringLiteral("resumeAction"),
                                 QStyle::SP_MediaSeekForward, Action::Resume,
                                 &RunListWidget::resumeRequested));
    toolbar->addAction(addIntent(tr("Stop"), QStringLiteral("stopAction"), QStyle::SP_MediaStop,
                                 Action::Stop, &RunListWidget::stopRequested));
    QAction* remove = addIntent(tr("Remove"), QStringLiteral("removeAction"), QStyle::SP_TrashIcon,
                                Action::Remove, &RunListWidget::removeRequested);
    remove->setShortcut(QKeySequence::Delete);
    toolbar->addAction(remove);
    toolbar->addSeparator();
    auto* open =
        new QAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open run folder…"), this);
    open->setObjectName(QStringLiteral("openFolderAction"));
    connect(open, &QAction::triggered, this, &RunListWidget::openFolderRequested);
    toolbar->addAction(open);

    m_detailsToggle = new QToolButton;
    m_detailsToggle->setObjectName(QStringLiteral("failureDetailsToggle"));
    m_detailsToggle->setText(tr("Failure details"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setAutoRaise(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_details = new QPlainTextEdit;
    m_details->setObjectName(QStringLiteral("failureDetails"));
    m_details->setAccessibleName(tr("Failure details"));
    m_details->setReadOnly(true);
    m_details->setMaximumHeight(fontMetrics().lineSpacing() * 6);
    m_details->hide();
    connect(m_detailsToggle, &QToolButton::toggled, this, [this](bool expanded) {
        m_detailsToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
        m_details->setVisible(expanded && !m_detailsToggle->isHidden());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detailsToggle);
    layout->addWidget(m_details);
    setAcceptDrops(true);
    updateActions();
    updateDetails();
}

QAction* RunListWidget::addIntent(const QString& text,
                                  const QString& name,
                                  QStyle::StandardPixmap icon,
                                  Action action,
                                  void (RunListWidget::*signal)(const QStringList&)) {
    auto* intent = new QAction(style()->standardIcon(icon), text, this);
    intent->setObjectName(name);
    intent->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(intent);  // so its shortcut works while the tree has focus
    connect(intent, &QAction::triggered, this, [this, action, signal] {
        const QStringList ids = idsAllowing(action);
        if (!ids.isEmpty()) {
            Q_EMIT(this->*signal)(ids);
        }
    });
    m_intents.append({intent, action});
    return intent;
}

void RunListWidget::setModel(QAbstractItemModel* model) {
    if (m_view->model() != nullptr) {
        disconnect(m_view->model(), nullptr, this, nullptr);
    }
    QItemSelectionModel* oldSelection = m_view->selectionModel();
    m_view->setModel(model);
    delete oldSelection;  // QAbstractItemView::setModel leaves the old one to the caller
    if (model != nullptr) {
        const auto refresh = [this] {
            updateActions();
            updateDetails();
        };
        connect(model, &QAbstractItemModel::dataChanged, this, refresh);
        connect(model, &QAbstractItemModel::rowsRemoved, this, refresh);
        connect(model, &QAbstractItemModel::modelReset, this, refresh);
        connect(model, &QAbstractItemModel::layoutChanged, this, refresh);
        connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &RunListWidget::onSelectionChanged);
    }
    onSelectionChanged();
}

QAbstractItemModel* RunListWidget::model() const {
    return m_view->model();
}

QList<RunListWidget::SelectedRun> RunListWidget::selectedRuns() const {
    QList<SelectedRun> runs;
    const QAbstractItemModel* model = m_view->model();
    if (model == nullptr || m_view->selectionModel() == nullptr) {
        return runs;
    }
    QModelIndexList rows = m_view->selectionModel()->selectedRows(0);
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& row : rows) {
        SelectedRun run;
        run.id = row.data(RunIdRole).toString();
        for (int column = 0; column < model->columnCount(row.parent()); ++column) {
            const QModelIndex cell = row.siblingAtColumn(column);
            const QVariant state = cell.data(StateRole);
            if (state.isValid()) {
                run.state = state.toString();
                run.message = cell.data(Qt::ToolTipRole).toString();
                break;
            }
        }
        runs.append(run);
    }
    return runs;
}

QStringList RunListWidget::selectedRunIds() const {
    QStringList ids;
    for (const SelectedRun& run : selectedRuns()) {
        ids.append(run.id);
    }
    return ids;
}

void RunListWidget::selectRuns(const QStringList& runIds) {
    QAbstractItemModel* model = m_view->model();
    if (model == nullptr) {
        return;
    }
    QItemSelection selection;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (runIds.contains(index.data(RunIdRole).toString())) {
            selection.select(index, index);
        }
    }
    m_view->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool RunListWidget::allows(Action action, const QString& state) {
    const bool running = state == QLatin1String("running");
    const bool paused = state == QLatin1String("paused");
    switch (action) {
        case Action::Start:  // a stopped run continues from its checkpoint
            return state == QLatin1String("queued") || state == QLatin1String("stopped");
        case Action::Pause:
            return running;
        case Action::Step:
        case Action::Resume:
            return paused;
        case Action::Stop:
            return running || paused;
        case Action::Remove:
            return !running && !paused;
    }
    return false;
}

QStringList RunListWidget::idsAllowing(Action action) const {
    QStringList ids;
    for (const SelectedRun& run : selectedRuns()) {
        if (allows(action, run.state)) {
            ids.append(run.id);
        }
    }
    return ids;
}

void RunListWidget::updateActions() {
    const QList<SelectedRun> runs = selectedRuns();
    for (const auto& intent : m_intents) {
        const Action action = intent.second;
        intent.first->setEnabled(
            std::any_of(runs.begin(), runs.end(),
                        [action](const SelectedRun& run) { return allows(action, run.state); }));
    }
}

void RunListWidget::updateDetails() {
    QStringList lines;
    const QList<SelectedRun> runs = selectedRuns();
    for (const SelectedRun& run : runs) {
        if (run.state == QLatin1String("failed")) {
            const QString message =
                run.message.isEmpty() ? tr("No message was recorded.") : run.message;
            lines.append(runs.size() > 1 ? run.id + QStringLiteral(": ") + message : message);
        }
    }
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
    m_detailsToggle->setVisible(!lines.isEmpty());
    m_details->setVisible(!lines.isEmpty() && m_detailsToggle->isChecked());
}

void RunListWidget::onSelectionChanged() {
    updateActions();
    updateDetails();
    Q_EMIT selectionChangedTo(selectedRunIds());
}

void RunListWidget::dragEnterEvent(QDragEnterEvent* event) {
    if (!folderPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void RunListWidget::dragMoveEvent(QDragMoveEvent* event) {
    if (!folderPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void RunListWidget::dropEvent(QDropEvent* event) {
    const QStringList paths = folderPaths(event->mimeData());
    if (paths.isEmpty()) {
        return;
    }
    event->acceptProposedAction();
    Q_EMIT foldersDropped(paths);
}

}  // namespace fpt::widgets
