// SPDX-License-Identifier: MIT
// fpt bench engine: the peer's configs and FLOP formula (numbers from fpt_torch_ref.py), a tiny
// benchmark producing every JSON field with sane values, frozen weights staying frozen, presets.
// Speed itself is checked by bench/compare, never here.
#include "core/training/benchmark.h"
#include "core/config/error.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

using namespace fpt::core;

namespace {

BenchShape tinyShape(const std::string& mode) {
    return {"tiny-" + mode, 2, 32, 4, 16, 6, 3, 4, parseModelKind(mode)};
}

BenchOptions quick() {
    BenchOptions o;
    o.seconds = 0.0;
    o.warmup_steps = 1;
    o.min_steps = 2;
    return o;
}

}  // namespace

class TestBenchmark : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void peerConfigs();
    void flopsMatchPeer_data();
    void flopsMatchPeer();
    void unknownConfig();
    void tinyRunHasFields_data();
    void tinyRunHasFields();
    void caseFollowsOptions();
    void presetCase();
    void gemmPeak();
};

void TestBenchmark::peerConfigs() {
    const auto& shapes = benchShapes();
    QCOMPARE(shapes.size(), std::size_t(6));
    const auto lra = benchShape("fpt-gpt2-lra");
    QCOMPARE(lra.n_layer, int64_t{12});
    QCOMPARE(lra.n_embd, int64_t{768});
    QCOMPARE(lra.seq, int64_t{1024});
    QCOMPARE(lra.in_dim, int64_t{1});
    QCOMPARE(lra.batch, int64_t{2});
    QCOMPARE(toString(benchShape("lstm-small").mode), std::string("lstm"));
    QCOMPARE(benchShape("full-small").batch, int64_t{32});
}

void TestBenchmark::flopsMatchPeer_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("flops");
    // flops_per_step(CONFIGS[name]) printed by /usr/bin/python3 from fpt_torch_ref.py.
    QTest::newRow("fpt-small") << QStringLiteral("fpt-small") << 26843545600.0;
    QTest::newRow("full-small") << QStringLiteral("full-small") << 40265318400.0;
    QTest::newRow("fpt-gpt2") << QStringLiteral("fpt-gpt2") << 176362094592.0;
    QTest::newRow("full-gpt2") << QStringLiteral("full-gpt2") << 264543141888.0;
    QTest::newRow("lstm-small") << QStringLiteral("lstm-small") << 19327352832.0;
    QTest::newRow("fpt-gpt2-lra") << QStringLiteral("fpt-gpt2-lra") << 850403524608.0;
}

void TestBenchmark::flopsMatchPeer() {
    QFETCH(QString, name);
    QFETCH(double, flops);
    QCOMPARE(benchFlopsPerStep(benchShape(name.toStdString())), flops);
}

void TestBenchmark::unknownConfig() {
    try {
        benchShape("gpt3");
        QFAIL("no error for an unknown config");
    } catch (const ConfigError& e) {
        QVERIFY(std::string(e.what()).find("fpt-gpt2-lra") != std::string::npos);
    }
}

void TestBenchmark::tinyRunHasFields_data() {
    QTest::addColumn<QString>("mode");
    QTest::newRow("fpt") << QStringLiteral("fpt");
    QTest::newRow("full") << QStringLiteral("full");
    QTest::newRow("lstm") << QStringLiteral("lstm");
}

void TestBenchmark::tinyRunHasFields() {
    QFETCH(QString, mode);
    const auto shape = tinyShape(mode.toStdString());
    const auto j = runBenchmark(benchCase(shape, quick()), quick());
    for (const char* key : {"config", "impl", "steps_per_s", "tokens_per_s", "gflops",
                            "peak_rss_mb", "steps", "step_ms_median", "flops_per_step",
                            "trainable_params", "total_params", "final_loss"}) {
        QVERIFY2(j.contains(key), key);
    }
    QCOMPARE(j["config"].get<std::string>(), shape.name);
    QCOMPARE(j["impl"].get<std::string>(), std::string("fpt-cpp"));
    QVERIFY(j["steps"].get<int64_t>() >= 2);
    const double sps = j["steps_per_s"].get<double>();
    QVERIFY(std::isfinite(sps) && sps > 0.0);
    QVERIFY(std::abs(j["tokens_per_s"].get<double>() - sps * 4 * 16) < 1e-6 * sps * 64);
    QVERIFY(std::abs(j["gflops"].get<double>() - sps * benchFlopsPerStep(shape) / 1e9) <
            1e-6 * j["gflops"].get<double>());
    QVERIFY(j["peak_rss_mb"].get<double>() > 1.0);
    QVERIFY(std::isfinite(j["final_loss"].get<double>()));
    const auto trainable = j["trainable_params"].get<int64_t>();
    const auto total = j["total_params"].get<int64_t>();
    if (mode == QStringLiteral("fpt")) {
        QVERIFY(trainable < total / 4);  // attention and MLP frozen
    } else {
        QCOMPARE(trainable, total);
    }
}

void TestBenchmark::caseFollowsOptions() {
    BenchOptions o;
    o.dropout = 0.2;
    o.attention = "plain";
    o.grad_clip = 0.0;
    const auto c = benchCase(benchShape("fpt-gpt2-lra"), o);
    QCOMPARE(toString(c.config.model.kind), std::string("fpt"));
    QCOMPARE(c.config.model.n_embd, int64_t{768});
    QCOMPARE(c.config.model.dropout, 0.2);
    QCOMPARE(c.config.model.attention, std::string("plain"));
    QCOMPARE(c.config.train.grad_clip, 0.0);
    QCOMPARE(c.spec.seq_len, int64_t{1024});
    QCOMPARE(c.spec.num_classes, int64_t{10});
    const auto lstm = benchCase(benchShape("lstm-small"), o);
    QVERIFY(!lstm.config.model.lstm_layer_norm);  // the peer's nn.LSTM
}

void TestBenchmark::presetCase() {
    RunConfig config;
    config.task.name = TaskKind::BitXor;
    config.model.kind = ModelKind::Full;
    config.model.n_layer = 2;
    config.model.n_embd = 32;
    config.model.n_head = 4;
    config.model.dropout = 0.1;
    config.train.batch_size = 4;
    const auto c = benchCaseForPreset(config, "xor");
    QCOMPARE(c.shape.name, std::string("xor"));
    QCOMPARE(toString(c.shape.mode), std::string("full"));
    QCOMPARE(c.shape.seq, c.spec.seq_len);
    QCOMPARE(c.config.model.dropout, 0.1);  // the preset's own settings
    const auto j = runBenchmark(c, quick());
    QVERIFY(j["steps_per_s"].get<double>() > 0.0);
    QCOMPARE(j["dropout"].get<double>(), 0.1);
}

void TestBenchmark::gemmPeak() {
    const auto j = measureSgemmPeak(0.0);
    QVERIFY(j["gemm_gflops_peak"].get<double>() > 0.0);
    QVERIFY(j["shapes"].size() >= 3);
    double best = 0.0;
    for (const auto& row : j["shapes"]) {
        best = std::max(best, row["gflops"].get<double>());
    }
    QCOMPARE(best, j["gemm_gflops_peak"].get<double>());
}

QTEST_GUILESS_MAIN(TestBenchmark)
#include "test_benchmark.moc"
