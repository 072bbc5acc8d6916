// SPDX-License-Identifier: MIT
// LRA ListOps TSV reader and both tokenisers: parsing, every malformed-line case with its
// file:line, truncation / padding, and the paper code's bracket-dropping vocabulary.
#include "core/config/error.h"
#include "core/data/listops_reader.h"
#include "core/data/listops_vocab.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using fpt::core::DatasetError;
using fpt::core::ListOpsVocab;

namespace {

const char* const kTsv =
    "Source\tTarget\n"
    "( ( ( [MAX 2 ) 9 ) ] )\t9\r\n"
    "\n"
    "( ( ( ( [SM 4 ) ( ( ( [MIN 7 ) 3 ) ] ) ) 8 ) ] )\t5\n";

template <typename F>
std::string datasetErrorOf(F&& f) {
    try {
        f();
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "<no DatasetError>";
}

std::vector<int64_t> row(const torch::Tensor& tokens, int64_t i) {
    const torch::Tensor r = tokens[i].to(torch::kInt64).contiguous();
    return {r.data_ptr<int64_t>(), r.data_ptr<int64_t>() + r.numel()};
}

}  // namespace

class TestListOpsReader : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void parsesTsv() {
        const auto examples = fpt::core::parseListOpsTsv(kTsv, "basic_val.tsv");
        QCOMPARE(examples.size(), size_t{2});
        QCOMPARE(examples[0].source, std::string("( ( ( [MAX 2 ) 9 ) ] )"));
        QCOMPARE(examples[0].target, int64_t{9});
        QCOMPARE(examples[0].line, int64_t{2});
        QCOMPARE(examples[1].target, int64_t{5});
        QCOMPARE(examples[1].line, int64_t{4});
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty") << QByteArray("") << QByteArray("f.tsv: empty file");
        QTest::newRow("no header")
            << QByteArray("( [MAX 1 ] )\t1\n") << QByteArray("f.tsv:1: expected the header");
        QTest::newRow("header only")
            << QByteArray("Source\tTarget\n") << QByteArray("f.tsv: no examples");
        QTest::newRow("no tab") << QByteArray("Source\tTarget\n( [MAX 1 ] ) 1\n")
                                << QByteArray(
                                       "f.tsv:2: expected 'Source<TAB>Target' (exactly one tab)");
        QTest::newRow("two tabs") << QByteArray("Source\tTarget\na\t1\t2\n")
                                  << QByteArray("f.tsv:2: expected");
        QTest::newRow("target 10") << QByteArray("Source\tTarget\nx\t3\n( [SM 5 5 ] )\t10\n")
                                   << QByteArray("f.tsv:3: Target '10' is not a digit 0..9");
        QTest::newRow("target word")
            << QByteArray("Source\tTarget\nx\tseven\n") << QByteArray("f.tsv:2: Target 'seven'");
        QTest::newRow("empty source")
            << QByteArray("Source\tTarget\n \t3\n") << QByteArray("f.tsv:2: empty Source");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        const std::string message =
            datasetErrorOf([&] { fpt::core::parseListOpsTsv(text.toStdString(), "f.tsv"); });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    void missingFileIsNamed() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/basic_train.tsv";
        const std::string message = datasetErrorOf([&] { fpt::core::readListOpsTsv(path); });
        QVERIFY2(message.find(path + "' not found") != std::string::npos, message.c_str());
        QVERIFY2(message.find("source \"generate\"") != std::string::npos, message.c_str());
    }

    void readsFile() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/basic_train.tsv";
        std::ofstream(path) << kTsv;
        QCOMPARE(fpt::core::readListOpsTsv(path).size(), size_t{2});
    }

    void vocabularies() {
        const ListOpsVocab keep(false);
        const ListOpsVocab drop(true);
        QCOMPARE(keep.size(), int64_t{18});
        QCOMPARE(drop.size(), int64_t{15});  // the paper's input_dim
        QCOMPARE(keep.symbol(0), std::string("<pad>"));
        QCOMPARE(keep.symbol(3), std::string("[MAX"));
        QCOMPARE(keep.symbol(7), std::string("]"));
        QCOMPARE(keep.symbol(17), std::string("9"));
        QCOMPARE(drop.symbol(1), std::string("MAX"));
        QCOMPARE(drop.symbol(14), std::string("9"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, keep.symbol(18));
        const std::string source = "( ( ( [MAX 2 ) 9 ) ] )";
        QCOMPARE(keep.encode(source, "x"), (std::vector<int64_t>{1, 1, 1, 3, 10, 2, 17, 2, 7, 2}));
        // TFDS keeps alphanumeric runs only: every ( ) ] vanishes and "[MAX" becomes "MAX".
        QCOMPARE(drop.encode(source, "x"), (std::vector<int64_t>{1, 7, 14}));
        QCOMPARE(drop.encode("[SM[MIN 0]1", "x"), (std::vector<int64_t>{4, 2, 5, 6}));
    }

    void unknownTokenNamesLine_data() {
        QTest::addColumn<bool>("dropBrackets");
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("keep: lower case")
            << false << QByteArray("( [max 1 ] )") << QByteArray("'[max'");
        QTest::newRow("keep: no space")
            << false << QByteArray("( [MAX 1 2] )") << QByteArray("'2]'");
        QTest::newRow("keep: two digits")
            << false << QByteArray("( [MAX 12 ] )") << QByteArray("'12'");
        QTest::newRow("keep: FIRST")
            << false << QByteArray("( [FIRST 1 ] )") << QByteArray("'[FIRST'");
        QTest::newRow("drop: FIRST")
            << true << QByteArray("( [FIRST 1 ] )") << QByteArray("'FIRST'");
        QTest::newRow("drop: two digits")
            << true << QByteArray("( [SM 10 ] )") << QByteArray("'10'");
    }

    void unknownTokenNamesLine() {
        QFETCH(bool, dropBrackets);
        QFETCH(QByteArray, source);
        QFETCH(QByteArray, token);
        const std::string tsv =
            "Source\tTarget\n( [MAX 1 ] )\t1\n" + source.toStdString() + "\t1\n";
        const auto examples = fpt::core::parseListOpsTsv(tsv, "basic_test.tsv");
        const std::string message = datasetErrorOf([&] {
            fpt::core::encodeListOps(examples, ListOpsVocab(dropBrackets), 16, "basic_test.tsv");
        });
        QVERIFY2(message.find("basic_test.tsv:3: unknown ListOps token " + token.toStdString()) !=
                     std::string::npos,
                 message.c_str());
    }

    void encodesTruncatesAndPads() {
        const auto examples = fpt::core::parseListOpsTsv(kTsv, "t.tsv");
        const auto keep = fpt::core::encodeListOps(examples, ListOpsVocab(false), 12, "t.tsv");
        QCOMPARE(keep.tokens.sizes().vec(), (std::vector<int64_t>{2, 12}));
        QCOMPARE(keep.truncated, int64_t{1});  // the second line has 22 tokens
        QCOMPARE(row(keep.tokens, 0), (std::vector<int64_t>{1, 1, 1, 3, 10, 2, 17, 2, 7, 2, 0, 0}));
        QCOMPARE(row(keep.tokens, 1), (std::vector<int64_t>{1, 1, 1, 1, 6, 12, 2, 1, 1, 1, 4, 15}));
        QCOMPARE(keep.targets[1].item<int64_t>(), int64_t{5});

        const auto drop = fpt::core::encodeListOps(examples, ListOpsVocab(true), 6, "t.tsv");
        QCOMPARE(drop.truncated, int64_t{0});
        QCOMPARE(row(drop.tokens, 1), (std::vector<int64_t>{4, 9, 2, 12, 8, 13}));
    }
};

QTEST_GUILESS_MAIN(TestListOpsReader)
#include "test_listops_reader.moc"
