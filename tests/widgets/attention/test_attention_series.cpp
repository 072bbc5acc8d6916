// SPDX-License-Identifier: MIT
// AttentionSeries: snapshot choice for a scrubber step, step ordering, validation, and layer/head
// extraction including the mean over heads on a known 2-head tensor.
#include "widgets/attention/attention_series.h"

#include <QTest>

using fpt::widgets::AttentionSeries;
using fpt::widgets::AttentionSnapshot;

namespace {

// Every weight of the snapshot is `marker`, so a picked snapshot is recognisable by value.
AttentionSnapshot marked(qint64 step, float marker, int tokens = 2) {
    return {step, 1, 1, tokens, QVector<float>(tokens * tokens, marker)};
}

}  // namespace

class TestAttentionSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void picksLargestStepAtOrBefore_data();
    void picksLargestStepAtOrBefore();
    void sortsAndReplacesSameStep();
    void rejectsInconsistentSizes_data();
    void rejectsInconsistentSizes();
    void headMeanIsArithmeticMean();
    void extractsLayerAndHead_data();
    void extractsLayerAndHead();
    void outOfRangeSelectionIsEmpty();
};

void TestAttentionSeries::picksLargestStepAtOrBefore_data() {
    QTest::addColumn<qint64>("step");
    QTest::addColumn<qint64>("expectedStep");  // -1: none
    QTest::newRow("before first") << qint64(-5) << qint64(-1);
    QTest::newRow("exactly first") << qint64(0) << qint64(0);
    QTest::newRow("between 0 and 100") << qint64(99) << qint64(0);
    QTest::newRow("exactly 100") << qint64(100) << qint64(100);
    QTest::newRow("between 100 and 250") << qint64(249) << qint64(100);
    QTest::newRow("exactly last") << qint64(250) << qint64(250);
    QTest::newRow("after last") << qint64(10000) << qint64(250);
}

void TestAttentionSeries::picksLargestStepAtOrBefore() {
    QFETCH(qint64, step);
    QFETCH(qint64, expectedStep);
    AttentionSeries series;
    QCOMPARE(series.setSnapshots({marked(250, 0.25F), marked(0, 0.0F), marked(100, 0.1F)}), 3);
    const AttentionSnapshot* picked = series.snapshotAtStep(step);
    if (expectedStep < 0) {
        QVERIFY(picked == nullptr);
        QCOMPARE(series.indexAtStep(step), -1);
    } else {
        QVERIFY(picked != nullptr);
        QCOMPARE(picked->step, expectedStep);
        QCOMPARE(picked->weights.first(), static_cast<float>(expectedStep) / 1000.0F);
    }
}

void TestAttentionSeries::sortsAndReplacesSameStep() {
    AttentionSeries series;
    QVERIFY(series.addSnapshot(marked(300, 1.0F)));
    QVERIFY(series.addSnapshot(marked(100, 2.0F)));
    QVERIFY(series.addSnapshot(marked(200, 3.0F)));
    QVERIFY(series.addSnapshot(marked(200, 4.0F)));  // same step: replaces
    QCOMPARE(series.steps(), (QVector<qint64>{100, 200, 300}));
    QCOMPARE(series.snapshotAtStep(200)->weights.first(), 4.0F);
}

void TestAttentionSeries::rejectsInconsistentSizes_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("valid");
    QTest::newRow("consistent") << 2 << 3 << 4 << 2 * 3 * 4 * 4 << true;
    QTest::newRow("one short") << 2 << 3 << 4 << 2 * 3 * 4 * 4 - 1 << false;
    QTest::newRow("zero heads") << 2 << 0 << 4 << 0 << false;
    QTest::newRow("negative tokens") << 1 << 1 << -2 << 4 << false;
}

void TestAttentionSeries::rejectsInconsistentSizes() {
    QFETCH(int, layers);
    QFETCH(int, heads);
    QFETCH(int, tokens);
    QFETCH(int, count);
    QFETCH(bool, valid);
    const AttentionSnapshot snapshot{7, layers, heads, tokens, QVector<float>(count, 0.1F)};
    AttentionSeries series;
    QCOMPARE(AttentionSeries::isValid(snapshot), valid);
    QCOMPARE(series.addSnapshot(snapshot), valid);
    QCOMPARE(series.size(), valid ? 1 : 0);
}

void TestAttentionSeries::headMeanIsArithmeticMean() {
    // 1 layer, 2 heads, 2 tokens: head 0 = [[1, 0], [0.2, 0.8]], head 1 = [[0.5, 0.5], [0.6, 0.4]].
    const AttentionSnapshot snapshot{0, 1, 2, 2, {1.0F, 0.0F, 0.2F, 0.8F, 0.5F, 0.5F, 0.6F, 0.4F}};
    const QVector<float> mean = AttentionSeries::matrix(snapshot, 0, AttentionSeries::kMeanOfHeads);
    const QVector<float> expected = {0.75F, 0.25F, 0.4F, 0.6F};
    QCOMPARE(mean.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        QVERIFY2(qAbs(mean[i] - expected[i]) < 1e-6F, qPrintable(QString::number(i)));
    }
}

void TestAttentionSeries::extractsLayerAndHead_data() {
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("head");
    QTest::addColumn<float>("expectedFirst");
    // Value = 10 * layer + head + 1, so each (layer, head) block is recognisable.
    QTest::newRow("layer 0 head 0") << 0 << 0 << 1.0F;
    QTest::newRow("layer 0 head 2") << 0 << 2 << 3.0F;
    QTest::newRow("layer 1 head 1") << 1 << 1 << 12.0F;
    QTest::newRow("layer 1 mean") << 1 << int(AttentionSeries::kMeanOfHeads) << 12.0F;
}

void TestAttentionSeries::extractsLayerAndHead() {
    QFETCH(int, layer);
    QFETCH(int, head);
    QFETCH(float, expectedFirst);
    constexpr int kLayers = 2;
    constexpr int kHeads = 3;
    constexpr int kTokens = 3;
    AttentionSnapshot snapshot{0, kLayers, kHeads, kTokens, {}};
    for (int l = 0; l < kLayers; ++l) {
        for (int h = 0; h < kHeads; ++h) {
            for (int i = 0; i < kTokens * kTokens; ++i) {
                snapshot.weights.append(static_cast<float>(10 * l + h + 1));
            }
        }
    }
    const QVector<float> m = AttentionSeries::matrix(snapshot, layer, head);
    QCOMPARE(m.size(), kTokens * kTokens);
    QCOMPARE(m.first(), expectedFirst);
    QCOMPARE(m.last(), expectedFirst);
}

void TestAttentionSeries::outOfRangeSelectionIsEmpty() {
    const AttentionSnapshot snapshot{0, 1, 2, 2, QVector<float>(8, 0.5F)};
    QVERIFY(AttentionSeries::matrix(snapshot, 1, 0).isEmpty());
    QVERIFY(AttentionSeries::matrix(snapshot, 0, 2).isEmpty());
    QVERIFY(AttentionSeries::matrix(snapshot, 0, -2).isEmpty());
}

QTEST_GUILESS_MAIN(TestAttentionSeries)
#include "test_attention_series.moc"
