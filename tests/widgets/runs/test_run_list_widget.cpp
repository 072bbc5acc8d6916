// SPDX-License-Identifier: MIT
// RunListWidget and RunListDelegate: actions enabled by the selected runs' states, intent signals
// with the right ids, failure details, folder drops, and pixels of the progress bar, colour
// swatch and state colour.
#include "widgets/runs/run_list_roles.h"
#include "widgets/runs/run_list_widget.h"
#include "widgets/common/status_palette.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>

using fpt::widgets::RunListWidget;
using fpt::widgets::StatusTone;
namespace roles = fpt::widgets;

namespace {

enum Column { NameColumn, StateColumn, ProgressColumn, StepColumn, ColumnCount };

struct RunRow {
    const char* id;
    const char* state;
    double progress;
    QColor color;
    const char* message;
};

const RunRow kRuns[] = {
    {"r1", "running", 0.4, QColor(255, 0, 0), ""},
    {"r2", "done", 1.0, QColor(0, 160, 0), ""},
    {"r3", "failed", 0.25, QColor(0, 0, 255), "CUDA out of memory. Lower batch_size."},
    {"r4", "queued", 0.0, QColor(255, 160, 0), ""},
    {"r5", "paused", 0.6, QColor(160, 0, 160), ""},
};

QStandardItemModel* makeModel(QObject* parent) {
    auto* model = new QStandardItemModel(0, ColumnCount, parent);
    model->setHorizontalHeaderLabels({QStringLiteral("Run"), QStringLiteral("State"),
                                      QStringLiteral("Progress"), QStringLiteral("Step")});
    for (const RunRow& run : kRuns) {
        auto* name = new QStandardItem(QStringLiteral("run %1").arg(QLatin1String(run.id)));
        name->setData(QLatin1String(run.id), roles::RunIdRole);
        name->setData(run.color, Qt::DecorationRole);
        auto* state = new QStandardItem;
        state->setData(QLatin1String(run.state), roles::StateRole);
        if (*run.message != '\0') {
            state->setData(QLatin1String(run.message), Qt::ToolTipRole);
        }
        auto* progress = new QStandardItem;
        progress->setData(run.progress, roles::ProgressRole);
        auto* step = new QStandardItem(QString::number(static_cast<int>(run.progress * 500)));
        model->appendRow({name, state, progress, step});
    }
    return model;
}

QStringList ids(std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* id : list) {
        out.append(QLatin1String(id));
    }
    return out;
}

int colorDistance(const QColor& a, const QColor& b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

int countNear(const QImage& image, const QRect& rect, const QColor& color, int tolerance) {
    int count = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (colorDistance(image.pixelColor(x, y), color) <= tolerance) {
                ++count;
            }
        }
    }
    return count;
}

}  // namespace

class TestRunListWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void actionsFollowSelectedStates_data();
    void actionsFollowSelectedStates();
    void signalsCarrySelectedIds();
    void stateChangeUpdatesActions();
    void selectionSignal();
    void openFolderAlwaysAvailable();
    void failedRunShowsDetails();
    void delegatePaintsProgress();
    void delegatePaintsSwatchAndStateColour();
    void dropOfFoldersEmitsPaths();
    void dropWithoutFoldersIsRefused();
    void modelResetClearsSelection();

private:
    QAction* action(const char* name) const {
        return m_list->findChild<QAction*>(QLatin1String(name));
    }

    QImage grabView() const {
        return m_list->view()->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    }

    RunListWidget* m_list = nullptr;
    QStandardItemModel* m_model = nullptr;
};

void TestRunListWidget::initTestCase() {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

void TestRunListWidget::init() {
    m_list = new RunListWidget;
    m_model = makeModel(m_list);
    m_list->setModel(m_model);
    m_list->resize(700, 400);
    m_list->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_list));
}

void TestRunListWidget::cleanup() {
    delete m_list;
    m_list = nullptr;
    m_model = nullptr;
}

void TestRunListWidget::actionsFollowSelectedStates_data() {
    QTest::addColumn<QStringList>("selection");
    QTest::addColumn<QStringList>("enabled");
    QTest::newRow("nothing") << QStringList() << QStringList();
    QTest::newRow("running") << ids({"r1"}) << ids({"pauseAction", "stopAction"});
    QTest::newRow("done") << ids({"r2"}) << ids({"removeAction"});
    QTest::newRow("failed") << ids({"r3"}) << ids({"removeAction"});
    QTest::newRow("queued") << ids({"r4"}) << ids({"startAction", "removeAction"});
    QTest::newRow("paused") << ids({"r5"}) << ids({"stepAction", "resumeAction", "stopAction"});
    QTest::newRow("running + queued")
        << ids({"r1", "r4"}) << ids({"startAction", "pauseAction", "stopAction", "removeAction"});
}

void TestRunListWidget::actionsFollowSelectedStates() {
    QFETCH(QStringList, selection);
    QFETCH(QStringList, enabled);
    m_list->selectRuns(selection);
    QCOMPARE(m_list->selectedRunIds(), selection);
    for (const char* name : {"startAction", "pauseAction", "stepAction", "resumeAction",
                             "stopAction", "removeAction"}) {
        QAction* intent = action(name);
        QVERIFY2(intent != nullptr, name);
        QVERIFY2(intent->isEnabled() == enabled.contains(QLatin1String(name)), name);
    }
}

void TestRunListWidget::signalsCarrySelectedIds() {
    QSignalSpy start(m_list, &RunListWidget::startRequested);
    QSignalSpy stop(m_list, &RunListWidget::stopRequested);
    QSignalSpy remove(m_list, &RunListWidget::removeRequested);
    QSignalSpy pause(m_list, &RunListWidget::pauseRequested);
    QSignalSpy step(m_list, &RunListWidget::stepRequested);
    QSignalSpy resume(m_list, &RunListWidget::resumeRequested);

    // Select with the mouse and keyboard like a user: click r1, ctrl-click r4.
    QTreeView* view = m_list->view();
    const QRect r1 = view->visualRect(m_model->index(0, StepColumn));
    const QRect r4 = view->visualRect(m_model->index(3, StepColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r1.center());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, r4.center());
    QCOMPARE(m_list->selectedRunIds(), ids({"r1", "r4"}));

    action("startAction")->trigger();
    action("stopAction")->trigger();
    action("removeAction")->trigger();
    action("pauseAction")->trigger();
    QCOMPARE(start.count(), 1);
    QCOMPARE(start.last().at(0).toStringList(), ids({"r4"}));
    QCOMPARE(stop.last().at(0).toStringList(), ids({"r1"}));
    QCOMPARE(remove.last().at(0).toStringList(), ids({"r4"}));
    QCOMPARE(pause.last().at(0).toStringList(), ids({"r1"}));

    m_list->selectRuns(ids({"r5", "r2", "r3"}));
    action("removeAction")->trigger();
    QCOMPARE(remove.last().at(0).toStringList(), ids({"r2", "r3"}));  // row order, not r5
    action("stepAction")->trigger();
    action("resumeAction")->trigger();
    QCOMPARE(step.last().at(0).toStringList(), ids({"r5"}));
    QCOMPARE(resume.last().at(0).toStringList(), ids({"r5"}));
}

void TestRunListWidget::stateChangeUpdatesActions() {
    m_list->selectRuns(ids({"r1"}));
    QVERIFY(action("pauseAction")->isEnabled());
    QVERIFY(!action("resumeAction")->isEnabled());
    m_model->setData(m_model->index(0, StateColumn), QStringLiteral("paused"), roles::StateRole);
    QVERIFY(!action("pauseAction")->isEnabled());
    QVERIFY(action("resumeAction")->isEnabled());
    QVERIFY(action("stepAction")->isEnabled());
}

void TestRunListWidget::selectionSignal() {
    QSignalSpy spy(m_list, &RunListWidget::selectionChangedTo);
    m_list->selectRuns(ids({"r2", "r3"}));
    QVERIFY(spy.count() >= 1);
    QCOMPARE(spy.last().at(0).toStringList(), ids({"r2", "r3"}));
    m_list->view()->clearSelection();
    QCOMPARE(spy.last().at(0).toStringList(), QStringList());
}

void TestRunListWidget::openFolderAlwaysAvailable() {
    QSignalSpy spy(m_list, &RunListWidget::openFolderRequested);
    QVERIFY(action("openFolderAction")->isEnabled());
    action("openFolderAction")->trigger();
    QCOMPARE(spy.count(), 1);
}

void TestRunListWidget::failedRunShowsDetails() {
    auto* toggle = m_list->findChild<QToolButton*>(QStringLiteral("failureDetailsToggle"));
    auto* details = m_list->findChild<QPlainTextEdit*>(QStringLiteral("failureDetails"));
    QVERIFY(!toggle->isVisible());
    m_list->selectRuns(ids({"r3"}));
    QVERIFY(toggle->isVisible());
    QVERIFY(!details->isVisible());  // folded until asked for
    toggle->click();
    QVERIFY(details->isVisible());
    QCOMPARE(details->toPlainText(), QStringLiteral("CUDA out of memory. Lower batch_size."));
    // The same message is the state cell's tooltip.
    QCOMPARE(m_model->index(2, StateColumn).data(Qt::ToolTipRole).toString(),
             details->toPlainText());
    m_list->selectRuns(ids({"r1"}));
    QVERIFY(!toggle->isVisible());
    QVERIFY(!details->isVisible());
}

void TestRunListWidget::delegatePaintsProgress() {
    QTreeView* view = m_list->view();
    const QImage image = grabView();
    const QColor highlight = view->palette().color(QPalette::Highlight);
    const auto sample = [&](int row, double fraction) {
        const QRect cell = view->visualRect(m_model->index(row, ProgressColumn));
        const QPoint point(cell.left() + static_cast<int>(cell.width() * fraction),
                           cell.center().y());
        return image.pixelColor(point);
    };
    // r1 at 40%: filled near the left, empty near the right.
    QVERIFY2(colorDistance(sample(0, 0.15), highlight) < 120, qPrintable(sample(0, 0.15).name()));
    QVERIFY2(colorDistance(sample(0, 0.85), highlight) > 120, qPrintable(sample(0, 0.85).name()));
    // r2 done: filled to the right end.
    QVERIFY2(colorDistance(sample(1, 0.85), highlight) < 120, qPrintable(sample(1, 0.85).name()));
    // r4 queued at 0%: empty at the left too.
    QVERIFY2(colorDistance(sample(3, 0.15), highlight) > 120, qPrintable(sample(3, 0.15).name()));
    // The cell is wide enough for the bar to mean something.
    QVERIFY(view->visualRect(m_model->index(0, ProgressColumn)).width() >=
            view->fontMetrics().horizontalAdvance(QStringLiteral("100%")) * 3);
}

void TestRunListWidget::delegatePaintsSwatchAndStateColour() {
    QTreeView* view = m_list->view();
    view->setCurrentIndex(QModelIndex());  // no focus tint over row 0's swatch
    const QImage image = grabView();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QRect cell = view->visualRect(m_model->index(row, NameColumn));
        const int swatchPixels = countNear(image, cell, kRuns[row].color, 12);
        QVERIFY2(swatchPixels >= 25,
                 qPrintable(QStringLiteral("row %1: %2 pixels").arg(row).arg(swatchPixels)));
    }
    // The failed state is written in the palette's error colour, the done state in its success
    // colour; neither colour appears in the other's cell.
    const QColor error = fpt::widgets::statusColor(StatusTone::Error, view->palette());
    const QColor success = fpt::widgets::statusColor(StatusTone::Success, view->palette());
    const QRect failedCell = view->visualRect(m_model->index(2, StateColumn));
    const QRect doneCell = view->visualRect(m_model->index(1, StateColumn));
    QVERIFY(countNear(image, failedCell, error, 40) >= 3);
    QCOMPARE(countNear(image, doneCell, error, 40), 0);
    QVERIFY(countNear(image, doneCell, success, 40) >= 3);
}

void TestRunListWidget::dropOfFoldersEmitsPaths() {
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir(root.path()).mkpath(QStringLiteral("run-a")));
    QVERIFY(QDir(root.path()).mkpath(QStringLiteral("run-b")));
    const QString runB = root.filePath(QStringLiteral("run-b"));
    QFile runJson(QDir(runB).filePath(QStringLiteral("run.json")));
    QVERIFY(runJson.open(QIODevice::WriteOnly));
    runJson.close();
    QFile other(root.filePath(QStringLiteral("notes.txt")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(root.filePath(QStringLiteral("run-a"))),
                  QUrl::fromLocalFile(runJson.fileName()),  // stands for run-b
                  QUrl::fromLocalFile(other.fileName()),    // ignored
                  QUrl(QStringLiteral("https://example.org/run"))});
    QSignalSpy spy(m_list, &RunListWidget::foldersDropped);
    const QPoint where = m_list->view()->geometry().center();

    QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_list, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_list, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toStringList(),
             QStringList({QFileInfo(root.filePath(QStringLiteral("run-a"))).absoluteFilePath(),
                          QFileInfo(runB).absoluteFilePath()}));
    // Drops over the tree reach the list: the view itself does not take them.
    QVERIFY(!m_list->view()->viewport()->acceptDrops());
    QVERIFY(m_list->acceptDrops());
}

void TestRunListWidget::dropWithoutFoldersIsRefused() {
    QTemporaryDir root;
    QFile file(root.filePath(QStringLiteral("metrics.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file.fileName())});
    QSignalSpy spy(m_list, &RunListWidget::foldersDropped);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.ignore();
    QCoreApplication::sendEvent(m_list, &enter);
    QVERIFY(!enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.ignore();
    QCoreApplication::sendEvent(m_list, &drop);
    QCOMPARE(spy.count(), 0);
}

void TestRunListWidget::modelResetClearsSelection() {
    m_list->selectRuns(ids({"r1", "r5"}));
    QVERIFY(action("stopAction")->isEnabled());
    QSignalSpy spy(m_list, &RunListWidget::selectionChangedTo);
    m_model->removeRows(0, m_model->rowCount());
    QCOMPARE(m_list->selectedRunIds(), QStringList());
    QVERIFY(!action("stopAction")->isEnabled());
    // A second model replaces the first cleanly.
    auto* other = makeModel(m_list);
    m_list->setModel(other);
    m_list->selectRuns(ids({"r4"}));
    QVERIFY(action("startAction")->isEnabled());
}

QTEST_MAIN(TestRunListWidget)
#include "test_run_list_widget.moc"
