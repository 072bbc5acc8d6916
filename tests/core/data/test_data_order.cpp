// SPDX-License-Identifier: MIT
// Batch order of finite datasets and the deterministic RNG behind it: epochs cover every train
// example once, test order is fixed and wraps, and (seed, split, index) alone decide a batch.
#include "core/data/data_order.h"
#include "core/config/error.h"
#include "core/config/seeded_rng.h"

#include <QTest>

#include <algorithm>
#include <set>
#include <vector>

using fpt::core::DataOrder;
using fpt::core::SeededRng;
using fpt::core::Split;

namespace {

std::vector<int64_t> ids(const torch::Tensor& t) {
    return {t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel()};
}

}  // namespace

class TestDataOrder : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void rngIsDeterministicAndBounded() {
        SeededRng a(42);
        SeededRng b(42);
        std::vector<int64_t> counts(7, 0);
        for (int i = 0; i < 7000; ++i) {
            const int64_t x = a.uniformInt(3, 9);
            QCOMPARE(x, b.uniformInt(3, 9));
            QVERIFY(x >= 3 && x <= 9);
            ++counts[static_cast<size_t>(x - 3)];
            const double u = a.uniform01();
            QCOMPARE(u, b.uniform01());
            QVERIFY(u >= 0.0 && u < 1.0);
        }
        for (int64_t c : counts) {
            QVERIFY2(c > 850 && c < 1150, std::to_string(c).c_str());  // ~1000 each
        }
        QVERIFY(SeededRng::mix({1, 2}) != SeededRng::mix({2, 1}));
        QCOMPARE(SeededRng::mix({1, 2}), SeededRng::mix({1, 2}));
        std::vector<int64_t> perm = SeededRng(5).permutation(100);
        std::sort(perm.begin(), perm.end());
        for (int64_t i = 0; i < 100; ++i) {
            QCOMPARE(perm[static_cast<size_t>(i)], i);
        }
    }

    void epochsCoverEveryExampleOnce_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("batch");
        QTest::newRow("divides") << 60 << 12;
        QTest::newRow("straddles epochs") << 50 << 16;
        QTest::newRow("batch larger than set") << 5 << 8;
    }

    void epochsCoverEveryExampleOnce() {
        QFETCH(int, size);
        QFETCH(int, batch);
        DataOrder order(size, 3, 11);
        std::vector<int64_t> stream;
        for (int64_t index = 0; static_cast<int>(stream.size()) < 3 * size; ++index) {
            const torch::Tensor t = order.indices(Split::Train, batch, index);
            QCOMPARE(t.size(0), int64_t{batch});  // train batches are always full
            const auto v = ids(t);
            stream.insert(stream.end(), v.begin(), v.end());
        }
        std::vector<std::vector<int64_t>> epochs;
        for (int e = 0; e < 3; ++e) {
            std::vector<int64_t> epoch(stream.begin() + e * size, stream.begin() + (e + 1) * size);
            std::vector<int64_t> sorted = epoch;
            std::sort(sorted.begin(), sorted.end());
            for (int i = 0; i < size; ++i) {
                QCOMPARE(sorted[static_cast<size_t>(i)], int64_t{i});
            }
            epochs.push_back(epoch);
        }
        QVERIFY(epochs[0] != epochs[1]);  // reshuffled every epoch
    }

    void batchIsPureFunctionOfSeedAndIndex() {
        DataOrder a(1000, 10, 7);
        DataOrder b(1000, 10, 7);
        DataOrder c(1000, 10, 8);
        // Out-of-order access (a resumed run) gives the same batches.
        const auto late = ids(a.indices(Split::Train, 16, 140));
        QCOMPARE(ids(b.indices(Split::Train, 16, 0)), ids(a.indices(Split::Train, 16, 0)));
        QCOMPARE(ids(b.indices(Split::Train, 16, 140)), late);
        QVERIFY(ids(a.indices(Split::Train, 16, 1)) != ids(a.indices(Split::Train, 16, 2)));
        QVERIFY(ids(c.indices(Split::Train, 16, 0)) != ids(a.indices(Split::Train, 16, 0)));
        QCOMPARE(ids(a.indices(Split::Test, 4, 1)),
                 ids(c.indices(Split::Test, 4, 1)));  // test order ignores seed
    }

    void testOrderIsFixedAndWraps() {
        DataOrder order(5, 10, 1);
        std::vector<int64_t> all;
        for (int64_t index = 0; index < 3; ++index) {
            const auto v = ids(order.indices(Split::Test, 4, index));
            QCOMPARE(v.size(), size_t{index == 2 ? 2U : 4U});  // 10 = 4 + 4 + 2
            all.insert(all.end(), v.begin(), v.end());
        }
        std::vector<int64_t> sorted = all;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        QVERIFY(all != sorted);  // shuffled, so a class-sorted file is not read class by class
        QCOMPARE(ids(order.indices(Split::Test, 4, 3)), ids(order.indices(Split::Test, 4, 0)));
        QCOMPARE(ids(order.indices(Split::Test, 4, 5)), ids(order.indices(Split::Test, 4, 2)));
    }

    void rejectsBadArguments() {
        DataOrder order(5, 5, 1);
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, order.indices(Split::Train, 0, 0));
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, order.indices(Split::Test, 4, -1));
        QVERIFY_THROWS_EXCEPTION(fpt::core::DatasetError, DataOrder(0, 5, 1));
    }

    void fixedSubsetIsStableAndSorted() {
        const auto a = DataOrder::fixedSubset(1000, 100);
        QCOMPARE(a.size(), size_t{100});
        QVERIFY(std::is_sorted(a.begin(), a.end()));
        QCOMPARE(std::set<int64_t>(a.begin(), a.end()).size(), size_t{100});
        QCOMPARE(DataOrder::fixedSubset(1000, 100), a);
        QVERIFY(a.back() > 500);  // spread over the file, not its first 100 rows
        QCOMPARE(DataOrder::fixedSubset(10, 0).size(), size_t{10});
        QCOMPARE(DataOrder::fixedSubset(10, 50).size(), size_t{10});
    }
};

QTEST_GUILESS_MAIN(TestDataOrder)
#include "test_data_order.moc"
