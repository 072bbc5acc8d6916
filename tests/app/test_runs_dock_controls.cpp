// SPDX-License-Identifier: MIT
// The runs dock's tool bar drives RunManager through MainWindow's real wiring (issue 19): on a
// real tiny run on its training thread, Pause → Step → Resume → Stop → Start (continue) are
// triggered as a user would (select the run, trigger the dock's action) and each one's effect is
// read back from the run model and the run folder: paused at a step, exactly one more step, steps
// go on, "stopped" with a checkpoint at the step shown, and Start continues from that checkpoint.
// The actions' enabled states follow the run's state at each point.
#include "app/gui/log_bridge.h"
#include "app/gui/main_window.h"
#include "app/gui/run_manager.h"
#include "app/gui/config_bridge.h"
#include "core/training/run_folder.h"
#include "widgets/runs/run_list_widget.h"

#include <QAction>
#include <QTemporaryDir>
#include <QtTest>

using namespace fpt;
using namespace fpt::app;

namespace {

QJsonObject tinyEndlessXor() {
    core::RunConfig c;
    c.task.name = core::TaskKind::BitXor;
    c.model.n_layer = 2;
    c.model.n_embd = 32;
    c.model.n_head = 4;
    c.model.backbone = "random";
    c.train.steps = 1000000;  // never finishes within the test: only the controls end it
    c.train.batch_size = 8;
    c.train.eval_every = 0;
    c.train.checkpoint_every = 0;
    c.train.log_every = 1;
    return ConfigBridge::toJson(c);
}

}  // namespace

class TestRunsDockControls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pauseStepResumeStopContinue();
};

void TestRunsDockControls::pauseStepResumeStopContinue() {
    QTemporaryDir tmp;
    LogBridge bridge;
    MainWindow window(&bridge);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    RunManager* manager = window.runManager();
    manager->setRunsRoot(tmp.path());
    auto* dock = window.runList();
    const auto action = [&](const char* name) {
        auto* a = dock->findChild<QAction*>(QString::fromLatin1(name));
        if (a == nullptr) {
            qFatal("runs dock has no action %s", name);
        }
        return a;
    };
    const auto run = [&](const QString& id) { return *manager->runs()->run(id); };

    QString error;
    const QString id = manager->launch(tinyEndlessXor(), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    dock->selectRuns({id});
    QCOMPARE(dock->selectedRunIds(), QStringList{id});
    QTRY_VERIFY_WITH_TIMEOUT(run(id).state == QLatin1String("running") && run(id).step > 0, 60000);
    QVERIFY(action("pauseAction")->isEnabled());
    QVERIFY(!action("stepAction")->isEnabled());
    QVERIFY(!action("resumeAction")->isEnabled());

    action("pauseAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(run(id).state, QStringLiteral("paused"), 30000);
    QTest::qWait(300);  // a paused run must stay put
    const qint64 at = run(id).step;
    QTest::qWait(300);
    QCOMPARE(run(id).step, at);
    QVERIFY(!action("pauseAction")->isEnabled());
    QVERIFY(action("stepAction")->isEnabled());
    QVERIFY(action("resumeAction")->isEnabled());
    QVERIFY(action("stopAction")->isEnabled());

    action("stepAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(run(id).step, at + 1, 30000);
    QTest::qWait(300);
    QCOMPARE(run(id).step, at + 1);  // exactly one step, then paused again
    QCOMPARE(run(id).state, QStringLiteral("paused"));

    action("resumeAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(run(id).step > at + 10, 30000);
    QCOMPARE(run(id).state, QStringLiteral("running"));

    action("stopAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(run(id).state, QStringLiteral("stopped"), 60000);
    const QString folder = run(id).folder;
    {
        auto f = core::RunFolder::open(folder.toStdString());
        QCOMPARE(QString::fromStdString(f.record()["status"].get<std::string>()), QStringLiteral("stopped"));
        const auto checkpoint = f.latestCheckpointStep();
        QVERIFY(checkpoint.has_value());
        QCOMPARE(f.record()["step"].get<int64_t>(), *checkpoint);
        QVERIFY(*checkpoint > at + 10);
    }
    const qint64 stoppedAt = core::RunFolder::open(folder.toStdString()).record()["step"].get<int64_t>();
    QVERIFY(action("startAction")->isEnabled());  // a stopped run can be continued
    QVERIFY(!action("stopAction")->isEnabled());

    action("startAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(run(id).state == QLatin1String("running") && run(id).step > stoppedAt, 60000);
    action("stopAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(run(id).state, QStringLiteral("stopped"), 60000);
    // The continued run logged every step once: no gap or repeat across pause, step, stop, continue.
    auto lines = core::RunFolder::open(folder.toStdString()).readMetrics();
    qint64 expected = 1;
    for (const auto& line : lines) {
        if (line["split"] == "train") {
            QCOMPARE(line["step"].get<int64_t>(), int64_t{expected});
            ++expected;
        }
    }
    QVERIFY(expected - 1 > stoppedAt);
    window.close();
}

QTEST_MAIN(TestRunsDockControls)
#include "test_runs_dock_controls.moc"
