// SPDX-License-Identifier: MIT
// BackboneRegistry: names resolve to folders on the search path; the shipped language backbone
// (backbones/language-brown-4x256) is there, small, F16, long enough for ListOps and CIFAR-LRA,
// remakeable from its pretrain.json (its quality: tests/cli/test_eval_lm.sh), named by the presets, and
// an FPT run with it records its name, folder and fingerprint.
#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/training/run_folder.h"
#include "core/formats/safetensors_file.h"
#include "core/training/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace fpt::core;
namespace fs = std::filesystem;

namespace {

const std::string kShipped = "language-brown-4x256";

nlohmann::json readJson(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace

class TestBackboneRegistry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resolvesNamesAndPaths();
    void unknownNameListsAvailable();
    void shippedLanguageBackbone();
    void presetsNameAShippedBackbone();
    void runRecordsShippedBackbone();
};

void TestBackboneRegistry::initTestCase() {
    // The project root must be the source tree even when the test binary lives elsewhere.
    qputenv("FPT_ROOT", QByteArray(FPT_SOURCE_DIR));
}

void TestBackboneRegistry::resolvesNamesAndPaths() {
    QCOMPARE(BackboneRegistry::resolve("random").folder, std::string());
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "mine";
    fs::create_directories(dir);
    std::ofstream(dir / "config.json") << "{}";
    qputenv("FPT_BACKBONES", tmp.path().toUtf8());
    const auto byName = BackboneRegistry::resolve("mine");
    QCOMPARE(byName.folder, fs::absolute(dir).string());
    QCOMPARE(BackboneRegistry::resolve(dir.string()).folder, fs::absolute(dir).string());
    qunsetenv("FPT_BACKBONES");
    const auto shipped = BackboneRegistry::resolve(kShipped);
    QCOMPARE(fs::canonical(shipped.folder),
             fs::canonical(fs::path(FPT_SOURCE_DIR) / "backbones" / kShipped));
}

void TestBackboneRegistry::unknownNameListsAvailable() {
    try {
        BackboneRegistry::resolve("no-such-backbone");
        QFAIL("unknown name accepted");
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find(kShipped) != std::string::npos, e.what());
        QVERIFY2(message.find("fpt pretrain") != std::string::npos, e.what());
    }
}

void TestBackboneRegistry::shippedLanguageBackbone() {
    const fs::path dir = fs::path(FPT_SOURCE_DIR) / "backbones" / kShipped;
    Gpt2Checkpoint checkpoint(dir.string());
    const auto& c = checkpoint.config();
    QCOMPARE(c.n_layer, int64_t{4});
    QCOMPARE(c.n_embd, int64_t{256});
    QCOMPARE(c.n_head, int64_t{4});
    QVERIFY(c.n_positions >= 1024);  // ListOps (512) and CIFAR-LRA (1024) fit
    QCOMPARE(c.vocab_size, int64_t{256});
    QVERIFY(c.causal);
    QVERIFY(fs::file_size(dir / "model.safetensors") <= 8u * 1024 * 1024);
    QCOMPARE(SafetensorsFile((dir / "model.safetensors").string())
                 .entry("transformer.h.0.attn.c_attn.weight")
                 .dtype,
             std::string("F16"));
    const auto record = readJson(dir / "pretrain.json");
    QCOMPARE(record["kind"].get<std::string>(), std::string("language"));
    QVERIFY(record["command"].get<std::string>().find("pretrain language") != std::string::npos);
    // Its quality is not read from this record (a number the run wrote about itself):
    // tests/cli/test_eval_lm.sh computes bits/byte from the weights with `fpt eval-lm`.
    QCOMPARE(record["corpus"]["files"].get<int64_t>(), int64_t{500});
}

void TestBackboneRegistry::presetsNameAShippedBackbone() {
    int named = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(FPT_SOURCE_DIR) / "presets")) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        const auto preset = readJson(entry.path());
        const auto backbone = preset["model"].value("backbone", std::string("random"));
        if (backbone != "random") {
            ++named;
            QVERIFY2(!BackboneRegistry::resolve(backbone).folder.empty(), backbone.c_str());
        }
    }
    QVERIFY(named > 0);
}

void TestBackboneRegistry::runRecordsShippedBackbone() {
    QTemporaryDir tmp;
    RunConfig config;
    config.task.name = TaskKind::BitXor;
    config.model.kind = ModelKind::Fpt;
    config.model.backbone = kShipped;
    config.train.steps = 2;
    config.train.batch_size = 4;
    config.train.eval_every = 0;
    config.train.eval_batches = 1;
    TrainerOptions options;
    options.run_dir = tmp.filePath(QStringLiteral("run")).toStdString();
    Trainer trainer(config, options);
    TrainingObserver quiet;
    trainer.fit(quiet);
    const auto record = RunFolder::open(options.run_dir).record();
    const auto folder = BackboneRegistry::resolve(kShipped).folder;
    QCOMPARE(record["backbone"]["name"].get<std::string>(), kShipped);
    QCOMPARE(record["backbone"]["folder"].get<std::string>(), folder);
    QCOMPARE(record["backbone"]["fingerprint"].get<std::string>(),
             Gpt2Checkpoint(folder).fingerprint());
    QCOMPARE(trainer.model()->transformer()->config().n_embd, int64_t{256});
}

QTEST_GUILESS_MAIN(TestBackboneRegistry)
#include "test_backbone_registry.moc"
