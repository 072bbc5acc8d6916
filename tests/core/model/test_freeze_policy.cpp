// SPDX-License-Identifier: MIT
// Freeze flags: exact trainable counts per setting, frozen weights get no gradient buffers and
// stay bit-identical after optimizer steps, per-layer overrides unfreeze only their layer.
#include "core/tasks/bit_task.h"
#include "core/model/fpt_model.h"
#include "core/model/freeze_policy.h"
#include "core/training/trainer.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

namespace {

// Bit XOR paper shape: 10 tokens x 1 in, last 5 read, 2 logits each. Body 2 x 32.
TaskSpec xorSpec() {
    TaskSpec s;
    s.input_dim = 1;
    s.seq_len = 10;
    s.readout_tokens = 5;
    s.outputs_per_token = 2;
    s.num_classes = 2;
    return s;
}

ModelConfig tinyModel() {
    ModelConfig m;
    m.n_layer = 2;
    m.n_embd = 32;
    m.n_head = 4;
    return m;
}

// Hand-counted group sizes for width C = 32, T = 10, 2 layers.
constexpr int64_t kIn = 1 * 32 + 32;
constexpr int64_t kOut = 32 * 2 + 2;
constexpr int64_t kPos = 10 * 32;
constexpr int64_t kLn = 2 * 2 * 64 + 64;
constexpr int64_t kAttnPerLayer = (32 * 96 + 96) + (32 * 32 + 32);
constexpr int64_t kFfPerLayer = (32 * 128 + 128) + (128 * 32 + 32);
constexpr int64_t kTotal = kIn + kOut + kPos + kLn + 2 * (kAttnPerLayer + kFfPerLayer);

}  // namespace

class TestFreezePolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainableCounts_data();
    void trainableCounts();
    void frozenWeightsStayBitIdentical();
    void lastLayerOverride();
};

void TestFreezePolicy::trainableCounts_data() {
    QTest::addColumn<QString>("setting");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("fpt default") << QStringLiteral("default") << qint64(kIn + kOut + kPos + kLn);
    QTest::newRow("output only") << QStringLiteral("out") << qint64(kOut);
    QTest::newRow("+ layernorm") << QStringLiteral("out+ln") << qint64(kOut + kLn);
    QTest::newRow("+ input") << QStringLiteral("out+ln+in") << qint64(kOut + kLn + kIn);
    QTest::newRow("+ feedforward") << QStringLiteral("ff") << qint64(kIn + kOut + kPos + kLn + 2 * kFfPerLayer);
    QTest::newRow("unfrozen body") << QStringLiteral("trans") << qint64(kTotal);
    QTest::newRow("full kind") << QStringLiteral("full") << qint64(kTotal);
}

void TestFreezePolicy::trainableCounts() {
    QFETCH(QString, setting);
    QFETCH(qint64, expected);
    auto m = tinyModel();
    if (setting.startsWith(QLatin1String("out"))) {
        m.freeze_in = !setting.contains(QLatin1String("in"));
        m.freeze_pos = true;
        m.freeze_ln = !setting.contains(QLatin1String("ln"));
    } else if (setting == QLatin1String("ff")) {
        m.freeze_ff = false;
    } else if (setting == QLatin1String("trans")) {
        m.freeze_trans = false;
    } else if (setting == QLatin1String("full")) {
        m.kind = ModelKind::Full;
    }
    torch::manual_seed(0);
    FptModel model(m, xorSpec(), nullptr);
    const auto counts = FreezePolicy::apply(model, m);
    QCOMPARE(counts.total, kTotal);
    QCOMPARE(counts.trainable, expected);
    QCOMPARE(counts.trainable_by_group.count(ParamGroup::Attention) ? counts.trainable_by_group.at(ParamGroup::Attention) : 0,
             setting == QLatin1String("trans") || setting == QLatin1String("full") ? 2 * kAttnPerLayer : 0);
}

void TestFreezePolicy::frozenWeightsStayBitIdentical() {
    RunConfig config;
    config.task.name = TaskKind::BitXor;
    config.model = tinyModel();
    config.train.steps = 5;
    config.train.batch_size = 8;
    config.train.eval_every = 0;
    Trainer trainer(config);
    trainer.setUp();
    std::map<std::string, torch::Tensor> before;
    for (const auto& item : trainer.model()->named_parameters()) {
        before[item.key()] = item.value().detach().clone();
    }
    TrainingObserver quiet;
    trainer.fit(quiet);
    int frozen = 0;
    int moved = 0;
    for (const auto& item : trainer.model()->named_parameters()) {
        const bool same = torch::equal(item.value(), before.at(item.key()));
        if (!item.value().requires_grad()) {
            ++frozen;
            QVERIFY2(same, item.key().c_str());
            QVERIFY2(!item.value().grad().defined(), item.key().c_str());  // no gradient buffer
        } else if (!same) {
            ++moved;
        }
    }
    QVERIFY(frozen > 0);
    QVERIFY(moved > 0);
}

void TestFreezePolicy::lastLayerOverride() {
    auto m = tinyModel();
    m.unfreeze_attn_layers = {-1};
    torch::manual_seed(0);
    FptModel model(m, xorSpec(), nullptr);
    FreezePolicy::apply(model, m);
    for (const auto& item : model->named_parameters()) {
        const auto& name = item.key();
        if (name.find(".attn.") != std::string::npos) {
            const bool lastLayer = name.rfind("transformer.h.1.", 0) == 0;
            QVERIFY2(item.value().requires_grad() == lastLayer, name.c_str());
        }
    }
}

QTEST_GUILESS_MAIN(TestFreezePolicy)
#include "test_freeze_policy.moc"
