// SPDX-License-Identifier: MIT
// The analytic parameter layout (used by the editor's live count) equals the built model's
// parameters name by name, and its trainable/total counts equal FreezePolicy::apply's.
#include "core/model/fpt_model.h"
#include "core/model/freeze_policy.h"
#include "core/training/parameter_count.h"
#include "core/tasks/task_factory.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

class TestParameterCount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layoutMatchesModel_data();
    void layoutMatchesModel();
    void backboneFolderShape();
};

void TestParameterCount::layoutMatchesModel_data() {
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("layerNorm");
    for (const char* task : {"bit_xor", "bit_memory"}) {
        for (const char* kind : {"fpt", "full", "lstm"}) {
            QTest::addRow("%s %s", task, kind) << QString::fromLatin1(task) << QString::fromLatin1(kind) << true;
        }
    }
    QTest::newRow("fused lstm") << QStringLiteral("bit_xor") << QStringLiteral("lstm") << false;
}

void TestParameterCount::layoutMatchesModel() {
    QFETCH(QString, task);
    QFETCH(QString, kind);
    QFETCH(bool, layerNorm);
    RunConfig c;
    c.task.name = parseTaskKind(task.toStdString());
    c.model.kind = parseModelKind(kind.toStdString());
    c.model.n_layer = 2;
    c.model.n_embd = 32;
    c.model.lstm_layer_norm = layerNorm;
    c.model.unfreeze_ff_layers = {-1};
    resolveTaskDefaults(c.task);
    torch::manual_seed(0);
    FptModel model(c.model, makeTask(c.task, 0)->spec(), nullptr);
    const auto built = FreezePolicy::apply(model, c.model);
    const auto layout = parameterLayout(c);
    const auto params = model->named_parameters();
    QCOMPARE(layout.size(), params.size());
    for (std::size_t i = 0; i < layout.size(); ++i) {
        QCOMPARE(QString::fromStdString(layout[i].first), QString::fromStdString(params[i].key()));
        QCOMPARE(layout[i].second, params[i].value().numel());
    }
    const auto counted = countParameters(c);
    QCOMPARE(counted.trainable, built.trainable);
    QCOMPARE(counted.total, built.total);
    QCOMPARE(counted.trainable_by_group, built.trainable_by_group);
}

void TestParameterCount::backboneFolderShape() {
    RunConfig c;
    c.task.name = TaskKind::BitXor;
    c.model.backbone = (std::string(FPT_SOURCE_DIR) + "/tests/fixtures/gpt2-tiny");
    const auto counts = countParameters(c);
    // gpt2-tiny: 2 layers x 64, vocab 50; the task keeps 10 of its 32 positions.
    const int64_t body = 50 * 64 + 10 * 64 + 2 * (4 * 64 + (64 * 192 + 192) + (64 * 64 + 64) + (64 * 256 + 256) + (256 * 64 + 64)) + 2 * 64;
    QCOMPARE(counts.total, body + (1 * 64 + 64) + (64 * 2 + 2));
    QCOMPARE(counts.trainable, (1 * 64 + 64) + (64 * 2 + 2) + 10 * 64 + 2 * 4 * 64 + 2 * 64);
}

QTEST_GUILESS_MAIN(TestParameterCount)
#include "test_parameter_count.moc"
