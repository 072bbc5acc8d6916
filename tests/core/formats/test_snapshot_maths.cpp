// SPDX-License-Identifier: MIT
// Snapshot maths against values worked out by hand (issue 19): cosine similarity of positional
// embedding rows, average pooling of attention maps with zero padding, and makeSnapshot's layout.
#include "core/formats/snapshot_io.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

class TestSnapshotMaths : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cosineSimilarityByHand() {
        // a = (3, 4), b = (4, -3), c = (-6, -8), z = (0, 0): a.b = 0, a and c opposite, |a| = 5.
        const auto rows = torch::tensor({3.F, 4.F, 4.F, -3.F, -6.F, -8.F, 0.F, 0.F}).view({4, 2});
        const auto sim = cosineSimilarity(rows);
        const auto expected = torch::tensor({1.F, 0.F, -1.F, 0.F,   //
                                             0.F, 1.F, 0.F, 0.F,    //
                                             -1.F, 0.F, 1.F, 0.F,   //
                                             0.F, 0.F, 0.F, 0.F})   // a zero row: 0, not NaN
                                  .view({4, 4});
        QCOMPARE(sim.sizes().vec(), (std::vector<int64_t>{4, 4}));
        QVERIFY2(torch::allclose(sim, expected, 0, 1e-6), qPrintable(QString::number(
                                                              (sim - expected).abs().max().item<double>())));
    }

    void poolingByHand() {
        // m[i][j] = 5i + j, T = 5, at most 2 tokens: factor 3, padded to 6 with zeros, each cell
        // the mean of its 3 x 3 block (padding counts):
        //   rows 0-2, cols 0-2: sum (15i + 3), i = 0..2 = 54  -> 6
        //   rows 0-2, cols 3-4: sum (10i + 7), i = 0..2 = 51  -> 51/9
        //   rows 3-4, cols 0-2: sum (15i + 3), i = 3..4 = 111 -> 111/9
        //   rows 3-4, cols 3-4: sum (10i + 7), i = 3..4 = 84  -> 84/9
        const auto m = torch::arange(25, torch::kFloat32).view({1, 1, 5, 5});
        int64_t factor = 0;
        const auto pooled = poolSquare(m, 2, factor);
        QCOMPARE(factor, int64_t{3});
        QCOMPARE(pooled.sizes().vec(), (std::vector<int64_t>{1, 1, 2, 2}));
        const auto expected = torch::tensor({6.F, 51.F / 9, 111.F / 9, 84.F / 9}).view({1, 1, 2, 2});
        QVERIFY(torch::allclose(pooled, expected, 0, 1e-5));
        // Small enough already: unchanged, factor 1.
        const auto same = poolSquare(m, 5, factor);
        QCOMPARE(factor, int64_t{1});
        QVERIFY(torch::equal(same, m));
    }

    void makeSnapshotLayout() {
        // Two layers of (1, nh = 2, T = 3, T) attention, values 0..17 and 100..117; three
        // positions a, b, c from above.
        const auto l0 = torch::arange(18, torch::kFloat32).view({1, 2, 3, 3});
        const auto l1 = (torch::arange(18, torch::kFloat32) + 100).view({1, 2, 3, 3});
        const auto positions = torch::tensor({3.F, 4.F, 4.F, -3.F, -6.F, -8.F}).view({3, 2});
        const auto s = makeSnapshot(42, {l0, l1}, positions);
        QCOMPARE(s.step, int64_t{42});
        QCOMPARE(s.layers, int64_t{2});
        QCOMPARE(s.heads, int64_t{2});
        QCOMPARE(s.tokens, int64_t{3});
        QCOMPARE(s.pooling, int64_t{1});
        QCOMPARE(static_cast<int64_t>(s.attention.size()), int64_t{36});
        // layer-major, then head, row, column: layer 1, head 1, row 2, column 0 = 100 + 9 + 6.
        QCOMPARE(s.attention[0], 0.F);
        QCOMPARE(s.attention[17], 17.F);
        QCOMPARE(s.attention[18 + 9 + 6], 115.F);
        QCOMPARE(s.positions, int64_t{3});
        const std::vector<float> sim{1, 0, -1, 0, 1, 0, -1, 0, 1};
        QCOMPARE(static_cast<int64_t>(s.position_similarity.size()), int64_t{9});
        for (std::size_t i = 0; i < sim.size(); ++i) {
            QVERIFY2(std::abs(s.position_similarity[i] - sim[i]) < 1e-6, qPrintable(QString::number(i)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSnapshotMaths)
#include "test_snapshot_maths.moc"
