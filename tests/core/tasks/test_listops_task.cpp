// SPDX-License-Identifier: MIT
// ListOpsTask: generated and file-backed data, both tokenisers, truncation, split semantics,
// labels consistent with an independent evaluation of the decoded tokens, probe; timings.
#include "core/config/error.h"
#include "core/data/listops_evaluator.h"
#include "core/tasks/listops_task.h"
#include "core/data/listops_vocab.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <fstream>
#include <set>
#include <string>

using fpt::core::ListOpsTask;
using fpt::core::Split;
using fpt::core::TaskConfig;

namespace {

TaskConfig generated(int64_t train, int64_t test) {
    TaskConfig c;
    c.name = fpt::core::TaskKind::ListOps;
    c.source = "generate";
    c.generate_train = train;
    c.generate_test = test;
    return c;
}

std::string decode(const torch::Tensor& row, const fpt::core::ListOpsVocab& vocab) {
    std::string text;
    for (int64_t t = 0; t < row.size(0); ++t) {
        const int64_t id = row[t].item<int64_t>();
        if (id != 0) {
            text += (text.empty() ? "" : " ") + vocab.symbol(id);
        }
    }
    return text;
}

std::vector<int64_t> rowIds(const torch::Tensor& row) {
    const torch::Tensor r = row.contiguous();
    return {r.data_ptr<int64_t>(), r.data_ptr<int64_t>() + r.numel()};
}

void writeTsvs(const std::string& dir) {
    std::ofstream(dir + "/basic_train.tsv")
        << "Source\tTarget\n"
           "( ( ( [MAX 2 ) 9 ) ] )\t9\n"
           "( ( ( [MIN 2 ) 9 ) ] )\t2\n"
           "( ( ( ( [SM 4 ) ( ( ( [MIN 7 ) 3 ) ] ) ) 8 ) ] )\t5\n";
    std::ofstream(dir + "/basic_val.tsv") << "Source\tTarget\n( ( ( [MED 2 ) 7 ) ] )\t4\n";
    std::ofstream(dir + "/basic_test.tsv")
        << "Source\tTarget\n( ( ( [SM 6 ) 7 ) ] )\t3\n( ( ( [MAX 0 ) 1 ) ] )\t1\n";
}

}  // namespace

class TestListOpsTask : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void generatedSpecAndLabels_data() {
        QTest::addColumn<bool>("dropBrackets");
        QTest::addColumn<int>("vocab");
        QTest::newRow("brackets kept") << false << 18;
        QTest::newRow("paper tokeniser") << true << 15;
    }

    void generatedSpecAndLabels() {
        QFETCH(bool, dropBrackets);
        QFETCH(int, vocab);
        TaskConfig c = generated(400, 100);
        c.drop_brackets = dropBrackets;
        ListOpsTask task(c, 0);
        QCOMPARE(task.source(), std::string("generate"));
        const auto& spec = task.spec();
        QCOMPARE(spec.input_kind, fpt::core::InputKind::Tokens);
        QCOMPARE(spec.input_dim, int64_t{vocab});
        QCOMPARE(spec.seq_len, int64_t{512});
        QCOMPARE(spec.readout_tokens, int64_t{1});
        QCOMPARE(spec.outputs_per_token, int64_t{10});
        QCOMPARE(spec.num_classes, int64_t{10});
        QCOMPARE(task.size(Split::Train), int64_t{400});
        QCOMPARE(task.size(Split::Test), int64_t{100});
        QCOMPARE(task.truncated(Split::Train), int64_t{0});
        const auto b = task.batch(Split::Train, 16, 5);
        QCOMPARE(b.x.sizes().vec(), (std::vector<int64_t>{16, 512}));
        QCOMPARE(b.x.scalar_type(), torch::kInt64);
        QCOMPARE(b.y.scalar_type(), torch::kInt64);
        QVERIFY(b.x.max().item<int64_t>() < vocab);
        if (!dropBrackets) {
            const fpt::core::ListOpsVocab v(false);
            for (int64_t j = 0; j < 16; ++j) {
                QCOMPARE(fpt::core::ListOpsEvaluator::evaluate(decode(b.x[j], v), "batch"),
                         b.y[j].item<int64_t>());
            }
        }
    }

    void generatedDataIsFixedAcrossRuns() {
        ListOpsTask a(generated(300, 50), 1);
        ListOpsTask b(generated(300, 50), 2);
        ListOpsTask moreTrain(generated(600, 50), 1);
        QVERIFY(torch::equal(a.batch(Split::Test, 50, 0).x, b.batch(Split::Test, 50, 0).x));
        QVERIFY(torch::equal(a.batch(Split::Test, 50, 0).x, moreTrain.batch(Split::Test, 50, 0).x));
        QVERIFY(!torch::equal(a.batch(Split::Train, 16, 0).x,
                              b.batch(Split::Train, 16, 0).x));  // order only
        QVERIFY(torch::equal(a.batch(Split::Train, 16, 7).x,
                             ListOpsTask(generated(300, 50), 1).batch(Split::Train, 16, 7).x));
        // Train and test share no expression; one epoch visits each train example once.
        std::set<std::vector<int64_t>> test;
        const auto t = a.batch(Split::Test, 50, 0);
        for (int64_t j = 0; j < 50; ++j) {
            test.insert(rowIds(t.x[j]));
        }
        std::set<std::vector<int64_t>> train;
        for (int64_t index = 0; index < 300 / 20; ++index) {
            const auto x = a.batch(Split::Train, 20, index).x;
            for (int64_t j = 0; j < 20; ++j) {
                QVERIFY(test.count(rowIds(x[j])) == 0);
                train.insert(rowIds(x[j]));
            }
        }
        QCOMPARE(train.size(), size_t{300});
    }

    void readsFilesAndTruncates() {
        QTemporaryDir dir;
        writeTsvs(dir.path().toStdString());
        TaskConfig c;
        c.name = fpt::core::TaskKind::ListOps;
        c.data_path = dir.path().toStdString();
        c.max_length = 12;
        ListOpsTask task(c, 0);
        QCOMPARE(task.source(), std::string("files"));  // auto-detected
        QCOMPARE(task.size(Split::Train), int64_t{3});
        QCOMPARE(task.size(Split::Test), int64_t{1});
        QCOMPARE(task.truncated(Split::Train), int64_t{1});
        const auto test = task.batch(Split::Test, 4, 0);
        QCOMPARE(test.x.sizes().vec(), (std::vector<int64_t>{1, 12}));
        QCOMPARE(rowIds(test.x[0]), (std::vector<int64_t>{1, 1, 1, 5, 10, 2, 15, 2, 7, 2, 0, 0}));
        QCOMPARE(test.y[0].item<int64_t>(), int64_t{4});
        // The read-out position (max_length - 1) is padding here, as in the paper code.
        QCOMPARE(test.x[0][task.spec().seq_len - 1].item<int64_t>(), int64_t{0});

        c.test_split = "test";
        c.drop_brackets = true;
        ListOpsTask onTest(c, 0);
        QCOMPARE(onTest.size(Split::Test), int64_t{2});
        QCOMPARE(onTest.spec().input_dim, int64_t{15});
        QCOMPARE(onTest.truncated(Split::Train), int64_t{0});
        const auto probe = onTest.probeInfo();
        QCOMPARE(probe.token_kind, std::string("symbol"));
        QCOMPARE(probe.token_labels.size(), size_t{12});
        QCOMPARE(probe.token_labels.back(), std::string("<pad>"));
        QCOMPARE(probe.description, "= " + std::to_string(probe.target));
        QCOMPARE(onTest.probeBatch().y[0].item<int64_t>(), probe.target);
    }

    void errors() {
        QTemporaryDir dir;
        TaskConfig c;
        c.name = fpt::core::TaskKind::ListOps;
        c.data_path = dir.path().toStdString();
        c.source = "files";
        try {
            ListOpsTask task(c, 0);
            QFAIL("expected DatasetError");
        } catch (const fpt::core::DatasetError& e) {
            QVERIFY2(std::string(e.what()).find(dir.path().toStdString() + "/basic_train.tsv") !=
                         std::string::npos,
                     e.what());
        }
        c.source = "download";
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, ListOpsTask(c, 0));
        c.source = "";
        c.test_split = "train";
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, ListOpsTask(c, 0));
        c.test_split = "";
        c.source = "";
        c.generate_train = 50;
        c.generate_test = 10;
        QCOMPARE(ListOpsTask(c, 0).source(),
                 std::string("generate"));  // empty folder: auto -> generate
    }

    void defaultsAndTimings() {
        TaskConfig c;
        c.name = fpt::core::TaskKind::ListOps;
        c.source = "generate";
        ListOpsTask::resolveDefaults(c);
        QCOMPARE(c.max_length, int64_t{512});
        QCOMPARE(c.generate_train, int64_t{20000});
        QCOMPARE(c.generate_test, int64_t{2000});
        QCOMPARE(c.max_depth, int64_t{10});
        QCOMPARE(c.max_args, int64_t{10});
        QCOMPARE(c.test_split, std::string("val"));
        const auto start = std::chrono::steady_clock::now();
        ListOpsTask task(c, 0);
        const double buildMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        task.batch(Split::Train, 16, 0);
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 1; i <= 100; ++i) {
            task.batch(Split::Train, 16, i);
        }
        const double batchMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count() /
            100;
        qInfo("listops: generating 22,000 expressions took %.0f ms; batch(16) %.3f ms", buildMs,
              batchMs);
        // Non-trivial data: a spread of lengths and of answers.
        const auto b = task.batch(Split::Test, 2000, 0);
        const torch::Tensor lengths = (b.x != 0).sum(1);
        QVERIFY(lengths.min().item<int64_t>() >= 64);
        QVERIFY(lengths.max().item<int64_t>() <= 512);
        QVERIFY(torch::bincount(b.y, {}, 10).min().item<int64_t>() > 0);
    }
};

QTEST_GUILESS_MAIN(TestListOpsTask)
#include "test_listops_task.moc"
