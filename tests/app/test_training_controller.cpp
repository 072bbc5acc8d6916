// SPDX-License-Identifier: MIT
// TrainingController / RunManager against a tiny real model on real threads: start, pause, single
// step, resume, stop; destroying a controller mid-run leaves a consistent run folder; a failing
// run reports its message without taking anything down; a run folder deleted mid-run fails that
// run with the path in its message and the manager goes on launching runs.
#include "app/gui/app_types.h"
#include "app/gui/config_bridge.h"
#include "app/gui/run_manager.h"
#include "app/gui/training_controller.h"
#include "app/gui/training_worker.h"
#include "core/training/run_folder.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace fpt;
using namespace fpt::app;

/// Re-emits a worker's signals in the test's thread. A QSignalSpy on the worker itself records
/// in the worker thread (a direct connection): the test would read the spy while the worker
/// appends to it, and spy.wait() would miss a signal emitted just before it was called (seen
/// under load in CI). Through this relay, signals arrive only while the test's event loop runs.
class WorkerRelay : public QObject {
    Q_OBJECT

public:
    explicit WorkerRelay(TrainingWorker* worker) {
        const auto q = Qt::QueuedConnection;
        connect(worker, &TrainingWorker::started, this, &WorkerRelay::started, q);
        connect(worker, &TrainingWorker::stepsReady, this, &WorkerRelay::stepsReady, q);
        connect(worker, &TrainingWorker::snapshotReady, this, &WorkerRelay::snapshotReady, q);
        connect(worker, &TrainingWorker::pausedAt, this, &WorkerRelay::pausedAt, q);
        connect(worker, &TrainingWorker::finished, this, &WorkerRelay::finished, q);
    }

Q_SIGNALS:
    void started(const fpt::app::RunStartInfo& info);
    void stepsReady(const QVector<fpt::app::StepPoint>& points);
    void snapshotReady(const fpt::app::SnapshotData& snapshot);
    void pausedAt(qint64 step);
    void finished(const fpt::app::RunResult& result);
};

namespace {

core::RunConfig tinyXor(int64_t steps) {
    core::RunConfig c;
    c.task.name = core::TaskKind::BitXor;
    c.model.n_layer = 2;
    c.model.n_embd = 32;
    c.model.n_head = 4;
    c.train.steps = steps;
    c.train.batch_size = 8;
    c.train.eval_every = 0;
    c.train.snapshot_every = 5;
    return c;
}

qint64 lastStep(const QSignalSpy& spy) {
    if (spy.isEmpty()) {
        return 0;
    }
    return qvariant_cast<QVector<StepPoint>>(spy.last().at(0)).back().step;
}

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { registerAppMetaTypes(); }
    void runsToTheEnd();
    void pauseStepResumeStop();
    void destroyMidRunLeavesConsistentFolder();
    void managerReportsFailure();
    void managerComparisonLaunchesThree();
    void managerSurvivesVanishingRunFolder();
};

void TestTrainingController::runsToTheEnd() {
    QTemporaryDir tmp;
    TrainingController controller(tinyXor(20), tmp.filePath(QStringLiteral("run")), false);
    WorkerRelay relay(controller.worker());
    QSignalSpy steps(&relay, &WorkerRelay::stepsReady);
    QSignalSpy snapshots(&relay, &WorkerRelay::snapshotReady);
    QSignalSpy started(&relay, &WorkerRelay::started);
    QSignalSpy finished(&relay, &WorkerRelay::finished);
    controller.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(started.count(), 1);
    const auto info = qvariant_cast<RunStartInfo>(started.first().at(0));
    QCOMPARE(info.probe.tokenLabels.size(), 10);
    QCOMPARE(lastStep(steps), qint64{20});
    QCOMPARE(snapshots.count(), 5);  // steps 0, 5, 10, 15, 20
    QCOMPARE(qvariant_cast<RunResult>(finished.first().at(0)).status, QStringLiteral("done"));
}

void TestTrainingController::pauseStepResumeStop() {
    QTemporaryDir tmp;
    TrainingController controller(tinyXor(100000), tmp.filePath(QStringLiteral("run")), false);
    WorkerRelay relay(controller.worker());
    QSignalSpy steps(&relay, &WorkerRelay::stepsReady);
    QSignalSpy paused(&relay, &WorkerRelay::pausedAt);
    QSignalSpy finished(&relay, &WorkerRelay::finished);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(!steps.isEmpty(), 30000);
    controller.pause();
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 1, 30000);
    const qint64 at = qvariant_cast<qint64>(paused.last().at(0));
    steps.clear();
    controller.step(1);
    QTRY_COMPARE_WITH_TIMEOUT(paused.count(), 2, 30000);  // pauses again after exactly one step
    QCOMPARE(lastStep(steps), at + 1);
    QCOMPARE(qvariant_cast<qint64>(paused.last().at(0)), at + 1);
    controller.resume();
    QTRY_VERIFY_WITH_TIMEOUT(lastStep(steps) > at + 5, 30000);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(qvariant_cast<RunResult>(finished.first().at(0)).status, QStringLiteral("stopped"));
}

void TestTrainingController::destroyMidRunLeavesConsistentFolder() {
    QTemporaryDir tmp;
    const auto dir = tmp.filePath(QStringLiteral("run"));
    {
        TrainingController controller(tinyXor(100000), dir, false);
        WorkerRelay relay(controller.worker());
        QSignalSpy steps(&relay, &WorkerRelay::stepsReady);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(!steps.isEmpty(), 30000);
    }  // window closed mid-training: stop, quit, wait
    auto folder = core::RunFolder::open(dir.toStdString());
    QCOMPARE(folder.record()["status"].get<std::string>(), std::string("stopped"));
    const auto step = folder.latestCheckpointStep();
    QVERIFY(step.has_value());
    QCOMPARE(folder.record()["step"].get<int64_t>(), *step);
    QVERIFY(QFile::exists(dir + QStringLiteral("/model.safetensors")));
    for (const auto& line : folder.readMetrics()) {
        QVERIFY(line["step"].get<int64_t>() <= *step);
    }
}

void TestTrainingController::managerReportsFailure() {
    QTemporaryDir tmp;
    RunManager manager;
    manager.setRunsRoot(tmp.path());
    auto config = ConfigBridge::toJson(tinyXor(50));
    auto train = config[QStringLiteral("train")].toObject();
    train[QStringLiteral("learning_rate")] = 1e30;
    train[QStringLiteral("grad_clip")] = 0.0;
    config[QStringLiteral("train")] = train;
    QSignalSpy failed(&manager, &RunManager::runFailed);
    const QString id = manager.launch(config);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 60000);  // may already have arrived during qWait
    QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("learning_rate")));
    QCOMPARE(manager.runs()->run(id)->state, QStringLiteral("failed"));
    // The bad config path fails before a thread starts, with the field named.
    train[QStringLiteral("learning_rate")] = -1.0;
    config[QStringLiteral("train")] = train;
    QString error;
    QVERIFY(manager.launch(config, &error).isEmpty());
    QVERIFY(error.contains(QStringLiteral("/train/learning_rate")));
}

void TestTrainingController::managerComparisonLaunchesThree() {
    QTemporaryDir tmp;
    RunManager manager;
    manager.setRunsRoot(tmp.path());
    manager.setMaxConcurrent(3);
    QSignalSpy finished(&manager, &RunManager::runFinished);
    const auto ids = manager.launchComparison(ConfigBridge::toJson(tinyXor(6)));
    QCOMPARE(ids.size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 120000);
    QStringList kinds;
    for (const auto& id : ids) {
        kinds.append(manager.runs()->run(id)->kind);
        QCOMPARE(manager.runs()->run(id)->state, QStringLiteral("done"));
        QVERIFY(!manager.metrics()->series(id, QStringLiteral("train")).isEmpty());
    }
    QCOMPARE(kinds, (QStringList{QStringLiteral("fpt"), QStringLiteral("full"), QStringLiteral("lstm")}));
    // Reopening a finished folder gives the same metrics.
    const auto folder = manager.runs()->run(ids[0])->folder;
    RunManager other;
    const auto reopened = other.openFolder(folder);
    QVERIFY(!reopened.isEmpty());
    QCOMPARE(other.metrics()->series(reopened, QStringLiteral("train")).size(),
             manager.metrics()->series(ids[0], QStringLiteral("train")).size());
    QVERIFY(!other.snapshots(reopened).isEmpty());
}


void TestTrainingController::managerSurvivesVanishingRunFolder() {
    QTemporaryDir tmp;
    RunManager manager;
    manager.setRunsRoot(tmp.path());
    QSignalSpy failed(&manager, &RunManager::runFailed);
    QSignalSpy finished(&manager, &RunManager::runFinished);
    const QString id = manager.launch(ConfigBridge::toJson(tinyXor(100000)));
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!manager.metrics()->series(id, QStringLiteral("train")).isEmpty(), 60000);
    const QString folder = manager.runs()->run(id)->folder;
    QVERIFY(QDir(folder).exists());
    // e.g. a user cleaning up runs/ in a file manager. The run keeps writing while we delete, so
    // one pass can miss a file created meanwhile ('directory not empty'): delete until it is gone.
    bool removed = false;
    for (int attempt = 0; attempt < 50 && !removed; ++attempt) {
        removed = QDir(folder).removeRecursively() || !QDir(folder).exists();
        if (!removed) {
            QTest::qWait(20);
        }
    }
    QVERIFY(removed);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 60000);  // may already have arrived during qWait
    QCOMPARE(failed.first().at(0).toString(), id);
    const QString said = failed.first().at(1).toString() + failed.first().at(2).toString();
    QVERIFY2(said.contains(QFileInfo(folder).fileName()), qPrintable(said));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);  // runFinished: ended, whatever the state
    QCOMPARE(finished.first().at(0).toString(), id);
    QCOMPARE(manager.runs()->run(id)->state, QStringLiteral("failed"));
    // The app is still up: the next run launches and finishes.
    const QString next = manager.launch(ConfigBridge::toJson(tinyXor(6)));
    QVERIFY(!next.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QCOMPARE(manager.runs()->run(next)->state, QStringLiteral("done"));
}

QTEST_GUILESS_MAIN(TestTrainingController)
#include "test_training_controller.moc"
