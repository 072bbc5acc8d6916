// SPDX-License-Identifier: MIT
// TAPE remote-homology reader: JSON, JSON Lines and FASTA records, every malformed-record case,
// split-file discovery, the iupac vocabulary and the max_length filter.
#include "core/config/error.h"
#include "core/data/tape_reader.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using fpt::core::DatasetError;

namespace {

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

class TestTapeReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Found by fuzz_tape: a number too large for a double escaped as nlohmann's out_of_range.
    void issue8_numberOverflowIsDatasetError() {
        for (const char* origin : {"f.json", "f.jsonl"}) {
            try {
                fpt::core::parseTapeRecords("99999999999E9999999", origin);
                QFAIL(origin);
            } catch (const fpt::core::DatasetError& e) {
                QVERIFY2(std::string(e.what()).find("is not valid JSON") != std::string::npos, e.what());
            }
        }
    }

    void parsesAllFormats_data() {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("secondRecord");  // array index / line / FASTA entry, 1-based
        QTest::newRow("json")
            << QByteArray("s.json")
            << QByteArray(
                   "[{\"id\": \"d1\", \"primary\": \"MKV\", \"fold_label\": 3, "
                   "\"protein_length\": 3}, {\"primary\": \"ACDW\", \"fold_label\": 1194}]")
            << 2;
        QTest::newRow("jsonl") << QByteArray("s.jsonl")
                               << QByteArray(
                                      "{\"primary\": \"MKV\", \"fold_label\": 3}\n\n"
                                      "{\"primary\": \"ACDW\", \"fold_label\": 1194}\n")
                               << 3;
        QTest::newRow("fasta named")
            << QByteArray("s.fasta")
            << QByteArray(">d1a fold_label=3 class=a\nMK\nV\n>d2 fold_label=1194\r\nAC DW\r\n")
            << 2;
        QTest::newRow("fasta number")
            << QByteArray("s.fa") << QByteArray("; comment\n>3\nMKV\n\n>1194\nACDW\n") << 2;
    }

    void parsesAllFormats() {
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, text);
        QFETCH(int, secondRecord);
        const auto records = fpt::core::parseTapeRecords(text.toStdString(), origin.toStdString());
        QCOMPARE(records.size(), size_t{2});
        QCOMPARE(records[0].primary, std::string("MKV"));
        QCOMPARE(records[0].fold_label, int64_t{3});
        QCOMPARE(records[1].primary, std::string("ACDW"));
        QCOMPARE(records[1].fold_label, int64_t{1194});
        QCOMPARE(records[1].record, int64_t{secondRecord});
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("json empty")
            << QByteArray("a.json") << QByteArray("") << QByteArray("a.json: empty file");
        QTest::newRow("json truncated") << QByteArray("a.json") << QByteArray("[{\"primary\": \"MK")
                                        << QByteArray("'a.json' is not valid JSON (line 1, column 17)");
        QTest::newRow("json object")
            << QByteArray("a.json") << QByteArray("{}") << QByteArray("expected a JSON array");
        QTest::newRow("json empty array")
            << QByteArray("a.json") << QByteArray("[]") << QByteArray("holds no records");
        QTest::newRow("json no primary")
            << QByteArray("a.json") << QByteArray("[{\"fold_label\": 1}]")
            << QByteArray("a.json: record 1: missing string field \"primary\"");
        QTest::newRow("json label string")
            << QByteArray("a.json")
            << QByteArray(
                   "[{\"primary\": \"M\", \"fold_label\": 1}, "
                   "{\"primary\": \"M\", \"fold_label\": \"2\"}]")
            << QByteArray("record 2: missing integer field \"fold_label\"");
        QTest::newRow("json label 1195")
            << QByteArray("a.json") << QByteArray("[{\"primary\": \"M\", \"fold_label\": 1195}]")
            << QByteArray("fold_label 1195 is out of range 0..1194");
        QTest::newRow("json label -1")
            << QByteArray("a.json") << QByteArray("[{\"primary\": \"M\", \"fold_label\": -1}]")
            << QByteArray("fold_label -1 is out of range");
        QTest::newRow("json empty primary")
            << QByteArray("a.json") << QByteArray("[{\"primary\": \"\", \"fold_label\": 1}]")
            << QByteArray("empty \"primary\"");
        QTest::newRow("jsonl bad line")
            << QByteArray("b.jsonl")
            << QByteArray("{\"primary\": \"M\", \"fold_label\": 1}\n{\"primary\": \"M\",\n")
            << QByteArray("'b.jsonl:2' is not valid JSON (line 1, column 17)");
        QTest::newRow("jsonl array line") << QByteArray("b.jsonl") << QByteArray("\n[1]\n")
                                          << QByteArray("b.jsonl:2: expected a JSON object");
        QTest::newRow("jsonl empty")
            << QByteArray("b.jsonl") << QByteArray("\n\n") << QByteArray("b.jsonl: no records");
        QTest::newRow("fasta no label")
            << QByteArray("c.fasta") << QByteArray(">d1 class=a\nMKV\n")
            << QByteArray("c.fasta:1: FASTA header '>d1 class=a' has no valid label");
        QTest::newRow("fasta word label") << QByteArray("c.fasta") << QByteArray(">x\nM\n")
                                          << QByteArray("c.fasta:1: FASTA header '>x'");
        QTest::newRow("fasta label 9999")
            << QByteArray("c.fasta") << QByteArray(">9999\nMKV\n")
            << QByteArray("c.fasta:1: fold_label 9999 is out of range");
        QTest::newRow("fasta label 1195")
            << QByteArray("c.fasta") << QByteArray(">1\nM\n>a fold_label=1195\nMKV\n")
            << QByteArray("c.fasta:3: fold_label 1195 is out of range");
        QTest::newRow("fasta no sequence")
            << QByteArray("c.fasta") << QByteArray(">1\n>2\nMKV\n")
            << QByteArray("c.fasta:1: FASTA entry without sequence lines");
        QTest::newRow("fasta last empty")
            << QByteArray("c.fasta") << QByteArray(">1\nM\n>2\n")
            << QByteArray("c.fasta:3: FASTA entry without sequence lines");
        QTest::newRow("fasta sequence first")
            << QByteArray("c.fasta") << QByteArray("MKV\n>1\nM\n")
            << QByteArray("c.fasta:1: sequence line before the first '>'");
        QTest::newRow("fasta empty")
            << QByteArray("c.fasta") << QByteArray("") << QByteArray("c.fasta: no FASTA records");
        QTest::newRow("unknown extension")
            << QByteArray("d.csv") << QByteArray("x") << QByteArray("unknown record format");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        const std::string message = datasetErrorOf(
            [&] { fpt::core::parseTapeRecords(text.toStdString(), origin.toStdString()); });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    void iupacVocabulary() {
        QCOMPARE(fpt::core::kIupacVocabSize, int64_t{30});
        // [cls] M K V x (-> X) a (-> A) * (unk) Z [sep]; A = 5, K = 14, M = 16, V = 25, X = 27, Z
        // = 29.
        QCOMPARE(fpt::core::encodeIupac("MKVxa*Z"),
                 (std::vector<int64_t>{2, 16, 14, 25, 27, 5, 4, 29, 3}));
        QCOMPARE(fpt::core::encodeIupac("J"),
                 (std::vector<int64_t>{2, 4, 3}));  // J is not in iupac
        QCOMPARE(fpt::core::iupacSymbol(0), std::string("<pad>"));
        QCOMPARE(fpt::core::iupacSymbol(2), std::string("<cls>"));
        QCOMPARE(fpt::core::iupacSymbol(14), std::string("K"));
        QCOMPARE(fpt::core::iupacSymbol(29), std::string("Z"));
        for (int64_t id = 5; id < 30; ++id) {
            const std::string letter = fpt::core::iupacSymbol(id);
            QCOMPARE(fpt::core::encodeIupac(letter)[1], id);
        }
    }

    void encodesAndSkipsLongSequences() {
        std::vector<fpt::core::ProteinRecord> records(3);
        records[0].primary = "MKV";  // 5 tokens with cls/sep
        records[0].fold_label = 7;
        records[1].primary = "MKVLA";  // 7 tokens: longer than 6, skipped
        records[2].primary = "ACDW";   // 6 tokens: fits exactly
        records[2].fold_label = 1194;
        const auto tokens = fpt::core::encodeProteins(records, 6);
        QCOMPARE(tokens.skipped, int64_t{1});
        QCOMPARE(tokens.labels.size(0), int64_t{2});
        QCOMPARE(tokens.labels[1].item<int64_t>(), int64_t{1194});
        QCOMPARE(tokens.offsets.size(0), int64_t{3});
        QCOMPARE(tokens.offsets[2].item<int64_t>(), int64_t{11});
        QCOMPARE(tokens.tokens[5].item<int64_t>(),
                 int64_t{2});  // second sequence starts with <cls>
    }

    void findsSplitFiles() {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        const std::string missing =
            datasetErrorOf([&] { fpt::core::tapeSplitPath(base, "valid"); });
        QVERIFY2(missing.find(base + "/remote_homology_valid.{jsonl,json,fasta}' not found") !=
                     std::string::npos,
                 missing.c_str());
        QVERIFY2(missing.find("docs/data.md") != std::string::npos, missing.c_str());
        const std::string unknown =
            datasetErrorOf([&] { fpt::core::tapeSplitPath(base, "validation"); });
        QVERIFY2(unknown.find("unknown remote-homology split 'validation'") != std::string::npos,
                 unknown.c_str());

        writeFile(base + "/remote_homology_valid.fasta", ">3\nMKV\n");
        QCOMPARE(fpt::core::tapeSplitPath(base, "valid"), base + "/remote_homology_valid.fasta");
        QCOMPARE(fpt::core::readTapeSplit(base, "valid").at(0).fold_label, int64_t{3});

        writeFile(base + "/remote_homology_valid.jsonl",
                  "{\"primary\": \"M\", \"fold_label\": 1}\n");
        const std::string both = datasetErrorOf([&] { fpt::core::tapeSplitPath(base, "valid"); });
        QVERIFY2(both.find("has several files") != std::string::npos, both.c_str());

        writeFile(base + "/remote_homology_test_fold_holdout.json",
                  "[{\"primary\": \"M\", \"fold_label\": 9}]");
        QCOMPARE(fpt::core::readTapeSplit(base, "test_fold_holdout").at(0).fold_label, int64_t{9});
    }
};

QTEST_GUILESS_MAIN(TestTapeReader)
#include "test_tape_reader.moc"
