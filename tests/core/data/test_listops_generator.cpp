// SPDX-License-Identifier: MIT
// ListOps generator vs the independent stack evaluator on thousands of expressions; the
// evaluator on hand-written LRA lines and malformed input; generator determinism and format.
#include "core/config/error.h"
#include "core/data/listops_evaluator.h"
#include "core/data/listops_generator.h"
#include "core/data/listops_vocab.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <chrono>
#include <sstream>
#include <string>
#include <unordered_set>

using fpt::core::ConfigError;
using fpt::core::DatasetError;
using fpt::core::ListOpsEvaluator;
using fpt::core::ListOpsGenerator;
using fpt::core::ListOpsGeneratorOptions;

namespace {

int64_t tokenCount(const std::string& source) {
    std::istringstream in(source);
    std::string token;
    int64_t count = 0;
    while (in >> token) {
        ++count;
    }
    return count;
}

}  // namespace

class TestListOpsGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void evaluatesHandWrittenLines_data() {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<int>("value");
        QTest::newRow("max") << QByteArray("( ( ( [MAX 2 ) 9 ) ] )") << 9;
        QTest::newRow("min") << QByteArray("( ( ( ( [MIN 4 ) 6 ) 1 ) ] )") << 1;
        QTest::newRow("sum mod 10") << QByteArray("( ( ( ( [SM 9 ) 8 ) 7 ) ] )") << 4;
        QTest::newRow("median odd") << QByteArray("( ( ( ( [MED 9 ) 1 ) 5 ) ] )") << 5;
        // np.median([2, 7]) = 4.5 -> int() = 4.
        QTest::newRow("median even floors") << QByteArray("( ( ( [MED 2 ) 7 ) ] )") << 4;
        QTest::newRow("median even 4") << QByteArray("( ( ( ( ( [MED 0 ) 9 ) 3 ) 6 ) ] )") << 4;
        QTest::newRow("nested") << QByteArray("( ( ( ( [SM 4 ) ( ( ( [MIN 7 ) 3 ) ] ) ) 8 ) ] )")
                                << 5;
        QTest::newRow("deep")
            << QByteArray("( ( ( [MAX ( ( ( [MIN ( ( ( [MED 1 ) 2 ) ] ) ) 8 ) ] ) ) 0 ) ] )") << 1;
        QTest::newRow("lone digit") << QByteArray("7") << 7;
        // The bracket-free LRA style (spe README) evaluates the same way.
        QTest::newRow("no parentheses") << QByteArray("[MAX 2 [MIN 4 7 ] 0 ]") << 4;
    }

    void evaluatesHandWrittenLines() {
        QFETCH(QByteArray, source);
        QFETCH(int, value);
        QCOMPARE(ListOpsEvaluator::evaluate(source.toStdString(), "line"), int64_t{value});
    }

    void evaluatorRejectsMalformed_data() {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("empty") << QByteArray("") << QByteArray("no value");
        QTest::newRow("unclosed op")
            << QByteArray("( [MAX 1 2 )") << QByteArray("not closed with ']'");
        QTest::newRow("stray ]") << QByteArray("1 ]") << QByteArray("']' without an open operator");
        QTest::newRow("no operands")
            << QByteArray("( [SM ] )") << QByteArray("operator without operands");
        QTest::newRow("unbalanced (")
            << QByteArray("( ( [MAX 1 ] )") << QByteArray("'(' not closed");
        QTest::newRow("stray )") << QByteArray("[MAX 1 ] )")
                                 << QByteArray("')' without a matching '('");
        QTest::newRow("two values")
            << QByteArray("1 2") << QByteArray("more than one top-level value");
        QTest::newRow("unknown") << QByteArray("[MAX 1 x ]")
                                 << QByteArray("token 2: unknown ListOps token 'x'");
    }

    void evaluatorRejectsMalformed() {
        QFETCH(QByteArray, source);
        QFETCH(QByteArray, expected);
        try {
            ListOpsEvaluator::evaluate(source.toStdString(), "file.tsv:7");
            QFAIL("expected a DatasetError");
        } catch (const DatasetError& e) {
            const std::string message = e.what();
            QVERIFY2(message.find(expected.toStdString()) != std::string::npos, e.what());
            QVERIFY2(message.rfind("file.tsv:7: ", 0) == 0, e.what());
        }
    }

    void generatorMatchesEvaluator_data() {
        QTest::addColumn<int>("maxDepth");
        QTest::addColumn<int>("maxArgs");
        QTest::addColumn<int>("minTokens");
        QTest::addColumn<int>("maxTokens");
        QTest::newRow("task defaults") << 10 << 10 << 64 << 512;
        QTest::newRow("shallow wide") << 2 << 10 << 10 << 200;
        QTest::newRow("deep binary") << 20 << 2 << 10 << 300;
        QTest::newRow("LRA lengths") << 10 << 10 << 500 << 2000;
    }

    void generatorMatchesEvaluator() {
        QFETCH(int, maxDepth);
        QFETCH(int, maxArgs);
        QFETCH(int, minTokens);
        QFETCH(int, maxTokens);
        ListOpsGeneratorOptions options;
        options.max_depth = maxDepth;
        options.max_args = maxArgs;
        options.min_tokens = minTokens;
        options.max_tokens = maxTokens;
        ListOpsGenerator generator(options, 1234);
        std::array<int64_t, 10> histogram{};
        int64_t opens = 0;
        const auto start = std::chrono::steady_clock::now();
        constexpr int kCount = 2000;
        for (int i = 0; i < kCount; ++i) {
            const auto example = generator.next();
            const int64_t tokens = tokenCount(example.source);
            QVERIFY2(tokens >= minTokens && tokens <= maxTokens, example.source.c_str());
            QCOMPARE(ListOpsEvaluator::evaluate(example.source, "generated"), example.target);
            ++histogram[static_cast<size_t>(example.target)];
            // LRA format: an operator's operand count + 1 "(" precede it; the string starts with "(
            // ( ".
            QVERIFY2(example.source.rfind("( ( ", 0) == 0, example.source.c_str());
            QVERIFY2(example.source.size() >= 4 &&
                         example.source.compare(example.source.size() - 4, 4, " ] )") == 0,
                     example.source.c_str());
            opens += std::count(example.source.begin(), example.source.end(), '(');
            // The paper tokeniser must accept every generated string too.
            QVERIFY(!fpt::core::ListOpsVocab(true).encode(example.source, "g").empty());
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        qInfo("%d expressions generated and evaluated in %.0f ms", kCount, ms);
        // Every value occurs (all operators and digits are reachable).
        for (int64_t count : histogram) {
            QVERIFY(count > 0);
        }
        QVERIFY(opens > kCount * 3);
    }

    void generatorIsDeterministic() {
        ListOpsGeneratorOptions options;
        ListOpsGenerator a(options, 7);
        ListOpsGenerator b(options, 7);
        ListOpsGenerator c(options, 8);
        bool anyDifferent = false;
        for (int i = 0; i < 50; ++i) {
            const auto x = a.next();
            QCOMPARE(x.source, b.next().source);
            anyDifferent = anyDifferent || x.source != c.next().source;
        }
        QVERIFY(anyDifferent);
    }

    void generateDistinctKeepsSplitsDisjoint() {
        ListOpsGeneratorOptions options;
        options.min_tokens = 10;
        options.max_tokens = 40;
        ListOpsGenerator generator(options, 3);
        std::unordered_set<std::string> seen;
        const auto test = generator.generateDistinct(300, seen);
        const auto train = generator.generateDistinct(1000, seen);
        QCOMPARE(seen.size(), size_t{1300});
        std::unordered_set<std::string> testSources;
        for (const auto& e : test) {
            testSources.insert(e.source);
        }
        QCOMPARE(testSources.size(), size_t{300});
        for (const auto& e : train) {
            QVERIFY(testSources.count(e.source) == 0);
        }
    }

    void rejectsImpossibleOptions_data() {
        QTest::addColumn<int>("maxDepth");
        QTest::addColumn<int>("maxArgs");
        QTest::addColumn<int>("minTokens");
        QTest::addColumn<int>("maxTokens");
        QTest::newRow("depth 0") << 0 << 10 << 10 << 100;
        QTest::newRow("one arg") << 10 << 1 << 10 << 100;
        QTest::newRow("too short") << 10 << 10 << 1 << 9;
        QTest::newRow("min > max") << 10 << 10 << 200 << 100;
    }

    void rejectsImpossibleOptions() {
        QFETCH(int, maxDepth);
        QFETCH(int, maxArgs);
        QFETCH(int, minTokens);
        QFETCH(int, maxTokens);
        ListOpsGeneratorOptions options;
        options.max_depth = maxDepth;
        options.max_args = maxArgs;
        options.min_tokens = minTokens;
        options.max_tokens = maxTokens;
        QVERIFY_THROWS_EXCEPTION(ConfigError, ListOpsGenerator(options, 1));
    }

    void tooFewDistinctExpressionsIsAnError() {
        ListOpsGeneratorOptions options;
        options.max_depth = 1;
        options.max_args = 2;
        options.min_tokens = 10;
        options.max_tokens = 10;  // only "( ( ( [OP a ) b ) ] )": 4 * 100 expressions
        ListOpsGenerator generator(options, 1);
        std::unordered_set<std::string> seen;
        QCOMPARE(generator.generateDistinct(300, seen).size(), size_t{300});
        QVERIFY_THROWS_EXCEPTION(ConfigError, generator.generateDistinct(200, seen));
    }
};

QTEST_GUILESS_MAIN(TestListOpsGenerator)
#include "test_listops_generator.moc"
