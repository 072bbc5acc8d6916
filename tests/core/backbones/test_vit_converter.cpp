// SPDX-License-Identifier: MIT
// HF ViT -> GPT-2 layout: the converted folder reproduces an eager ViT encoder's golden outputs
// (tests/fixtures/vit_golden.py) to <= 1e-4 for a bare ViTModel and a "vit."-prefixed classifier
// checkpoint; config (bidirectional, exact GELU, eps 1e-12, n_inner); unused tensors reported;
// unsupported or broken folders give one clear error.
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/model/gpt2_model.h"
#include "core/formats/safetensors_file.h"
#include "core/backbones/vit_converter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace fpt::core;
namespace fs = std::filesystem;

namespace {

std::string fixture(const QString& name) {
    return (fs::path(FPT_SOURCE_DIR) / "tests/fixtures" / name.toStdString()).string();
}

void copyFolder(const std::string& from, const std::string& to) {
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(from)) {
        fs::copy_file(e.path(), fs::path(to) / e.path().filename(),
                      fs::copy_options::overwrite_existing);
    }
}

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

}  // namespace

class TestVitConverter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesGolden_data();
    void matchesGolden();
    void configAndPositions();
    void brokenFolders_data();
    void brokenFolders();
};

void TestVitConverter::matchesGolden_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("unusedCount");
    // patch projection w+b, cls token, pooler w+b (+ classifier w+b)
    QTest::newRow("ViTModel, bare keys") << QStringLiteral("vit-tiny") << 5;
    QTest::newRow("classifier, vit. prefix, 3 layers")
        << QStringLiteral("vit-tiny-classifier") << 7;
}

void TestVitConverter::matchesGolden() {
    QFETCH(QString, name);
    QFETCH(int, unusedCount);
    QTemporaryDir tmp;
    const auto src = fixture(name);
    const auto out = tmp.filePath(QStringLiteral("converted")).toStdString();
    const auto result = convertVitFolder(src, out);
    QCOMPARE(static_cast<int>(result.unused.size()), unusedCount);
    Gpt2Checkpoint checkpoint(out);
    Gpt2Model model(checkpoint.config());
    loadGpt2Weights(model, checkpoint);
    model->eval();
    torch::NoGradGuard noGrad;
    const auto x = readSafetensors(src + "/inputs.safetensors").at("inputs_embeds");
    const auto expected = readSafetensors(src + "/expected.safetensors");
    std::vector<torch::Tensor> attentions;
    const auto hidden = model->forward(x, &attentions);
    double worst = (hidden - expected.at("last_hidden_state")).abs().max().item<double>();
    QCOMPARE(static_cast<int64_t>(attentions.size()), checkpoint.config().n_layer);
    for (std::size_t i = 0; i < attentions.size(); ++i) {
        const auto& ref = expected.at("attentions." + std::to_string(i));
        QCOMPARE(attentions[i].sizes().vec(), ref.sizes().vec());
        worst = std::max(worst, (attentions[i] - ref).abs().max().item<double>());
    }
    qInfo("%s: max abs diff %.3g", qPrintable(name), worst);
    QVERIFY2(worst <= 1e-4, qPrintable(QStringLiteral("max abs diff %1").arg(worst)));
}

void TestVitConverter::configAndPositions() {
    QTemporaryDir tmp;
    const auto src = fixture(QStringLiteral("vit-tiny"));
    const auto out = tmp.filePath(QStringLiteral("converted")).toStdString();
    const auto result = convertVitFolder(src, out, 1024, torch::kFloat16);
    QCOMPARE(result.vit_positions, int64_t{17});  // (16 / 4)^2 patches + cls
    const auto j = readJson(out + "/config.json");
    QCOMPARE(j["fpt_causal"].get<bool>(), false);
    QCOMPARE(j["activation_function"].get<std::string>(), std::string("gelu"));
    QCOMPARE(j["layer_norm_epsilon"].get<double>(), 1e-12);
    QCOMPARE(j["n_inner"].get<int64_t>(), int64_t{48});
    QCOMPARE(j["n_positions"].get<int64_t>(), int64_t{1024});
    QCOMPARE(j["vocab_size"].get<int64_t>(), int64_t{0});
    SafetensorsFile file(out + "/model.safetensors");
    QVERIFY(!file.contains("wte.weight"));
    QCOMPARE(file.entry("h.0.attn.c_attn.weight").shape, (std::vector<int64_t>{32, 96}));  // Conv1D
    QCOMPARE(file.entry("h.0.mlp.c_fc.weight").shape, (std::vector<int64_t>{32, 48}));
    QCOMPARE(file.entry("h.0.attn.c_attn.weight").dtype, std::string("F16"));
    const auto wpe = file.read("wpe.weight").to(torch::kFloat32);
    QVERIFY(wpe.narrow(0, 17, 1024 - 17).abs().max().item<double>() == 0.0);
    const auto vitPos =
        readSafetensors(src + "/model.safetensors").at("embeddings.position_embeddings");
    QVERIFY(torch::allclose(wpe.narrow(0, 0, 17), vitPos.squeeze(0), 1e-3, 1e-3));
    // c_attn columns are q | k | v: the key block equals the ViT key weight, transposed.
    const auto vit = readSafetensors(src + "/model.safetensors");
    const auto cAttn = file.read("h.1.attn.c_attn.weight").to(torch::kFloat32);  // (in, 3C)
    QVERIFY(torch::allclose(cAttn.narrow(1, 32, 32),
                            vit.at("encoder.layer.1.attention.attention.key.weight").t(), 1e-3,
                            1e-3));
    const auto record = readJson(out + "/pretrain.json");
    QCOMPARE(record["kind"].get<std::string>(), std::string("vit"));
    QVERIFY(record["note"].get<std::string>().find("patch embedding") != std::string::npos);
}

void TestVitConverter::brokenFolders_data() {
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<QString>("expected");
    QTest::newRow("other activation")
        << QStringLiteral("config:hidden_act=\"relu\"") << QStringLiteral("hidden_act 'relu'");
    QTest::newRow("not a vit") << QStringLiteral("config:model_type=\"bert\"")
                               << QStringLiteral("not vit");
    QTest::newRow("width vs weights")
        << QStringLiteral("config:hidden_size=64") << QStringLiteral("position_embeddings");
    QTest::newRow("inner vs weights") << QStringLiteral("config:intermediate_size=40")
                                      << QStringLiteral("intermediate.dense.weight");
    QTest::newRow("missing tensor")
        << QStringLiteral("drop:encoder.layer.1.layernorm_after.bias")
        << QStringLiteral("missing tensor 'encoder.layer.1.layernorm_after.bias'");
    QTest::newRow("no weights") << QStringLiteral("rm:model.safetensors")
                                << QStringLiteral("no model.safetensors");
    QTest::newRow("no config") << QStringLiteral("rm:config.json") << QStringLiteral("config.json");
}

void TestVitConverter::brokenFolders() {
    QFETCH(QString, mutation);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    const auto dir = tmp.filePath(QStringLiteral("vit")).toStdString();
    copyFolder(fixture(QStringLiteral("vit-tiny")), dir);
    const auto op = mutation.section(QLatin1Char(':'), 0, 0);
    const auto arg = mutation.section(QLatin1Char(':'), 1).toStdString();
    if (op == QLatin1String("config")) {
        auto j = readJson(dir + "/config.json");
        const auto eq = arg.find('=');
        j[arg.substr(0, eq)] = nlohmann::json::parse(arg.substr(eq + 1));
        std::ofstream(dir + "/config.json") << j.dump();
    } else if (op == QLatin1String("drop")) {
        auto tensors = readSafetensors(dir + "/model.safetensors");
        tensors.erase(arg);
        writeSafetensors(dir + "/model.safetensors", NamedTensors(tensors.begin(), tensors.end()));
    } else if (op == QLatin1String("rm")) {
        fs::remove(dir + "/" + arg);
    }
    try {
        convertVitFolder(dir, tmp.filePath(QStringLiteral("out")).toStdString());
        QFAIL("broken folder accepted");
    } catch (const CheckpointError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestVitConverter)
#include "test_vit_converter.moc"
