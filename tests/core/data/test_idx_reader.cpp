// SPDX-License-Identifier: MIT
// IDX reader: generated images/labels (plain and gzip), every malformed-header case, and the
// packaged Fashion-MNIST files when installed.
#include "core/config/error.h"
#include "core/data/idx_reader.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <fstream>
#include <string>
#include <zlib.h>

using fpt::core::DatasetError;
using fpt::core::Split;

namespace {

std::string be32(uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

// n images of rows x cols; pixel k of image i holds (i * 31 + k) % 256.
std::string idxImages(uint32_t n, uint32_t rows, uint32_t cols) {
    std::string bytes = be32(0x803) + be32(n) + be32(rows) + be32(cols);
    for (uint32_t i = 0; i < n; ++i) {
        for (uint32_t k = 0; k < rows * cols; ++k) {
            bytes.push_back(static_cast<char>((i * 31 + k) % 256));
        }
    }
    return bytes;
}

std::string idxLabels(const std::string& labels) {
    return be32(0x801) + be32(static_cast<uint32_t>(labels.size())) + labels;
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

void writeGzip(const std::string& path, const std::string& bytes) {
    gzFile file = gzopen(path.c_str(), "wb");
    QVERIFY(file != nullptr);
    QCOMPARE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
             static_cast<int>(bytes.size()));
    gzclose(file);
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

std::string str(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<size_t>(bytes.size())};
}

}  // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void parsesImages() {
        const torch::Tensor images = fpt::core::parseIdxImages(idxImages(3, 2, 4), "mem");
        QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{3, 2, 4}));
        QCOMPARE(images.scalar_type(), torch::kUInt8);
        // Image 2, row 1, col 3 is pixel k = 7: (2 * 31 + 7) % 256 = 69.
        QCOMPARE(images[2][1][3].item<int>(), 69);
        QCOMPARE(images[0][0][0].item<int>(), 0);
    }

    void parsesLabels() {
        const torch::Tensor labels =
            fpt::core::parseIdxLabels(idxLabels(std::string("\x00\x09\x04", 3)), "mem", 10);
        QCOMPARE(labels.scalar_type(), torch::kInt64);
        QCOMPARE(labels.size(0), int64_t{3});
        QCOMPARE(labels[1].item<int64_t>(), int64_t{9});
        QCOMPARE(labels[2].item<int64_t>(), int64_t{4});
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("labels");
        QTest::addColumn<QByteArray>("expected");
        const std::string good = idxImages(3, 2, 2);
        auto row = [](const char* name, const std::string& bytes, bool labels,
                      const char* expected) {
            QTest::newRow(name) << QByteArray(bytes.data(), static_cast<int>(bytes.size()))
                                << labels << QByteArray(expected);
        };
        row("empty", "", false, "empty file");
        row("short header", good.substr(0, 3), false, "truncated IDX header");
        row("cut in dims", good.substr(0, 10), false, "truncated IDX header");
        row("labels magic for images", be32(0x801) + be32(1) + "x", false,
            "wrong IDX magic 0x00000801, expected 0x00000803");
        row("images magic for labels", good, true,
            "wrong IDX magic 0x00000803, expected 0x00000801");
        row("int32 type", be32(0xC03) + good.substr(4), false, "wrong IDX magic 0x00000c03");
        row("truncated pixels", good.substr(0, good.size() - 1), false, "truncated file");
        row("trailing bytes", good + "zz", false, "size mismatch");
        row("2^40 images claimed",
            be32(0x803) + be32(1u << 20) + be32(1u << 10) + be32(1u << 10) + "abc", false,
            "more than 3");
        row("max dims", be32(0x803) + be32(0xFFFFFFFF) + be32(0xFFFFFFFF) + be32(0xFFFFFFFF), false,
            "truncated file");
        row("zero images", be32(0x803) + be32(0) + be32(2) + be32(2), false, "declares 0 images");
        row("zero-width images", be32(0x803) + be32(2) + be32(2) + be32(0), false,
            "zero dimension");
        row("label out of range", idxLabels(std::string("\x01\x0a", 2)), true,
            "label 10 of record 1 is out of range 0..9");
        row("labels truncated", be32(0x801) + be32(5) + "ab", true, "truncated file");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, labels);
        QFETCH(QByteArray, expected);
        const std::string message = datasetErrorOf([&] {
            if (labels) {
                fpt::core::parseIdxLabels(str(bytes), "origin.idx", 10);
            } else {
                fpt::core::parseIdxImages(str(bytes), "origin.idx");
            }
        });
        QVERIFY2(message.find(str(expected)) != std::string::npos, message.c_str());
        QVERIFY2(message.find("origin.idx") != std::string::npos, message.c_str());
    }

    void readsPlainAndGzipSplits() {
        QTemporaryDir plain;
        QTemporaryDir gz;
        QVERIFY(plain.isValid() && gz.isValid());
        const std::string labels("\x01\x02\x03\x04", 4);
        for (const char* prefix : {"train", "t10k"}) {
            const std::string p = plain.path().toStdString() + "/" + prefix;
            const std::string g = gz.path().toStdString() + "/" + prefix;
            writeFile(p + "-images-idx3-ubyte", idxImages(4, 3, 5));
            writeFile(p + "-labels-idx1-ubyte", idxLabels(labels));
            writeGzip(g + "-images-idx3-ubyte.gz", idxImages(4, 3, 5));
            writeGzip(g + "-labels-idx1-ubyte.gz", idxLabels(labels));
        }
        QVERIFY(fpt::core::hasIdxSplitFiles(plain.path().toStdString()));
        QVERIFY(fpt::core::hasIdxSplitFiles(gz.path().toStdString()));
        const auto a = fpt::core::readIdxSplit(plain.path().toStdString(), Split::Train);
        const auto b = fpt::core::readIdxSplit(gz.path().toStdString(), Split::Test);
        QCOMPARE(a.images.sizes().vec(), (std::vector<int64_t>{4, 1, 3, 5}));
        QVERIFY(torch::equal(a.images, b.images));
        QVERIFY(torch::equal(a.labels, b.labels));
        QCOMPARE(a.labels[3].item<int64_t>(), int64_t{4});
    }

    void rejectsCountMismatch() {
        QTemporaryDir dir;
        const std::string images = dir.path().toStdString() + "/img";
        const std::string labels = dir.path().toStdString() + "/lab";
        writeFile(images, idxImages(3, 2, 2));
        writeFile(labels, idxLabels(std::string("\x01\x02", 2)));
        const std::string message =
            datasetErrorOf([&] { fpt::core::readIdxPair(images, labels, 10); });
        QVERIFY2(message.find("holds 3 images but") != std::string::npos, message.c_str());
        QVERIFY2(message.find("holds 2 labels") != std::string::npos, message.c_str());
    }

    void rejectsTruncatedGzip() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/train-images-idx3-ubyte.gz";
        // Incompressible-ish payload so the cut lands inside the deflate stream.
        std::string bytes = idxImages(200, 28, 28);
        writeGzip(path, bytes);
        std::ifstream in(path, std::ios::binary);
        std::string compressed((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        writeFile(path, compressed.substr(0, compressed.size() / 2));
        const std::string message = datasetErrorOf([&] { fpt::core::readIdxPair(path, path, 10); });
        QVERIFY2(message.find(path) != std::string::npos, message.c_str());
        QVERIFY2(message.find("truncated") != std::string::npos, message.c_str());
    }

    void missingFileIsNamed() {
        QTemporaryDir dir;
        const std::string message = datasetErrorOf(
            [&] { fpt::core::readIdxSplit(dir.path().toStdString(), Split::Train); });
        QVERIFY2(message.find(dir.path().toStdString() + "/train-images-idx3-ubyte") !=
                     std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("not found") != std::string::npos, message.c_str());
        QVERIFY(!fpt::core::hasIdxSplitFiles(dir.path().toStdString()));
        QVERIFY(
            fpt::core::findIdxFile(dir.path().toStdString(), "train-images-idx3-ubyte").empty());
    }

    void packagedFashionMnist() {
        const std::string dir = "/usr/share/datasets/fashion-mnist";
        if (!fpt::core::hasIdxSplitFiles(dir)) {
            FPT_SKIP_UNLESS_CI("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        }
        const auto train = fpt::core::readIdxSplit(dir, Split::Train);
        const auto test = fpt::core::readIdxSplit(dir, Split::Test);
        QCOMPARE(train.images.sizes().vec(), (std::vector<int64_t>{60000, 1, 28, 28}));
        QCOMPARE(test.images.sizes().vec(), (std::vector<int64_t>{10000, 1, 28, 28}));
        // Fashion-MNIST is balanced: 6,000 train and 1,000 test images per class.
        const torch::Tensor trainCounts = torch::bincount(train.labels, {}, 10);
        const torch::Tensor testCounts = torch::bincount(test.labels, {}, 10);
        QVERIFY(torch::equal(trainCounts, torch::full({10}, 6000, torch::kInt64)));
        QVERIFY(torch::equal(testCounts, torch::full({10}, 1000, torch::kInt64)));
        // Real pictures: mostly dark background, some bright pixels.
        const double mean = train.images.to(torch::kFloat32).mean().item<double>() / 255.0;
        QVERIFY2(mean > 0.2 && mean < 0.4, std::to_string(mean).c_str());
    }
};

QTEST_GUILESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
