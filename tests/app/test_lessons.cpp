// SPDX-License-Identifier: MIT
// Lessons (issue 15): the lesson reader refuses malformed files with the line (counted by hand
// here) and reason; the shipped lessons parse; the shipped reference runs have the promised
// format; and each shipped lesson, driven offscreen in a real MainWindow from its first to its
// last step, shows what the step promises (runs in the legend, layer/head/query, the table).
#include "app/gui/lesson_file.h"
#include "app/gui/lesson_panel.h"
#include "app/gui/lesson_runner.h"
#include "app/gui/log_bridge.h"
#include "app/gui/main_window.h"
#include "app/gui/presentation_mode.h"
#include "app/gui/run_manager.h"
#include "widgets/attention/attention_pane_widget.h"
#include "widgets/attention/attention_series.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/attention/position_similarity_widget.h"
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_legend_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/common/view_scale.h"
#include "widgets/editor/experiment_editor_widget.h"
#include "widgets/runs/study_table_widget.h"

#include <QChartView>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace fpt;
using namespace fpt::app;

namespace {

QString sourcePath(const char* rel) { return QDir(QStringLiteral(FPT_SOURCE_DIR)).filePath(QString::fromLatin1(rel)); }

/// Every legend label of both curve charts.
QStringList legendLabels(MainWindow& window) {
    // The legend the explorer shows: the panel's wrapped legend under both charts (the charts'
    // own QtCharts legends are hidden).
    QStringList labels;
    for (auto* chart : {window.curves()->chart(QStringLiteral("loss")), window.curves()->chart(QStringLiteral("accuracy"))}) {
        if (chart != nullptr) {
            chart->flush();
        }
    }
    QCoreApplication::processEvents();
    for (const auto& entry : window.curves()->legend()->entries()) {
        labels.append(entry.label);
    }
    return labels;
}

bool anyContains(const QStringList& list, const QString& text) {
    return std::any_of(list.begin(), list.end(), [&](const QString& s) { return s.contains(text); });
}

QString runIdNamed(MainWindow& window, const QString& name) {
    for (const auto& id : window.runManager()->runs()->ids()) {
        if (window.runManager()->runs()->run(id)->name == name) {
            return id;
        }
    }
    return {};
}

}  // namespace

class TestLessons : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesMalformedLessons_data();
    void refusesMalformedLessons();
    void readsQuotedOverrides();
    void shippedLessonsParse();
    void referenceRunsHaveTheFormat();
    void lessonXor();
    void lessonMnist();
    void lessonFreezing();
    void lessonPositions();
    void lessonPretraining();
    void xorLiveTrainsAllThreeAtOnce();
    void firstLaunchHintOnce();
    void presentationScalesFontsAndLines();
    void presentationWidensInsideViewsForAttentionSteps();
    void unknownLessonNamesTheAvailableOnes();

private:
    QTemporaryDir m_runs;
};

void TestLessons::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("FPT_LESSONS_DIR", sourcePath("resources/lessons").toUtf8());
    qputenv("FPT_REFERENCE_RUNS_DIR", sourcePath("resources/reference-runs").toUtf8());
    QVERIFY(m_runs.isValid());
}

void TestLessons::refusesMalformedLessons_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("reason");
    const QString ok = QStringLiteral("# T\norder: 1\n\n## S\nview: runs\n\nSome words.\n");
    QTest::newRow("text before title") << QStringLiteral("\nhello\n# T\n") << 2 << QStringLiteral("lesson title");
    QTest::newRow("unknown header key") << QStringLiteral("# T\nauthor: me\n") << 2 << QStringLiteral("'order: N'");
    QTest::newRow("bad order") << QStringLiteral("# T\norder: first\n") << 2 << QStringLiteral("whole number");
    QTest::newRow("text before step") << QStringLiteral("# T\n\nIntro text\n## S\n") << 3 << QStringLiteral("before the first step");
    QTest::newRow("unknown verb") << QStringLiteral("# T\n\n## S\nview: runs\nhightlight: curves\n\nN.\n") << 5
                                  << QStringLiteral("unknown action \"hightlight\"");
    QTest::newRow("narration without blank") << QStringLiteral("# T\n\n## S\nview: runs\nLook at this.\n") << 5
                                             << QStringLiteral("blank line before the narration");
    QTest::newRow("bad view") << QStringLiteral("# T\n\n## S\nview: chart\n\nN.\n") << 4 << QStringLiteral("expected one of curves");
    QTest::newRow("bad attention") << QStringLiteral("# T\n\n## S\nattention: layer=x\n\nN.\n") << 4
                                   << QStringLiteral("\"layer=x\" is not layer=N");
    QTest::newRow("bad override") << QStringLiteral("# T\n\n## A\n\nN.\n\n## B\nlive: bit_xor_fpt steps\n\nN.\n") << 8
                                  << QStringLiteral("\"steps\" is not an override");
    QTest::newRow("unknown study") << QStringLiteral("# T\n\n## S\nstudy: table9\n\nN.\n") << 4 << QStringLiteral("expected a study name");
    QTest::newRow("reference path") << QStringLiteral("# T\n\n## S\nreference: ../etc\n\nN.\n") << 4
                                    << QStringLiteral("not a folder name");
    QTest::newRow("unclosed quote") << QStringLiteral("# T\n\n## S\nlive: bit_xor_fpt name=\"a b\n\nN.\n") << 4
                                    << QStringLiteral("unclosed");
    QTest::newRow("empty narration") << QStringLiteral("# T\n\n## S\nview: runs\n\n## S2\n\nN.\n") << 3
                                     << QStringLiteral("has no narration");
    QTest::newRow("second title") << (ok + QStringLiteral("# Again\n")) << 8 << QStringLiteral("second lesson title");
    QTest::newRow("no steps") << QStringLiteral("# T\norder: 2\n") << 0 << QStringLiteral("no steps");
    QTest::newRow("crlf counts lines") << QStringLiteral("# T\r\n\r\n## S\r\nview: runs\r\npositions: sideways\r\n\r\nN.\r\n") << 5
                                       << QStringLiteral("compare or side-by-side");
}

void TestLessons::refusesMalformedLessons() {
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, reason);
    try {
        LessonFile::parse(text, QStringLiteral("bad.md"));
        QFAIL("a malformed lesson was accepted");
    } catch (const LessonError& e) {
        QCOMPARE(e.line(), line);
        QVERIFY2(e.reason().contains(reason), qPrintable(e.reason()));
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.startsWith(line > 0 ? QStringLiteral("bad.md:%1: ").arg(line) : QStringLiteral("bad.md: ")), qPrintable(what));
    }
}

void TestLessons::readsQuotedOverrides() {
    const auto lesson = LessonFile::parse(
        QStringLiteral("# Title\norder: 7\nsummary: s\n\n## One\nlive: bit_xor_fpt name=\"a b c\" train.steps=5\n"
                       "attention: layer=2 head=mean query=last\n\nFirst *step*.\n\n## Two\n\nSecond.\n"),
        QStringLiteral("/x/my-lesson.md"));
    QCOMPARE(lesson.name, QStringLiteral("my-lesson"));
    QCOMPARE(lesson.order, 7);
    QCOMPARE(lesson.steps.size(), 2);
    QCOMPARE(lesson.steps[0].actions.size(), 2);
    QCOMPARE(lesson.steps[0].actions[0].args,
             (QStringList{QStringLiteral("bit_xor_fpt"), QStringLiteral("name=a b c"), QStringLiteral("train.steps=5")}));
    QCOMPARE(lesson.steps[0].actions[1].line, 7);
    QCOMPARE(lesson.steps[0].narration, QStringLiteral("First *step*."));
    QCOMPARE(lesson.steps[1].line, 11);
    QVERIFY(lesson.steps[1].actions.isEmpty());
}

void TestLessons::shippedLessonsParse() {
    QStringList errors;
    const auto lessons = LessonFile::readAll(sourcePath("resources/lessons"), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QStringList names;
    for (const auto& l : lessons) {
        names.append(l.name);
        for (const auto& s : l.steps) {
            QVERIFY2(!s.narration.contains(QStringLiteral("REFERENCE_")), qPrintable(l.name + QStringLiteral(": ") + s.title));
        }
    }
    QCOMPARE(names, (QStringList{QStringLiteral("xor"), QStringLiteral("mnist"), QStringLiteral("freezing"),
                                 QStringLiteral("positions"), QStringLiteral("pretraining")}));
}

void TestLessons::referenceRunsHaveTheFormat() {
    const QDir root(sourcePath("resources/reference-runs"));
    QFile manifestFile(root.filePath(QStringLiteral("MANIFEST.json")));
    QVERIFY2(manifestFile.open(QIODevice::ReadOnly), "resources/reference-runs/MANIFEST.json missing: run scripts/make_reference_runs.py");
    const auto runs = QJsonDocument::fromJson(manifestFile.readAll()).object().value(QStringLiteral("runs")).toObject();
    QVERIFY(runs.size() >= 11);
    // Every run a lesson names is shipped.
    for (const auto& lesson : LessonFile::readAll(sourcePath("resources/lessons"))) {
        for (const auto& step : lesson.steps) {
            for (const auto& a : step.actions) {
                if (a.verb == QLatin1String("reference")) {
                    for (const auto& n : a.args) {
                        QVERIFY2(runs.contains(n), qPrintable(lesson.name + QStringLiteral(": ") + n));
                    }
                }
            }
        }
    }
    qint64 total = 0;
    for (auto it = runs.begin(); it != runs.end(); ++it) {
        const QDir run(root.filePath(it.key()));
        const QString where = it.key();
        QFile runJson(run.filePath(QStringLiteral("run.json")));
        QVERIFY2(runJson.open(QIODevice::ReadOnly), qPrintable(where + QStringLiteral(": run.json")));
        const auto info = QJsonDocument::fromJson(runJson.readAll()).object();
        QVERIFY2(info.value(QStringLiteral("config")).toObject().value(QStringLiteral("name")).toString() ==
                     it.value().toObject().value(QStringLiteral("legend")).toString(),
                 qPrintable(where + QStringLiteral(": the run's name is its legend name")));
        QVERIFY2(!QString::fromUtf8(QJsonDocument(info).toJson()).contains(QStringLiteral("/work/")),
                 qPrintable(where + QStringLiteral(": run.json holds a machine path")));
        // Metrics: train lines and at least one held-out evaluation.
        QFile metrics(run.filePath(QStringLiteral("metrics.jsonl")));
        QVERIFY2(metrics.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(where + QStringLiteral(": metrics.jsonl")));
        int train = 0;
        int test = 0;
        while (!metrics.atEnd()) {
            const auto row = QJsonDocument::fromJson(metrics.readLine()).object();
            const QString split = row.value(QStringLiteral("split")).toString();
            train += split == QLatin1String("train") ? 1 : 0;
            test += split == QLatin1String("test") ? 1 : 0;
        }
        QVERIFY2(train > 0 && test > 0, qPrintable(where + QStringLiteral(": train and test rows")));
        QVERIFY2(QFileInfo(run.filePath(QStringLiteral("probe.json"))).isFile(), qPrintable(where + QStringLiteral(": probe.json")));
        // Attention / position snapshots: a transformer's step-0 and a later one; an LSTM has
        // neither attention nor positional embeddings, so it ships none.
        const auto snaps = QDir(run.filePath(QStringLiteral("snapshots"))).entryList({QStringLiteral("*.safetensors")}, QDir::Files);
        const QString kind = info.value(QStringLiteral("config")).toObject().value(QStringLiteral("model")).toObject()
                                 .value(QStringLiteral("kind")).toString();
        QVERIFY2(!kind.isEmpty(), qPrintable(where + QStringLiteral(": run.json has no model.kind")));
        if (kind == QLatin1String("lstm")) {
            QVERIFY2(snaps.isEmpty(), qPrintable(where + QStringLiteral(": an LSTM run with attention snapshots")));
        } else {
            QVERIFY2(snaps.size() >= 2, qPrintable(where + QStringLiteral(": at least the step-0 and a later snapshot")));
        }
        // No checkpoints, no model weights.
        QVERIFY2(!QFileInfo::exists(run.filePath(QStringLiteral("checkpoints"))), qPrintable(where + QStringLiteral(": checkpoints shipped")));
        QVERIFY2(!QFileInfo::exists(run.filePath(QStringLiteral("model.safetensors"))), qPrintable(where + QStringLiteral(": weights shipped")));
        QDirIterator files(run.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            total += QFileInfo(files.next()).size();
        }
    }
    QVERIFY2(total < 8 * 1000 * 1000, qPrintable(QStringLiteral("reference runs are %1 bytes").arg(total)));
}

void TestLessons::lessonXor() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(m_runs.path());
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.startLesson(QStringLiteral("xor"), &error), qPrintable(error));
    auto* runner = window.lessons();
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("lessonDock"))->isVisible());
    // Step 1: the freeze toggles, on screen.
    QVERIFY(runner->highlighted() != nullptr);
    QCOMPARE(runner->highlighted()->objectName(), QStringLiteral("freezeBox"));
    QTRY_VERIFY(runner->highlighted()->isVisible());
    auto* panel = window.findChild<LessonPanel*>();
    QVERIFY(panel->narration()->toPlainText().contains(QStringLiteral("Frozen Pretrained Transformer")));
    QVERIFY(!panel->backButton()->isEnabled());
    // Step 2: the three reference runs in the legend.
    QVERIFY(runner->next());
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    const auto labels = legendLabels(window);
    for (const char* name : {"xor: FPT language body", "xor: FPT random body", "xor: LSTM"}) {
        QVERIFY2(anyContains(labels, QString::fromLatin1(name)), qPrintable(labels.join(QStringLiteral(" | "))));
    }
    QCOMPARE(runner->stepRuns().size(), 3);
    QCOMPARE(runner->highlighted(), static_cast<QWidget*>(window.curves()->chart(QStringLiteral("accuracy"))));
    // Step 3: attention of the language body beside the random one, layer/head/query picked.
    QVERIFY(runner->next());
    auto* attention = window.attentionView();
    QCOMPARE(attention->paneCount(), 2);
    QCOMPARE(attention->pane(0)->runName(), QStringLiteral("xor: FPT language body"));
    QCOMPARE(attention->pane(1)->runName(), QStringLiteral("xor: FPT random body"));
    QCOMPARE(attention->pane(0)->layer(), 0);
    QCOMPARE(attention->pane(0)->head(), 2);
    QCOMPARE(attention->pane(0)->queryToken(), 7);  // b2: the output of bit 2
    QCOMPARE(attention->pane(0)->currentMatrix().size(), 100);  // 10 x 10 tokens
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("attentionDock"))->isVisible());
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("attentionCaption"))->isVisible());
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("attentionCaption"))->text().contains(QStringLiteral("query token")));
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("curvesCaption"))->text().contains(QStringLiteral("dashed")));
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("positionsCaption"))->text().contains(QStringLiteral("Cosine")));
    // Every freeze toggle and hyperparameter explains itself (tooltip and What's This).
    for (const char* pointer : {"/model/freeze_trans", "/model/freeze_attn", "/model/freeze_ff", "/model/freeze_pos",
                                "/model/freeze_ln", "/model/freeze_in", "/model/freeze_out", "/model/backbone",
                                "/train/learning_rate", "/train/steps", "/train/batch_size", "/model/dropout"}) {
        auto* input = window.editor()->findChild<QWidget*>(QString::fromLatin1(pointer));
        QVERIFY2(input != nullptr, pointer);
        QVERIFY2(input->toolTip().size() > 20 && !input->whatsThis().isEmpty(), pointer);
    }
    QVERIFY(!runner->next());  // last step
    QVERIFY(!panel->nextButton()->isEnabled());
    QVERIFY(runner->back());
    QCOMPARE(runner->stepIndex(), 1);
}

void TestLessons::lessonMnist() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(m_runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startLesson(QStringLiteral("xor")));
    QVERIFY(window.lessons()->next());  // lesson 1's runs are open …
    QVERIFY(window.startLesson(QStringLiteral("mnist")));  // … and leave with the next lesson
    auto* runner = window.lessons();
    QCOMPARE(runner->highlighted()->objectName(), QStringLiteral("parameterCount"));
    QVERIFY(runner->next());
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    const auto labels = legendLabels(window);
    QVERIFY2(anyContains(labels, QStringLiteral("mnist: FPT language body")), qPrintable(labels.join(QStringLiteral(" | "))));
    QVERIFY2(anyContains(labels, QStringLiteral("mnist: full transformer")), qPrintable(labels.join(QStringLiteral(" | "))));
    QVERIFY2(!anyContains(labels, QStringLiteral("xor:")), qPrintable(labels.join(QStringLiteral(" | "))));
    QVERIFY(runner->next());
    auto* pane = window.attentionView()->pane(0);
    QCOMPARE(pane->runName(), QStringLiteral("mnist: FPT language body"));
    QVERIFY(pane->isImageProbe());
    QCOMPARE(pane->layer(), 3);
    QCOMPARE(pane->head(), static_cast<int>(widgets::AttentionSeries::kMeanOfHeads));
    QCOMPARE(pane->currentMatrix().size(), 49 * 49);  // 7 x 7 patches of 4 x 4 pixels
    QCOMPARE(pane->queryToken(), 48);                 // the last patch: what the classifier reads
}

void TestLessons::lessonFreezing() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(m_runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startLesson(QStringLiteral("freezing")));
    auto* runner = window.lessons();
    QCOMPARE(runner->highlighted()->objectName(), QStringLiteral("freezeBox"));
    QVERIFY(runner->next());
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    // Each group unfrozen adds trainable weights: the ablation's four rows in order.
    qint64 previous = 0;
    for (const char* name : {"xor: output layer only", "xor: + layer norms", "xor: + input layer", "xor: FPT language body"}) {
        const QString id = runIdNamed(window, QString::fromLatin1(name));
        QVERIFY2(!id.isEmpty(), name);
        const auto* run = window.runManager()->runs()->run(id);
        QVERIFY2(run->trainable > previous, name);
        QVERIFY(run->testAccuracy >= 0.0);
        previous = run->trainable;
    }
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("runsDock"))->isVisible());
    QVERIFY(runner->next());
    QCOMPARE(runner->highlighted(), static_cast<QWidget*>(window.curves()->chart(QStringLiteral("accuracy"))));
    QCOMPARE(legendLabels(window).filter(QStringLiteral("xor:")).size() >= 4, true);
}

void TestLessons::lessonPositions() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(m_runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startLesson(QStringLiteral("positions")));
    auto* runner = window.lessons();
    auto* positions = window.positionsView();
    QCOMPARE(positions->mode(), widgets::PositionSimilarityWidget::Mode::CompareSteps);
    QCOMPARE(positions->runKeys().size(), 1);
    const QString xor_ = positions->runKeys().first();
    QVERIFY(positions->heatmap(xor_, widgets::SimilarityPanel::Before) != nullptr);  // the backbone's
    QVERIFY(positions->heatmap(xor_, widgets::SimilarityPanel::Now) != nullptr);
    QCOMPARE(runner->highlighted(), static_cast<QWidget*>(positions));
    QVERIFY(runner->next());
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    QCOMPARE(positions->mode(), widgets::PositionSimilarityWidget::Mode::NowSideBySide);
    QCOMPARE(positions->runKeys().size(), 3);  // bits, images, ListOps
    for (const char* name : {"xor: FPT language body", "mnist: FPT language body", "listops: FPT language body"}) {
        QVERIFY2(positions->runKeys().contains(runIdNamed(window, QString::fromLatin1(name))), name);
    }
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("positionsDock"))->isVisible());
}

void TestLessons::lessonPretraining() {
    QTemporaryDir runs;
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startLesson(QStringLiteral("pretraining")));
    auto* runner = window.lessons();
    const auto labels = legendLabels(window);
    for (const char* body : {"language", "vision", "bits", "random"}) {
        QVERIFY2(anyContains(labels, QStringLiteral("xor: FPT %1 body").arg(QString::fromLatin1(body))),
                 qPrintable(labels.join(QStringLiteral(" | "))));
    }
    QVERIFY(runner->next());
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("studyDock"))->isVisible());
    auto* table = window.studyTable()->table();
    QCOMPARE(table->columnCount(), 4);
    QStringList columns;
    for (int c = 0; c < table->columnCount(); ++c) {
        columns.append(table->horizontalHeaderItem(c)->text());
    }
    for (const char* body : {"language", "vision", "bits", "random"}) {
        QVERIFY2(anyContains(columns, QString::fromLatin1(body)), qPrintable(columns.join(QLatin1Char(','))));
    }
    bool hasXor = false;
    for (int r = 0; r < table->rowCount(); ++r) {
        hasXor = hasXor || table->verticalHeaderItem(r)->text().contains(QStringLiteral("bit_xor"));
    }
    QVERIFY(hasXor);
    QCOMPARE(runner->highlighted(), static_cast<QWidget*>(window.studyTable()));
    window.runManager()->shutdown();  // the study's queued runs: not for a unit test
}

void TestLessons::xorLiveTrainsAllThreeAtOnce() {
    QTemporaryDir runs;
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startLesson(QStringLiteral("xor")));
    auto* runner = window.lessons();
    QVERIFY(runner->next());
    runner->setLiveMode(true);
    QVERIFY2(runner->stepProblems().isEmpty(), qPrintable(runner->stepProblems().join(QLatin1Char('\n'))));
    QCOMPARE(runner->stepRuns().size(), 6);  // three references + three live runs beside them
    QStringList live;
    for (const char* name : {"live xor: FPT language body", "live xor: FPT random body", "live xor: LSTM"}) {
        const QString id = runIdNamed(window, QString::fromLatin1(name));
        QVERIFY2(!id.isEmpty(), name);
        live.append(id);
    }
    // All three train at once (no queue), each sized to 400 steps.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(live.begin(), live.end(), [&](const QString& id) {
        const auto* run = window.runManager()->runs()->run(id);
        return run->state == QLatin1String("running") && run->step > 0;
    }), 60000);
    for (const auto& id : live) {
        QCOMPARE(window.runManager()->runs()->run(id)->totalSteps, qint64(400));
    }
    // Back and Next again does not start them twice.
    QVERIFY(runner->back());
    QVERIFY(runner->next());
    QCOMPARE(window.runManager()->runs()->ids().size(), 6);
    window.runManager()->shutdown();
}

void TestLessons::firstLaunchHintOnce() {
    QSettings().remove(QStringLiteral("hints/lessonsShown"));
    {
        LogBridge bridge;
        MainWindow window(&bridge);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
        QVERIFY(dock->isVisible());
        QVERIFY(window.findChild<LessonPanel*>()->narration()->toPlainText().contains(QStringLiteral("Help ▸ Lessons")));
    }
    QVERIFY(QSettings().value(QStringLiteral("hints/lessonsShown")).toBool());
    LogBridge bridge;
    MainWindow window(&bridge);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.findChild<LessonPanel*>()->narration()->toPlainText().contains(QStringLiteral("Help ▸ Lessons")));
}

void TestLessons::presentationScalesFontsAndLines() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const double before = QApplication::font().pointSizeF();
    auto* presentation = window.presentation();
    presentation->setActive(true);
    QVERIFY(window.isFullScreen() || QGuiApplication::platformName() == QLatin1String("offscreen"));
    QVERIFY(!window.findChild<QDockWidget*>(QStringLiteral("logDock"))->isVisible());
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("lessonDock"))->isVisible());
    presentation->setScale(1.0);
    presentation->zoomIn();
    QVERIFY(QApplication::font().pointSizeF() > before * 1.1);
    QVERIFY(widgets::ViewScale::factor() > 1.1);
    presentation->setActive(false);
    QCOMPARE(QApplication::font().pointSizeF(), before);
    QCOMPARE(widgets::ViewScale::factor(), 1.0);
}

// In presentation mode a step that looks inside (the xor attention step) gives the attention dock
// half the window; a curves step gives the charts their room back.
void TestLessons::presentationWidensInsideViewsForAttentionSteps() {
    LogBridge bridge;
    MainWindow window(&bridge);
    window.runManager()->setRunsRoot(m_runs.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.presentation()->setActive(true);
    window.presentation()->setScale(1.0);
    // The offscreen screen is 800x600: leave full screen and take a laptop's 1366x768 instead.
    window.showNormal();
    QTRY_VERIFY(!window.isFullScreen());
    QTest::qWait(300);  // the full-screen re-arrangement timer
    window.resize(1366, 768);
    QTRY_COMPARE(window.width(), 1366);
    QString error;
    QVERIFY2(window.startLesson(QStringLiteral("xor"), &error), qPrintable(error));
    auto* runner = window.lessons();
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("attentionDock"));
    QVERIFY(runner->next());  // step 2: the curves
    QVERIFY(!window.presentation()->insideViewsWide());
    window.presentation()->sizeDocks();
    QTRY_VERIFY2(dock->width() < window.width() * 9 / 20, qPrintable(QString::number(dock->width())));
    QVERIFY(runner->next());  // step 3: attention
    QVERIFY(window.presentation()->insideViewsWide());
    QTRY_VERIFY2(dock->width() >= window.width() * 9 / 20, qPrintable(QStringLiteral("dock %1 of %2").arg(dock->width()).arg(window.width())));
    // Both panes side by side and inside the dock: neither hides under a scroll bar.
    auto* attention = window.attentionView();
    QTRY_VERIFY(attention->pane(1)->isVisible());
    for (int i = 0; i < 2; ++i) {
        auto* pane = attention->pane(i);
        const QRect r(pane->mapTo(dock, QPoint(0, 0)), pane->size());
        QVERIFY2(dock->rect().contains(r), qPrintable(QStringLiteral("pane %1 at %2,%3 %4x%5 in a %6x%7 dock")
                                                           .arg(i).arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                                                           .arg(dock->width()).arg(dock->height())));
    }
    QVERIFY(runner->back());
    QVERIFY(!window.presentation()->insideViewsWide());
    window.presentation()->setActive(false);
}

void TestLessons::unknownLessonNamesTheAvailableOnes() {
    LogBridge bridge;
    MainWindow window(&bridge);
    QString error;
    QVERIFY(!window.startLesson(QStringLiteral("nope"), &error));
    QVERIFY2(error.contains(QStringLiteral("no lesson \"nope\"")) && error.contains(QStringLiteral("xor")), qPrintable(error));
}

QTEST_MAIN(TestLessons)
#include "test_lessons.moc"
