// SPDX-License-Identifier: MIT
// Study bookkeeping with tiny budgets: plans, skip finished runs, resume interrupted ones,
// aggregation over seeds (mean ± std) beside the paper's numbers, and the three exports.
#include "core/training/run_folder.h"
#include "core/studies/study_plan.h"
#include "core/studies/study_results.h"
#include "core/studies/study_runner.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace fpt::core;

namespace {

const std::string kPresets = std::string(FPT_SOURCE_DIR) + "/presets";

/// The freezing study on Bit XOR only, shrunk to a tiny random model.
StudyPlan tinyPlan(int seeds) {
    auto plan = buildStudyPlan("freezing", "small", seeds, kPresets);
    std::vector<StudyCell> cells;
    for (auto& cell : plan.cells) {
        if (cell.row != "bit_xor" || (cell.column != "output" && cell.column != "+positions")) {
            continue;
        }
        cell.config.model.backbone = "random";
        cell.config.model.n_layer = 2;
        cell.config.model.n_embd = 32;
        cell.config.train.steps = 6;
        cell.config.train.eval_every = 3;
        cell.config.train.checkpoint_every = 3;
        cells.push_back(cell);
    }
    plan.cells = cells;
    plan.rows = {"bit_xor"};
    plan.columns = {"output", "+positions"};
    return plan;
}

/// Stops the run after `after` steps (an interrupted study).
class StopAfter : public TrainingObserver {
public:
    explicit StopAfter(int64_t after)
        : m_after(after) {}
    void onStep(const StepMetrics& m) override { m_step = m.step; }
    bool shouldStop() override { return m_step >= m_after; }

private:
    int64_t m_after;
    int64_t m_step = 0;
};

void fakeRun(const std::string& dir, double accuracy) {
    auto folder = RunFolder::create(dir, {{"config", nlohmann::json::object()}, {"status", "running"}});
    folder.updateRecord({{"status", "done"}, {"summary", {{"test_accuracy", accuracy}, {"seconds", 2.0}}},
                         {"parameters", {{"trainable", 10}, {"total", 100}}}});
}

}  // namespace

class TestStudy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plansHaveCellsAndPaperNumbers();
    void runSkipsFinishedAndResumes();
    void aggregatesOverSeeds();
    void shardsSplitTheRuns();
};

void TestStudy::plansHaveCellsAndPaperNumbers() {
    for (const auto& [name, description] : availableStudies()) {
        const auto plan = buildStudyPlan(name, "small", 2, kPresets);
        QVERIFY2(!plan.cells.empty(), name.c_str());
        QCOMPARE(plan.cells.size(), plan.rows.size() * plan.columns.size());
        QVERIFY(!description.empty());
    }
    const auto table1 = buildStudyPlan("table1", "small", 1, kPresets);
    for (const auto& cell : table1.cells) {
        QCOMPARE(toString(cell.config.model.kind), cell.column);
        if (cell.row == "bit_xor" && cell.column == "lstm") {
            QVERIFY(cell.paper.has_value());
            QCOMPARE(*cell.paper, 50.1);
        }
    }
    const auto freezing = buildStudyPlan("freezing", "small", 1, kPresets);
    for (const auto& cell : freezing.cells) {
        const auto& m = cell.config.model;
        QCOMPARE(m.freeze_ln, cell.column == "output");
        QCOMPARE(m.freeze_ff, cell.column != "+feedforward" && cell.column != "+last_attention");
        QCOMPARE(!m.unfreeze_attn_layers.empty(), cell.column == "+last_attention");
    }
    QVERIFY_THROWS_EXCEPTION(ConfigError, buildStudyPlan("table9", "small", 1, kPresets));
    QVERIFY_THROWS_EXCEPTION(ConfigError, buildStudyPlan("table1", "huge", 1, kPresets));
}

void TestStudy::runSkipsFinishedAndResumes() {
    QTemporaryDir tmp;
    const auto out = tmp.path().toStdString();
    const auto plan = tinyPlan(1);
    std::vector<std::string> log;
    StudyRunOptions options;
    options.out = out;
    options.log = [&log](const std::string& line) { log.push_back(line); };
    // First attempt is interrupted after 4 steps of the first run (checkpoint at step 3).
    options.observer = [](const std::string&) { return std::make_unique<StopAfter>(4); };
    StudyRunner interrupted(plan, options);
    auto partial = interrupted.run();
    QVERIFY(interrupted.stopped());
    QVERIFY(!partial.complete());
    // Second attempt resumes the first run and trains the second.
    log.clear();
    options.observer = nullptr;
    StudyRunner resumed(plan, options);
    const auto results = resumed.run();
    QVERIFY(results.complete());
    QVERIFY(std::any_of(log.begin(), log.end(), [](const auto& l) { return l.find("resuming") != std::string::npos; }));
    const auto first = RunFolder::open(plan.runDir(out, plan.cells[0], 0));
    QCOMPARE(first.record()["step"].get<int64_t>(), int64_t{6});
    // Third attempt skips everything.
    log.clear();
    StudyRunner again(plan, options);
    again.run();
    QCOMPARE(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.find("skipped") != std::string::npos; }),
             std::ptrdiff_t{2});
    for (const char* f : {"results.md", "results.csv", "results.tex", "study.json"}) {
        QVERIFY2(std::filesystem::exists(std::filesystem::path(out) / f), f);
    }
}

void TestStudy::aggregatesOverSeeds() {
    QTemporaryDir tmp;
    const auto out = tmp.path().toStdString();
    const auto plan = tinyPlan(3);
    // Known accuracies: output-only 0.50, 0.60, 0.70 -> 60 ± 10; +positions: two seeds done.
    fakeRun(plan.runDir(out, plan.cells[0], 0), 0.5);
    fakeRun(plan.runDir(out, plan.cells[0], 1), 0.6);
    fakeRun(plan.runDir(out, plan.cells[0], 2), 0.7);
    fakeRun(plan.runDir(out, plan.cells[1], 0), 1.0);
    fakeRun(plan.runDir(out, plan.cells[1], 2), 0.9);
    const auto results = collectStudyResults(plan, out);
    QCOMPARE(results.cells[0].finished, 3);
    QVERIFY(std::abs(*results.cells[0].mean - 60.0) < 1e-9);
    QVERIFY(std::abs(*results.cells[0].std - 10.0) < 1e-9);
    QCOMPARE(results.cells[1].finished, 2);
    QVERIFY(std::abs(*results.cells[1].mean - 95.0) < 1e-9);
    QVERIFY(!results.complete());
    const auto md = QString::fromStdString(studyMarkdown(results));
    QVERIFY2(md.contains(QStringLiteral("60.0 ± 10.0 (56.0)")), qPrintable(md));  // paper: 56 (Table 15)
    QVERIFY2(md.contains(QStringLiteral("[2/3]")), qPrintable(md));
    // 5 finished runs of 2 s each; one of the 6 (cell, seed) runs is still pending.
    QVERIFY2(md.contains(QStringLiteral("5 finished run(s): 0.2 min in total")), qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("; 1 run(s) pending")), qPrintable(md));
    const auto csv = QString::fromStdString(studyCsv(results));
    QVERIFY(csv.contains(QStringLiteral("freezing,small,bit_xor,output,test_accuracy,60.0000,10.0000,3,3")));
    const auto tex = QString::fromStdString(studyLatex(results));
    QVERIFY(tex.contains(QStringLiteral("bit\\_xor")) && tex.contains(QStringLiteral("$\\pm$")));
}

void TestStudy::shardsSplitTheRuns() {
    // Two seeds x two cells = four runs; shard 1 of 2 trains runs 2 and 4 (cell 1 of each seed),
    // shard 0 the others; together they complete the study, each run trained once.
    QTemporaryDir tmp;
    const auto out = tmp.path().toStdString();
    const auto plan = tinyPlan(2);
    StudyRunOptions options;
    options.out = out;
    options.shard_index = 1;
    options.shard_count = 2;
    StudyRunner second(plan, options);
    auto partial = second.run();
    QCOMPARE(partial.cells[0].finished, 0);
    QCOMPARE(partial.cells[1].finished, 2);
    QVERIFY(!partial.complete());
    std::vector<std::string> log;
    options.log = [&log](const std::string& line) { log.push_back(line); };
    options.shard_index = 0;
    StudyRunner first(plan, options);
    const auto results = first.run();
    QVERIFY(results.complete());
    QCOMPARE(results.cells[0].finished, 2);
    QCOMPARE(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.find("training") != std::string::npos; }),
             std::ptrdiff_t{2});
    QCOMPARE(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.find("skipped") != std::string::npos; }),
             std::ptrdiff_t{0});
}

QTEST_GUILESS_MAIN(TestStudy)
#include "test_study.moc"
