// SPDX-License-Identifier: MIT
// Issue 16 with real tiny bit_xor runs: names and colours kept across a re-open of the folders,
// charts that follow the selection, seed groups drawn from three seeds, the config diff of two
// runs, validation messages before queueing, and continuing a stopped run from its checkpoint.
#include "app/gui/comparison_curves.h"
#include "app/gui/config_bridge.h"
#include "app/gui/run_actions.h"
#include "app/gui/run_identity.h"
#include "app/gui/run_manager.h"
#include "app/gui/run_precheck.h"
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/charts/curve_stats.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fpt::app;

namespace {

constexpr int kRunTimeoutMs = 120000;

// bit_xor FPT on a tiny random body: a few seconds per run.
QJsonObject tinyXor(int seed, qint64 steps = 30, const QString& backbone = QStringLiteral("random")) {
    QString error;
    QJsonObject config = ConfigBridge::loadPreset(QStringLiteral(FPT_SOURCE_DIR "/presets/bit_xor_fpt.json"), error);
    QJsonObject model = config[QStringLiteral("model")].toObject();
    model[QStringLiteral("backbone")] = backbone;
    model[QStringLiteral("n_layer")] = 2;
    model[QStringLiteral("n_embd")] = 32;
    model[QStringLiteral("n_head")] = 2;
    config[QStringLiteral("model")] = model;
    QJsonObject train = config[QStringLiteral("train")].toObject();
    train[QStringLiteral("steps")] = steps;
    train[QStringLiteral("seed")] = seed;
    train[QStringLiteral("eval_every")] = 10;
    train[QStringLiteral("eval_batches")] = 1;
    train[QStringLiteral("final_eval_examples")] = 32;
    train[QStringLiteral("checkpoint_every")] = 10;
    train[QStringLiteral("snapshot_every")] = 0;
    config[QStringLiteral("train")] = train;
    return config;
}

bool allDone(RunManager& runs, const QStringList& ids) {
    for (const auto& id : ids) {
        const auto* run = runs.runs()->run(id);
        if (run == nullptr || run->state != QLatin1String("done") || runs.isActive(id)) {
            return false;
        }
    }
    return true;
}

}  // namespace

class TestComparisonRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void namesColoursSelectionAndGroups();
    void validationMessagesBeforeQueueing();
    void continueAStoppedRun();

private:
    QTemporaryDir m_dir;
};

void TestComparisonRuns::initTestCase() {
    registerAppMetaTypes();
    qRegisterMetaType<fpt::app::MetricRow>();
    setPresetsDirForTesting(QStringLiteral(FPT_SOURCE_DIR "/presets"));
    QVERIFY(m_dir.isValid());
}

void TestComparisonRuns::namesColoursSelectionAndGroups() {
    QStringList folders;
    QMap<QString, QString> colours;  // folder -> colour
    QMap<QString, QString> names;
    {
        RunManager runs;
        runs.setRunsRoot(m_dir.filePath(QStringLiteral("runs")));
        QStringList ids;
        for (int seed = 0; seed < 3; ++seed) {
            QString error;
            ids.append(runs.launch(tinyXor(seed), &error));
            QVERIFY2(!ids.back().isEmpty(), qPrintable(error));
        }
        QTRY_VERIFY_WITH_TIMEOUT(allDone(runs, ids), kRunTimeoutMs);
        for (const auto& id : ids) {
            const auto* run = runs.runs()->run(id);
            folders.append(run->folder);
            colours.insert(run->folder, run->color.name());
            names.insert(run->folder, run->name);
        }
        // Names say what differs from the preset (backbone, body size, steps...) and the seed.
        QCOMPARE(names.value(folders[0]).left(22), QStringLiteral("bit_xor · FPT · random"));
        QVERIFY2(names.value(folders[1]).endsWith(QStringLiteral("seed=1")), qPrintable(names.value(folders[1])));
        QVERIFY(names.value(folders[0]) != names.value(folders[1]));
        QCOMPARE(runs.metrics()->runName(ids[2]), names.value(folders[2]));  // the Data tab
    }
    // Re-open the folders in a fresh session, in the opposite order: same names and colours.
    RunManager runs;
    fpt::widgets::CurvePanelWidget panel;
    ComparisonCurves curves(&runs, &panel);
    QStringList ids;
    for (auto it = folders.crbegin(); it != folders.crend(); ++it) {
        QString error;
        ids.prepend(runs.openFolder(*it, &error));
        QVERIFY2(!ids.front().isEmpty(), qPrintable(error));
    }
    for (int i = 0; i < 3; ++i) {
        const auto* run = runs.runs()->run(ids[i]);
        QCOMPARE(run->color.name(), colours.value(folders[i]));
        QCOMPARE(run->name, names.value(folders[i]));
        QVERIFY(QFileInfo::exists(runViewFile(folders[i])));
    }
    curves.refresh();
    auto* accuracy = panel.chart(QStringLiteral("accuracy"));
    const QString test0 = ids[0] + QStringLiteral("/test");
    QVERIFY(accuracy->seriesKeys().contains(test0));
    QVERIFY(accuracy->isSeriesSparse(test0));

    // Charts follow the selection: none selected shows all; selecting one hides the others.
    for (const auto& id : ids) {
        QVERIFY(accuracy->isSeriesShown(id + QStringLiteral("/train")));
    }
    curves.setSelectedRuns({ids[1]});
    QVERIFY(!accuracy->isSeriesShown(ids[0] + QStringLiteral("/train")));
    QVERIFY(accuracy->isSeriesShown(ids[1] + QStringLiteral("/train")));
    QVERIFY(!accuracy->isSeriesShown(ids[2] + QStringLiteral("/test")));
    curves.setSelectedRuns({});

    // Seed groups: the three runs differ only in seed -> one group, members hidden, and the
    // group's test mean at each evaluation step is the mean of the three runs' values there.
    panel.setGroupSeeds(true);
    QCOMPARE(curves.groups().size(), 1);
    const QString prefix = curves.groups().keys().front();
    QCOMPARE(curves.groups().value(prefix).size(), 3);
    QVERIFY(!accuracy->isSeriesShown(test0));
    const auto mean = accuracy->seriesPoints(prefix + QStringLiteral("/test"));
    QVERIFY(!mean.isEmpty());
    const auto a = accuracy->seriesPoints(ids[0] + QStringLiteral("/test"));
    const auto b = accuracy->seriesPoints(ids[1] + QStringLiteral("/test"));
    const auto c = accuracy->seriesPoints(ids[2] + QStringLiteral("/test"));
    QCOMPARE(a.front().step, mean.front().step);
    const double byHand = (a.front().value + b.front().value + c.front().value) / 3.0;
    QVERIFY(std::abs(mean.front().value - byHand) < 1e-12);
    QVERIFY(accuracy->bandKeys().contains(prefix + QStringLiteral("/test")));
    panel.setShowMembers(true);
    QVERIFY(accuracy->isSeriesShown(test0));
    panel.setGroupSeeds(false);
    QVERIFY(accuracy->bandKeys().isEmpty());

    // Config diff of two runs: only the seed differs, plus the parameter counts.
    QString error;
    const auto sides = diffSides(&runs, {ids[0], ids[2]}, &error);
    QVERIFY2(sides.has_value(), qPrintable(error));
    fpt::widgets::ConfigDiffDialog dialog(sides->left, sides->right, sides->ignored);
    QCOMPARE(dialog.differences().size(), 1);
    QCOMPARE(dialog.differences()[0].path, QStringLiteral("train/seed"));
    QCOMPARE(dialog.differences()[0].right, QStringLiteral("2"));
    QVERIFY(sides->left.trainable > 0);
    // Three runs of one group are not two sides.
    QVERIFY(!diffSides(&runs, ids, &error).has_value());
    QVERIFY(error.contains(QStringLiteral("two")));
}

void TestComparisonRuns::validationMessagesBeforeQueueing() {
    QJsonObject config = tinyXor(0);
    QJsonObject model = config[QStringLiteral("model")].toObject();
    model[QStringLiteral("unfreeze_attn_layers")] = QJsonArray{1, 99};
    config[QStringLiteral("model")] = model;
    QList<QPair<QString, QString>> issues;
    const auto parsed = ConfigBridge::fromJson(config, issues);
    QVERIFY(issues.isEmpty());  // the reader alone accepts it: the body depth is not its business
    issues = precheckRun(parsed);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues[0].first, QStringLiteral("/model/unfreeze_attn_layers"));
    QVERIFY2(issues[0].second.contains(QStringLiteral("layer 99 does not exist: the body has 2 layers")),
             qPrintable(issues[0].second));

    RunManager runs;
    runs.setRunsRoot(m_dir.filePath(QStringLiteral("refused")));
    QString error;
    QVERIFY(runs.launch(config, &error).isEmpty());  // refused, not queued
    QVERIFY(error.contains(QStringLiteral("layer 99")));
    QCOMPARE(runs.runs()->ids().size(), 0);

    QString mnistError;
    QJsonObject mnist = ConfigBridge::loadPreset(QStringLiteral(FPT_SOURCE_DIR "/presets/mnist_fpt.json"), mnistError);
    QJsonObject task = mnist[QStringLiteral("task")].toObject();
    const QString missing = m_dir.filePath(QStringLiteral("no-such-folder"));
    task[QStringLiteral("data_path")] = missing;
    mnist[QStringLiteral("task")] = task;
    issues.clear();
    const auto mnistParsed = ConfigBridge::fromJson(mnist, issues);
    QVERIFY(issues.isEmpty());
    issues = precheckRun(mnistParsed);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues[0].first, QStringLiteral("/task/data_path"));
    QVERIFY(issues[0].second.contains(QStringLiteral("'%1' does not exist").arg(missing)));
    QVERIFY(issues[0].second.contains(QStringLiteral("docs/data.md")));

    // A CIFAR-10 folder without its batches is named with the missing files.
    QDir(m_dir.path()).mkpath(QStringLiteral("empty-cifar"));
    QJsonObject cifar = ConfigBridge::loadPreset(QStringLiteral(FPT_SOURCE_DIR "/presets/cifar10_fpt.json"), mnistError);
    task = cifar[QStringLiteral("task")].toObject();
    task[QStringLiteral("data_path")] = m_dir.filePath(QStringLiteral("empty-cifar"));
    cifar[QStringLiteral("task")] = task;
    issues.clear();
    issues = precheckRun(ConfigBridge::fromJson(cifar, issues));
    QCOMPARE(issues.size(), 1);
    QVERIFY(issues[0].second.contains(QStringLiteral("lacks data_batch_1.bin, test_batch.bin")));
    // The shipped bit_xor preset needs no files.
    QVERIFY(presetDataNote(QStringLiteral(FPT_SOURCE_DIR "/presets/bit_xor_fpt.json")).isEmpty());
}

void TestComparisonRuns::continueAStoppedRun() {
    RunManager runs;
    runs.setRunsRoot(m_dir.filePath(QStringLiteral("continue")));
    QString error;
    const QString id = runs.launch(tinyXor(5, 2000), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(runs.runs()->run(id)->step >= 15, kRunTimeoutMs);
    runs.stop({id});
    QTRY_VERIFY_WITH_TIMEOUT(!runs.isActive(id), kRunTimeoutMs);
    QCOMPARE(runs.runs()->run(id)->state, QStringLiteral("stopped"));
    const qint64 stoppedAt = runs.runs()->run(id)->step;
    QVERIFY(stoppedAt < 2000);
    QVERIFY(runs.canContinue(id));
    // Continue to a few steps past the stop (not the full 2000: keeps the test quick).
    const qint64 target = stoppedAt + 12;
    QVERIFY2(runs.continueRun(id, target, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(allDone(runs, {id}), kRunTimeoutMs);
    QCOMPARE(runs.runs()->run(id)->step, target);
    QCOMPARE(runs.runs()->run(id)->totalSteps, target);
    // The metrics went on from the stop's checkpoint: one new train row per step after it.
    const auto train = runs.metrics()->series(id, QStringLiteral("train"));
    QCOMPARE(train.back().step, target);
    qint64 after = 0;
    for (const auto& row : train) {
        after += row.step > stoppedAt ? 1 : 0;
    }
    QCOMPARE(after, target - stoppedAt);
    // A running / queued run cannot be continued; an unknown id is refused with a reason.
    QVERIFY(!runs.continueRun(QStringLiteral("nope"), 10, &error));
    QVERIFY(error.contains(QStringLiteral("nope")));
}

QTEST_MAIN(TestComparisonRuns)
#include "test_comparison_runs.moc"
