// SPDX-License-Identifier: MIT
// Trainer: same seed -> bit-identical metrics and weights; train 2N == train N + resume + N;
// NaN loss stops with a message and a "failed" run folder; run folder contents; gradient
// clipping end to end (issue 19): train.grad_clip reaches the optimiser through the Trainer.
#include "core/config/error.h"
#include "core/training/run_folder.h"
#include "core/formats/safetensors_file.h"
#include "core/training/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

using namespace fpt::core;

namespace {

RunConfig tinyXor(int64_t steps) {
    RunConfig c;
    c.task.name = TaskKind::BitXor;
    c.model.n_layer = 2;
    c.model.n_embd = 32;
    c.model.n_head = 4;
    c.train.steps = steps;
    c.train.batch_size = 8;
    c.train.eval_every = 5;
    c.train.eval_batches = 2;
    c.train.seed = 11;
    return c;
}

RunSummary train(const RunConfig& c, const std::string& dir, bool resume = false) {
    TrainerOptions options;
    options.run_dir = dir;
    options.resume = resume;
    Trainer trainer(c, options);
    TrainingObserver quiet;
    return trainer.fit(quiet);
}

/// metrics.jsonl without wall-clock fields.
std::vector<nlohmann::json> metricsOf(const std::string& dir) {
    auto lines = RunFolder::open(dir).readMetrics();
    for (auto& line : lines) {
        line.erase("time_s");
        line.erase("step_time_s");
    }
    return lines;
}

bool sameWeights(const std::string& a, const std::string& b) {
    const auto ta = readSafetensors(a);
    const auto tb = readSafetensors(b);
    if (ta.size() != tb.size()) {
        return false;
    }
    for (const auto& [name, t] : ta) {
        if (!tb.count(name) || !torch::equal(t, tb.at(name))) {
            qWarning("differs: %s", name.c_str());
            return false;
        }
    }
    return true;
}

/// Largest |a - b| over the tensors both files hold.
double maxAbsDifference(const std::string& a, const std::string& b) {
    const auto ta = readSafetensors(a);
    const auto tb = readSafetensors(b);
    double worst = 0.0;
    for (const auto& [name, t] : ta) {
        if (tb.count(name)) {
            worst = std::max(worst, (t.to(torch::kDouble) - tb.at(name).to(torch::kDouble)).abs().max().item<double>());
        }
    }
    return worst;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedIsBitIdentical();
    void differentSeedDiffers();
    void resumeEqualsUninterrupted();
    void runFolderContents();
    void nanLossStopsWithMessage();
    void lstmAndFullTrain();
    void finalEvaluationCap();
    void gradientClippingReachesTheUpdate();
};

void TestTrainer::sameSeedIsBitIdentical() {
    QTemporaryDir tmp;
    const auto a = tmp.filePath(QStringLiteral("a")).toStdString();
    const auto b = tmp.filePath(QStringLiteral("b")).toStdString();
    const auto sa = train(tinyXor(12), a);
    const auto sb = train(tinyXor(12), b);
    QCOMPARE(sa.test_accuracy, sb.test_accuracy);
    QCOMPARE(metricsOf(a), metricsOf(b));
    QVERIFY(sameWeights(a + "/model.safetensors", b + "/model.safetensors"));
}

void TestTrainer::differentSeedDiffers() {
    QTemporaryDir tmp;
    auto c = tinyXor(6);
    const auto a = tmp.filePath(QStringLiteral("a")).toStdString();
    const auto b = tmp.filePath(QStringLiteral("b")).toStdString();
    train(c, a);
    c.train.seed = 12;
    train(c, b);
    QVERIFY(metricsOf(a) != metricsOf(b));
}

void TestTrainer::resumeEqualsUninterrupted() {
    QTemporaryDir tmp;
    const auto whole = tmp.filePath(QStringLiteral("whole")).toStdString();
    const auto split = tmp.filePath(QStringLiteral("split")).toStdString();
    train(tinyXor(16), whole);
    auto first = tinyXor(8);
    train(first, split);  // ends with a checkpoint at step 8
    QCOMPARE(RunFolder::open(split).latestCheckpointStep().value_or(-1), int64_t{8});
    train(tinyXor(16), split, /*resume=*/true);
    QVERIFY(sameWeights(whole + "/model.safetensors", split + "/model.safetensors"));
    // Train lines after the resume equal the uninterrupted run's; no duplicated steps.
    auto trainLines = [](const std::vector<nlohmann::json>& lines) {
        std::vector<nlohmann::json> out;
        for (const auto& l : lines) {
            if (l["split"] == "train") {
                out.push_back(l);
            }
        }
        return out;
    };
    QCOMPARE(trainLines(metricsOf(split)), trainLines(metricsOf(whole)));
}

void TestTrainer::runFolderContents() {
    QTemporaryDir tmp;
    const auto dir = tmp.filePath(QStringLiteral("run")).toStdString();
    auto c = tinyXor(10);
    c.train.checkpoint_every = 4;
    c.train.snapshot_every = 5;
    train(c, dir);
    auto folder = RunFolder::open(dir);
    const auto& record = folder.record();
    QCOMPARE(record["status"].get<std::string>(), std::string("done"));
    QCOMPARE(record["step"].get<int64_t>(), int64_t{10});
    QCOMPARE(record["config"]["task"]["n"].get<int64_t>(), int64_t{5});  // resolved default
    QCOMPARE(record["seed"].get<int64_t>(), int64_t{11});
    QVERIFY(record.contains("libtorch_version"));
    QVERIFY(record["parameters"]["trainable"].get<int64_t>() > 0);
    QVERIFY(std::filesystem::exists(dir + "/model.safetensors"));
    QCOMPARE(folder.checkpointSteps(), (std::vector<int64_t>{8, 10}));  // keep_checkpoints = 2
    const auto lines = folder.readMetrics();
    int train = 0;
    int test = 0;
    for (const auto& l : lines) {
        (l["split"] == "train" ? train : test)++;
        QVERIFY(l.contains("loss") && l.contains("accuracy") && l.contains("step"));
    }
    QCOMPARE(train, 10);
    QCOMPARE(test, 2);  // step 5 and the final evaluation
    QCOMPARE(std::distance(std::filesystem::directory_iterator(folder.snapshotsDir()),
                           std::filesystem::directory_iterator()),
             std::ptrdiff_t{3});  // steps 0, 5, 10
}

void TestTrainer::nanLossStopsWithMessage() {
    QTemporaryDir tmp;
    const auto dir = tmp.filePath(QStringLiteral("nan")).toStdString();
    auto c = tinyXor(50);
    c.train.learning_rate = 1e30;
    c.train.grad_clip = 0.0;
    try {
        train(c, dir);
        QFAIL("a diverging run did not stop");
    } catch (const TrainingError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("learning_rate")), e.what());
    }
    const auto record = RunFolder::open(dir).record();
    QCOMPARE(record["status"].get<std::string>(), std::string("failed"));
    QVERIFY(record["message"].get<std::string>().find("loss became") != std::string::npos);
}

void TestTrainer::lstmAndFullTrain() {
    for (const char* kind : {"lstm", "full"}) {
        auto c = tinyXor(4);
        c.model.kind = parseModelKind(kind);
        Trainer trainer(c);
        TrainingObserver quiet;
        const auto s = trainer.fit(quiet);
        QCOMPARE(s.steps, int64_t{4});
        QCOMPARE(s.trainable_params, s.total_params);
        QVERIFY(std::isfinite(s.test_loss));
    }
}


void TestTrainer::finalEvaluationCap() {
    // The evaluation after the last step covers the whole test split unless
    // train.final_eval_examples caps it (CIFAR-10 LRA presets do).
    auto c = tinyXor(2);
    c.task = TaskConfig{};
    c.task.name = TaskKind::ListOps;
    c.task.source = "generate";
    c.task.max_length = 64;
    c.task.max_depth = 2;
    c.task.generate_train = 40;
    c.task.generate_test = 30;
    c.train.eval_every = 0;
    const auto finalExamples = [&](int64_t cap) {
        auto config = c;
        config.train.final_eval_examples = cap;
        TrainerOptions options;
        Trainer trainer(config, options);
        TrainingObserver quiet;
        return trainer.fit(quiet).test_examples;
    };
    QCOMPARE(finalExamples(0), int64_t{30});    // whole split
    QCOMPARE(finalExamples(10), int64_t{16});   // 10 rounded up to whole batches of 8
    QCOMPARE(finalExamples(500), int64_t{30});  // a cap above the split changes nothing
}

void TestTrainer::gradientClippingReachesTheUpdate() {
    // Adam's first steps move each weight by about lr whatever the gradient's scale, so a normal
    // clip (1.0) cannot be seen in the weights. A clip of 1e-12 can: every gradient then has
    // |g| <= 1e-12, far below Adam's eps (1e-8), so no weight may move by more than
    // steps * lr * 1e-12 / 1e-8 = 3e-4 * lr, while the same run unclipped moves weights by ~lr.
    QTemporaryDir tmp;
    const auto path = [&](const char* name) { return tmp.filePath(QString::fromLatin1(name)).toStdString(); };
    auto c = tinyXor(3);
    c.train.eval_every = 0;
    const double lr = c.train.learning_rate;
    train(tinyXor(0), path("init"));  // 0 steps: the initial weights of this seed
    c.train.grad_clip = 0.0;
    train(c, path("off"));
    c.train.grad_clip = 1e-12;
    train(c, path("tiny"));
    c.train.grad_clip = 1.0;
    train(c, path("unit"));
    const auto weights = [&](const char* name) { return path(name) + "/model.safetensors"; };
    const double moved = maxAbsDifference(weights("init"), weights("off"));
    const double movedClipped = maxAbsDifference(weights("init"), weights("tiny"));
    QVERIFY2(moved > 0.5 * lr, qPrintable(QStringLiteral("unclipped run moved %1").arg(moved)));
    QVERIFY2(movedClipped < 1e-3 * lr,
             qPrintable(QStringLiteral("clip 1e-12 still moved a weight by %1 (lr %2)").arg(movedClipped).arg(lr)));
    // The logged grad_norm is the norm before clipping: the same at step 1 (same weights, same
    // batch) whatever the clip, and far above the tiny clip.
    const auto firstNorm = [&](const char* name) {
        for (const auto& l : metricsOf(path(name))) {
            if (l["split"] == "train" && l["step"] == 1) {
                return l["grad_norm"].get<double>();
            }
        }
        return -1.0;
    };
    QVERIFY(firstNorm("unit") > 1e-6);
    QCOMPARE(firstNorm("tiny"), firstNorm("unit"));
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
