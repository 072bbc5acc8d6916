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
    plan.comparisons = {{"+positions", "output"}};
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
    void pairedDifferencesAndIntervals();
    void contradictionsOfThePaperAreSaid();
    void pretrainingStudyCoversTheIssueRows();
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
    // Bit XOR has no test split: its final evaluation draws 2,048 examples (batch 16 x 128), not
    // the 8 x 16 = 128 of a periodic evaluation.
    int64_t finalExamples = 0;
    int64_t periodicExamples = 0;
    for (const auto& line : first.readMetrics()) {
        if (line.value("split", std::string()) == "test") {
            (line.value("final", false) ? finalExamples : periodicExamples) = line.value("examples", int64_t{0});
        }
    }
    QCOMPARE(finalExamples, int64_t{2048});
    QCOMPARE(periodicExamples, int64_t{128});
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
    // n = 3, mean 60, std 10: 95% t-interval 60 ± 4.303 * 10 / sqrt(3) = [35.1566, 84.8434].
    QVERIFY2(csv.contains(QStringLiteral("freezing,small,bit_xor,output,cell,test_accuracy,3,60.0000,10.0000,35.1566,84.8434,,3,3")),
             qPrintable(csv));
    // +positions - output paired over seeds 0 and 2 only: 50 and 20 -> mean 35, std 21.2132,
    // half-width 12.706 * 21.2132 / sqrt(2) = 190.59: inside the noise.
    QVERIFY2(csv.contains(QStringLiteral("freezing,small,bit_xor,+positions - output,difference,test_accuracy,2,35.0000,21.2132,-155.5900,225.5900,yes")),
             qPrintable(csv));
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

void TestStudy::pairedDifferencesAndIntervals() {
    QCOMPARE(tQuantile975(1), 12.706);  // Student's t table, two-sided 95%
    QCOMPARE(tQuantile975(2), 4.303);
    QCOMPARE(tQuantile975(1000), 1.96);
    QTemporaryDir tmp;
    const auto out = tmp.path().toStdString();
    const auto plan = tinyPlan(3);
    // output 50, 60, 70; +positions 90, 100, 95: per-seed differences 40, 40, 25.
    const double outputAcc[] = {0.5, 0.6, 0.7};
    const double positionsAcc[] = {0.9, 1.0, 0.95};
    for (int seed = 0; seed < 3; ++seed) {
        fakeRun(plan.runDir(out, plan.cells[0], seed), outputAcc[seed]);
        fakeRun(plan.runDir(out, plan.cells[1], seed), positionsAcc[seed]);
    }
    const auto results = collectStudyResults(plan, out);
    QCOMPARE(results.comparisons.size(), std::size_t{1});
    const auto& d = results.comparisons[0].result;
    // mean 35; std sqrt((25 + 25 + 100) / 2) = 8.660254; half 4.303 * 8.660254 / sqrt(3) = 21.515.
    QCOMPARE(d.diff.n, 3);
    QVERIFY(std::abs(d.diff.mean - 35.0) < 1e-9);
    QVERIFY(std::abs(d.diff.std - 8.660254) < 1e-6);
    QVERIFY(std::abs(*d.diff.ci_low - 13.485) < 1e-3);
    QVERIFY(std::abs(*d.diff.ci_high - 56.515) < 1e-3);
    QVERIFY(!d.inside_noise);
    const auto md = QString::fromStdString(studyMarkdown(results));
    QVERIFY2(md.contains(QStringLiteral("| bit_xor | +positions − output | +35.0 [+13.5, +56.5], n=3 | +positions > output |")),
             qPrintable(md));
    const auto tex = QString::fromStdString(studyLatex(results));
    QVERIFY2(tex.contains(QStringLiteral("+35.0 [+13.5, +56.5], n=3")), qPrintable(tex));
    // The paper also has +positions (100) far above output only (56): nothing contradicts it.
    QVERIFY(paperContradictions(results).empty());
    const auto json = studyJson(results);
    QCOMPARE(json["comparisons"][0]["n"].get<int>(), 3);
    QCOMPARE(json["comparisons"][0]["inside_noise"].get<bool>(), false);
}

void TestStudy::contradictionsOfThePaperAreSaid() {
    QTemporaryDir tmp;
    const auto out = tmp.path().toStdString();
    const auto plan = tinyPlan(3);
    // Differences 5, 0, -5: mean 0, inside the noise, where the paper has 100 vs 56.
    const double outputAcc[] = {0.5, 0.6, 0.7};
    const double positionsAcc[] = {0.55, 0.6, 0.65};
    for (int seed = 0; seed < 3; ++seed) {
        fakeRun(plan.runDir(out, plan.cells[0], seed), outputAcc[seed]);
        fakeRun(plan.runDir(out, plan.cells[1], seed), positionsAcc[seed]);
    }
    const auto results = collectStudyResults(plan, out);
    QVERIFY(results.comparisons[0].result.inside_noise);
    const auto sentences = paperContradictions(results);
    QCOMPARE(sentences.size(), std::size_t{1});
    const auto text = QString::fromStdString(sentences[0]);
    QVERIFY2(text.contains(QStringLiteral("bit_xor: the paper finds +positions > output (100.0% vs 56.0%)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("inside the noise")) && text.contains(QStringLiteral("4 x 256")), qPrintable(text));
    QVERIFY(QString::fromStdString(studyMarkdown(results)).contains(QStringLiteral("Where this table contradicts the paper")));
}

void TestStudy::pretrainingStudyCoversTheIssueRows() {
    const auto plan = buildStudyPlan("pretraining", "small", 3, kPresets);
    for (const char* task : {"bit_memory", "bit_xor", "listops"}) {  // generated or built-in: always runnable
        QVERIFY2(std::find(plan.rows.begin(), plan.rows.end(), task) != plan.rows.end(), task);
    }
    QCOMPARE(plan.comparisons.front(), (std::pair<std::string, std::string>{"language", "random"}));
    const auto lr = buildStudyPlan("full_lr", "medium", 3, kPresets);
    for (const auto& cell : lr.cells) {
        if (cell.column == "full_lr3e-4") {
            QVERIFY(cell.config.model.kind == ModelKind::Full);
            QCOMPARE(cell.config.train.learning_rate, 3e-4);
        }
        if (cell.column == "fpt") {
            QVERIFY(cell.config.model.kind == ModelKind::Fpt);
        }
    }
    const auto medium = buildStudyPlan("pretraining", "medium", 1, kPresets);
    const auto small = buildStudyPlan("pretraining", "small", 1, kPresets);
    QVERIFY(medium.cells.front().config.train.steps > small.cells.front().config.train.steps);
}

QTEST_GUILESS_MAIN(TestStudy)
#include "test_study.moc"
