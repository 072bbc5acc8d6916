// SPDX-License-Identifier: MIT
// CIFAR-10 binary reader: generated batches (record layout, planes), bad sizes and labels,
// class names, missing files.
#include "core/data/cifar_reader.h"
#include "core/config/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using fpt::core::DatasetError;
using fpt::core::Split;

namespace {

// One record: label, then R, G, B planes; pixel (c, y, x) holds (c * 100 + y * 3 + x + seed) % 256.
std::string cifarRecord(int label, int seed) {
    std::string record(1, static_cast<char>(label));
    for (int c = 0; c < 3; ++c) {
        for (int y = 0; y < 32; ++y) {
            for (int x = 0; x < 32; ++x) {
                record.push_back(static_cast<char>((c * 100 + y * 3 + x + seed) % 256));
            }
        }
    }
    return record;
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

}  // namespace

class TestCifarReader : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void parsesRecords() {
        const auto set =
            fpt::core::parseCifarBatch(cifarRecord(3, 0) + cifarRecord(9, 7), "batch.bin");
        QCOMPARE(set.images.sizes().vec(), (std::vector<int64_t>{2, 3, 32, 32}));
        QCOMPARE(set.images.scalar_type(), torch::kUInt8);
        QCOMPARE(set.labels[0].item<int64_t>(), int64_t{3});
        QCOMPARE(set.labels[1].item<int64_t>(), int64_t{9});
        // Record 1, green plane, row 4, col 6: (100 + 12 + 6 + 7) % 256 = 125.
        QCOMPARE(set.images[1][1][4][6].item<int>(), 125);
        // Record 0, blue plane, row 31, col 31: (200 + 93 + 31) % 256 = 68.
        QCOMPARE(set.images[0][2][31][31].item<int>(), 68);
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char* name, const std::string& bytes, const char* expected) {
            QTest::newRow(name) << QByteArray(bytes.data(), static_cast<int>(bytes.size()))
                                << QByteArray(expected);
        };
        const std::string good = cifarRecord(1, 0) + cifarRecord(2, 0);
        row("empty", "", "empty file");
        row("truncated record", good.substr(0, good.size() - 5), "not a whole number of 3073-byte");
        row("extra byte", good + "x", "size 6147 bytes");
        row("cifar-100 records", std::string(3074 * 3, '\0'), "look like CIFAR-100");
        row("label 10", cifarRecord(0, 0) + cifarRecord(10, 0),
            "record 1 (byte offset 3073) has label 10");
        row("label 255", cifarRecord(255, 0), "has label 255, expected 0..9");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, expected);
        const std::string message = datasetErrorOf([&] {
            fpt::core::parseCifarBatch(
                std::string(bytes.constData(), static_cast<size_t>(bytes.size())),
                "data_batch_3.bin");
        });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("data_batch_3.bin") != std::string::npos, message.c_str());
    }

    void parsesClassNames() {
        const auto names = fpt::core::parseCifarClassNames(
            "airplane\nautomobile\nbird\ncat\ndeer\ndog\n"
            "frog\nhorse\nship\ntruck\n\n",
            "meta");
        QCOMPARE(names.size(), size_t{10});
        QCOMPARE(names[9], std::string("truck"));
        const std::string message =
            datasetErrorOf([] { fpt::core::parseCifarClassNames("a\nb\n", "meta.txt"); });
        QVERIFY2(message.find("meta.txt: expected 10 class names") != std::string::npos,
                 message.c_str());
    }

    void readsSplitsFromFolder() {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        for (int b = 1; b <= 5; ++b) {
            writeFile(base + "/data_batch_" + std::to_string(b) + ".bin",
                      cifarRecord(b, b) + cifarRecord(0, 0));
        }
        writeFile(base + "/test_batch.bin", cifarRecord(7, 1));
        const auto train = fpt::core::readCifarSplit(base, Split::Train);
        const auto test = fpt::core::readCifarSplit(base, Split::Test);
        QCOMPARE(train.images.size(0), int64_t{10});
        QCOMPARE(train.labels[4].item<int64_t>(), int64_t{3});  // batch 3's first record
        QCOMPARE(test.images.size(0), int64_t{1});
        QCOMPARE(test.labels[0].item<int64_t>(), int64_t{7});
        QCOMPARE(train.class_names, fpt::core::defaultCifarClassNames());

        writeFile(base + "/batches.meta.txt", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
        QCOMPARE(fpt::core::readCifarSplit(base, Split::Test).class_names.front(),
                 std::string("a"));
    }

    void missingBatchIsNamed() {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        for (int b = 1; b <= 4; ++b) {
            writeFile(base + "/data_batch_" + std::to_string(b) + ".bin", cifarRecord(1, 0));
        }
        const std::string message =
            datasetErrorOf([&] { fpt::core::readCifarSplit(base, Split::Train); });
        QVERIFY2(message.find(base + "/data_batch_5.bin' not found") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("put the CIFAR-10 binary batches") != std::string::npos,
                 message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCifarReader)
#include "test_cifar_reader.moc"
