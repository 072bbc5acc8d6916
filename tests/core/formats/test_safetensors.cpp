// SPDX-License-Identifier: MIT
// Safetensors reader/writer: round trips for every dtype and one clear error per corrupt file.
#include "core/config/error.h"
#include "core/formats/safetensors_file.h"
#include "core/formats/safetensors_header.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

using namespace fpt::core;

namespace {

std::string fileBytes(const std::string& header, const std::string& data) {
    std::string out(8, '\0');
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    }
    return out + header + data;
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripAllDtypes();
    void corruptFiles_data();
    void corruptFiles();
    void truncatedRealFile();
    void missingFile();
};

void TestSafetensors::roundTripAllDtypes() {
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("t.safetensors")).toStdString();
    torch::manual_seed(1);
    NamedTensors tensors = {
        {"f32", torch::randn({3, 4})},
        {"f16", torch::randn({5}).to(torch::kFloat16)},
        {"bf16", torch::randn({2, 2, 2}).to(torch::kBFloat16)},
        {"f64", torch::randn({1}).to(torch::kFloat64)},
        {"i64", torch::arange(7)},
        {"i32", torch::arange(3).to(torch::kInt32)},
        {"u8", torch::arange(4).to(torch::kUInt8)},
        {"bool", torch::tensor({true, false, true})},
        {"empty", torch::zeros({0, 3})},
        {"scalar", torch::tensor(2.5)},
    };
    writeSafetensors(path, tensors, {{"format", "pt"}});
    SafetensorsFile file(path);
    QCOMPARE(file.header().metadata.at("format"), std::string("pt"));
    for (const auto& [name, t] : tensors) {
        const auto back = file.read(name);
        QCOMPARE(back.scalar_type(), t.scalar_type());
        QCOMPARE(back.sizes().vec(), t.sizes().vec());
        QVERIFY2(torch::equal(back, t), name.c_str());
    }
}

void TestSafetensors::corruptFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");  // a fragment the message must contain
    const std::string ok8(8, 'x');
    auto add = [](const char* tag, const std::string& bytes, const char* fragment) {
        QTest::newRow(tag) << QByteArray(bytes.data(), static_cast<int>(bytes.size()))
                           << QString::fromUtf8(fragment);
    };
    add("empty file", "", "too short");
    add("length past end", fileBytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", "").substr(0, 20),
        "runs past the end");
    add("not json", fileBytes("{not json at all", ""), "not valid JSON");
    add("not an object", fileBytes("[1,2,3]", ""), "does not start with '{'");
    add("unknown dtype", fileBytes(R"({"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})", "xx"),
        "unsupported dtype 'F8_E4M3'");
    add("offsets out of bounds", fileBytes(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", ok8),
        "outside the data section");
    add("overlap", fileBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", ok8),
        "overlaps");
    add("size mismatch", fileBytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", ok8),
        "needs 12");
    add("hole", fileBytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", ok8),
        "hole");
    add("negative shape", fileBytes(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", ok8),
        "non-negative");
    add("duplicate", fileBytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", ok8),
        "appears twice");
    add("huge shape", fileBytes(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})", ok8),
        "too large");
    add("bad metadata", fileBytes(R"({"__metadata__":{"a":1}})", ""), "__metadata__");
    add("missing offsets", fileBytes(R"({"w":{"dtype":"F32","shape":[1]}})", "abcd"), "data_offsets");
}

void TestSafetensors::corruptFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("bad.safetensors")).toStdString();
    writeBytes(path, bytes.toStdString());
    try {
        SafetensorsFile file(path);
        QFAIL("no error for a corrupt file");
    } catch (const CheckpointError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
    // The pure parser (fuzz entry point) agrees.
    QVERIFY_THROWS_EXCEPTION(CheckpointError, parseSafetensorsBytes(bytes.toStdString(), "mem"));
}

void TestSafetensors::truncatedRealFile() {
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("t.safetensors")).toStdString();
    writeSafetensors(path, {{"a", torch::ones({64})}, {"b", torch::ones({64})}});
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    writeBytes(path, bytes.substr(0, bytes.size() - 10));
    try {
        SafetensorsFile file(path);
        QFAIL("truncated file accepted");
    } catch (const CheckpointError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QStringLiteral("'b'")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("truncated")), qPrintable(message));
    }
}

void TestSafetensors::missingFile() {
    try {
        SafetensorsFile file("/nonexistent/x.safetensors");
        QFAIL("missing file accepted");
    } catch (const CheckpointError& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("/nonexistent/x.safetensors")));
    }
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
