// SPDX-License-Identifier: MIT
// Sharded-index parsing and pickle refusal (issue 8: no code from files): shard names stay
// inside the model folder and must be safetensors; a .bin/.pt path gets the conversion hint.
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/model/gpt2_config.h"
#include "core/formats/shard_index.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

class TestShardIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsShardNames();
    void issue8_refusesBadShards_data();
    void issue8_refusesBadShards();
    void issue8_refusesPickleFile();
    void issue8_configTextErrorsAreCheckpointErrors();
};

void TestShardIndex::readsShardNames() {
    const auto names = fpt::core::parseShardIndex(
        R"({"metadata":{},"weight_map":{"a":"m-2.safetensors","b":"m-1.safetensors","c":"m-1.safetensors"}})",
        "index.json");
    QCOMPARE(names.size(), size_t{2});
    QCOMPARE(names[0], std::string("m-1.safetensors"));
}

void TestShardIndex::issue8_refusesBadShards_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("pickle shard") << QByteArray(R"({"weight_map":{"a":"pytorch_model-1.bin"}})")
                                  << QStringLiteral("never loads pickles");
    QTest::newRow("escape") << QByteArray(R"({"weight_map":{"a":"../x.safetensors"}})")
                            << QStringLiteral("plain file name");
    QTest::newRow("nul") << QByteArray(R"({"weight_map":{"a":"x.safetensors\u0000.bin"}})")
                         << QStringLiteral("plain file name");
    QTest::newRow("empty map") << QByteArray(R"({"weight_map":{}})") << QStringLiteral("no shard");
    QTest::newRow("not json") << QByteArray("{\"weight_map\":") << QStringLiteral("not valid JSON");
    QTest::newRow("number") << QByteArray(R"({"weight_map":{"a":3}})")
                            << QStringLiteral("not a file name");
}

void TestShardIndex::issue8_refusesBadShards() {
    QFETCH(QByteArray, text);
    QFETCH(QString, fragment);
    try {
        fpt::core::parseShardIndex(text.toStdString(), "index.json");
        QFAIL("accepted");
    } catch (const fpt::core::CheckpointError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
    }
}

void TestShardIndex::issue8_refusesPickleFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("model.pt")).toStdString();
    std::ofstream(path) << "PK\x03\x04 pickle";
    try {
        fpt::core::Gpt2Checkpoint checkpoint(path);
        QFAIL("pickle file accepted");
    } catch (const fpt::core::CheckpointError& e) {
        const auto message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QStringLiteral("never loads pickles")) &&
                     message.contains(QStringLiteral("safe_serialization=True")),
                 e.what());
    }
}

void TestShardIndex::issue8_configTextErrorsAreCheckpointErrors() {
    // Issue 8, reproduced with fuzz_gpt2_config: a non-string model_type / non-bool flag escaped
    // as a nlohmann type_error, and 1e300 read into an int64 field was undefined behaviour.
    for (const char* text :
         {"", "[", "[]", R"({"n_embd":"x"})", R"({"n_embd":5,"n_head":2})", R"({"model_type":1})",
          R"({"scale_attn_weights":"no"})", R"({"reorder_and_upcast_attn":[]})",
          R"({"n_embd":1e300})", R"({"n_layer":2.5})"}) {
        try {
            fpt::core::parseGpt2ConfigText(text, "config.json");
            QFAIL(text);
        } catch (const fpt::core::CheckpointError&) {
        }
    }
}

QTEST_GUILESS_MAIN(TestShardIndex)
#include "test_shard_index.moc"
