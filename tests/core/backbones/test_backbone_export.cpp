// SPDX-License-Identifier: MIT
// Backbone export and task pretraining (fpt pretrain bits|vision): widened positions keep the
// trained rows and the init elsewhere; a bits-pretrained body exports to a loadable HF GPT-2
// folder that an FPT run uses as its frozen body, and the run records which backbone it used;
// resume continues the task run; vision runs where the fashion_mnist task and its data exist.
#include "core/backbones/backbone_export.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/training/run_folder.h"
#include "core/formats/safetensors_file.h"
#include "core/tasks/task_factory.h"
#include "core/pretraining/task_pretrainer.h"
#include "core/training/trainer.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace fpt::core;
namespace fs = std::filesystem;

namespace {

/// Bit Memory small enough for a test: 2 patterns of 20 bits in tokens of 5 -> 12 tokens.
RunConfig tinyBits(int64_t steps) {
    auto c = TaskPretrainer::defaultConfig("bits");
    c.task.n = 20;
    c.task.num_patterns = 2;
    c.task.patch_size = 5;
    c.model.n_layer = 2;
    c.model.n_embd = 32;
    c.model.n_head = 4;
    c.train.steps = steps;
    c.train.batch_size = 4;
    c.train.eval_every = 0;
    c.train.eval_batches = 2;
    c.train.checkpoint_every = 0;
    c.train.seed = 4;
    return c;
}

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace

class TestBackboneExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void widenedPositionsKeepRowsAndInit();
    void bitsBackboneServesAnFptRun();
    void taskPretrainResumes();
    void refusesFrozenOrPretrainedBodies();
    void visionBackbone();
};

void TestBackboneExport::widenedPositionsKeepRowsAndInit() {
    Gpt2Config c;
    c.n_layer = 2;
    c.n_embd = 32;
    c.n_head = 4;
    c.n_positions = 12;
    c.vocab_size = 0;
    torch::manual_seed(1);
    Gpt2Model body(c);
    auto wide = withPositions(body, 40, 7);
    QCOMPARE(wide->config().n_positions, int64_t{40});
    QVERIFY(torch::equal(wide->wpe()->weight.narrow(0, 0, 12), body->wpe()->weight));
    auto cWide = c;
    cWide.n_positions = 40;
    torch::manual_seed(7);
    Gpt2Model fresh(cWide);
    QVERIFY(torch::equal(wide->wpe()->weight.narrow(0, 12, 28),
                         fresh->wpe()->weight.narrow(0, 12, 28)));
    const auto a = body->named_parameters();
    for (const auto& item : wide->named_parameters()) {
        if (item.key() != "wpe.weight") {
            QVERIFY2(torch::equal(item.value(), a[item.key()]), item.key().c_str());
        }
    }
    QVERIFY_THROWS_EXCEPTION(ConfigError, storageDtype("f8"));
}

void TestBackboneExport::bitsBackboneServesAnFptRun() {
    QTemporaryDir tmp;
    const auto out = tmp.filePath(QStringLiteral("bits-2x32")).toStdString();
    TaskPretrainer pretrainer("bits", tinyBits(6), out, 64, "f32", false,
                              {{"command", "fpt pretrain bits"}});
    TrainingObserver quiet;
    const auto result = pretrainer.run(quiet);
    QCOMPARE(result.status, std::string("done"));
    QCOMPARE(result.steps, int64_t{6});
    // A loadable HF GPT-2 folder with the widened position table and the trained body.
    Gpt2Checkpoint backbone(out);
    QCOMPARE(backbone.config().n_positions, int64_t{64});
    QCOMPARE(backbone.config().n_layer, int64_t{2});
    QCOMPARE(backbone.config().vocab_size, int64_t{0});
    QVERIFY(!backbone.contains("wte.weight"));
    QCOMPARE(SafetensorsFile(out + "/model.safetensors").entry("h.0.attn.c_attn.weight").shape,
             (std::vector<int64_t>{32, 96}));
    const auto trained = readSafetensors(out + "/run/model.safetensors");
    QVERIFY(torch::equal(backbone.read("h.1.mlp.c_fc.weight"),
                         trained.at("transformer.h.1.mlp.c_fc.weight")));
    QVERIFY(torch::equal(backbone.read("wpe.weight").narrow(0, 0, 12),
                         trained.at("transformer.wpe.weight")));
    const auto record = readJson(out + "/pretrain.json");
    QCOMPARE(record["kind"].get<std::string>(), std::string("bits"));
    QCOMPARE(record["command"].get<std::string>(), std::string("fpt pretrain bits"));
    QCOMPARE(record["model"]["trained_positions"].get<int64_t>(), int64_t{12});
    QCOMPARE(record["fingerprint"].get<std::string>(), backbone.fingerprint());

    // An FPT run with that backbone: frozen body equal to the file, run.json names the backbone.
    RunConfig fpt;
    fpt.task.name = TaskKind::BitXor;
    fpt.model.kind = ModelKind::Fpt;
    fpt.model.backbone = out;
    fpt.train.steps = 3;
    fpt.train.batch_size = 4;
    fpt.train.eval_every = 0;
    fpt.train.eval_batches = 1;
    TrainerOptions options;
    options.run_dir = tmp.filePath(QStringLiteral("fpt-run")).toStdString();
    Trainer trainer(fpt, options);
    trainer.fit(quiet);
    auto body = trainer.model()->transformer();
    QVERIFY(torch::equal(body->named_parameters()["h.0.attn.c_attn.weight"],
                         backbone.read("h.0.attn.c_attn.weight").t()));
    const auto run = RunFolder::open(options.run_dir).record();
    QCOMPARE(run["backbone"]["folder"].get<std::string>(), fs::absolute(out).string());
    QCOMPARE(run["backbone"]["name"].get<std::string>(), out);
    QCOMPARE(run["backbone"]["fingerprint"].get<std::string>(), backbone.fingerprint());
}

void TestBackboneExport::taskPretrainResumes() {
    QTemporaryDir tmp;
    const auto out = tmp.filePath(QStringLiteral("bits")).toStdString();
    TrainingObserver quiet;
    TaskPretrainer("bits", tinyBits(4), out, 64, "f16", false).run(quiet);
    auto config = TaskPretrainer::savedConfig(out);
    QCOMPARE(config.train.steps, int64_t{4});
    config.train.steps = 7;
    const auto result = TaskPretrainer("bits", config, out, 64, "f16", /*resume=*/true).run(quiet);
    QCOMPARE(result.steps, int64_t{7});
    QCOMPARE(readJson(out + "/pretrain.json")["steps"].get<int64_t>(), int64_t{7});
    QCOMPARE(SafetensorsFile(out + "/model.safetensors").entry("wpe.weight").dtype,
             std::string("F16"));
}

void TestBackboneExport::refusesFrozenOrPretrainedBodies() {
    QTemporaryDir tmp;
    auto frozen = tinyBits(2);
    frozen.model.kind = ModelKind::Fpt;
    QVERIFY_THROWS_EXCEPTION(ConfigError,
                             TaskPretrainer("bits", frozen, tmp.path().toStdString(), 64, "f32"));
    QVERIFY_THROWS_EXCEPTION(
        ConfigError, TaskPretrainer("bits", tinyBits(2), tmp.path().toStdString(), 8, "f32"));
    QVERIFY_THROWS_EXCEPTION(ConfigError, TaskPretrainer::defaultConfig("audio"));
}

void TestBackboneExport::visionBackbone() {
    auto config = TaskPretrainer::defaultConfig("vision");
    QCOMPARE(toString(config.task.name), std::string("fashion_mnist"));
    try {
        makeTask(config.task, 0);
    } catch (const Error& e) {
        FPT_SKIP_UNLESS_CI(qPrintable(QStringLiteral("fashion_mnist unavailable here: ") +
                         QString::fromUtf8(e.what())));
    }
    QTemporaryDir tmp;
    config.model.n_layer = 2;
    config.model.n_embd = 32;
    config.model.n_head = 4;
    config.train.steps = 3;
    config.train.batch_size = 4;
    config.train.eval_every = 0;
    config.train.eval_batches = 1;
    config.task.max_train_examples = 64;
    const auto out = tmp.filePath(QStringLiteral("vision")).toStdString();
    TrainingObserver quiet;
    const auto result = TaskPretrainer("vision", config, out, 1024, "f16").run(quiet);
    QCOMPARE(result.steps, int64_t{3});
    Gpt2Checkpoint backbone(out);
    QCOMPARE(backbone.config().n_positions, int64_t{1024});
    QCOMPARE(readJson(out + "/pretrain.json")["kind"].get<std::string>(), std::string("vision"));
}

QTEST_GUILESS_MAIN(TestBackboneExport)
#include "test_backbone_export.moc"
