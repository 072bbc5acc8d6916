// SPDX-License-Identifier: MIT
// Epoch permutations come from SeededRng, so the order is identical on every platform.
#include "core/data/data_order.h"

#include "core/config/error.h"
#include "core/config/seeded_rng.h"

#include <algorithm>
#include <cstdlib>

namespace fpt::core {

namespace {

constexpr uint64_t kTrainOrderTag = 0x7A41'0000'0001ULL;
constexpr uint64_t kTestOrderSeed = 0x7E57'0000'0002ULL;
constexpr uint64_t kSubsetSeed = 0x5B5E'0000'0003ULL;

}  // namespace

DataOrder::DataOrder(int64_t trainSize, int64_t testSize, int64_t seed)
    : m_trainSize(trainSize)
    , m_testSize(testSize)
    , m_seed(seed) {
    if (trainSize < 1 || testSize < 1) {
        throw DatasetError("dataset has " + std::to_string(trainSize) + " train and " +
                           std::to_string(testSize) +
                           " test examples; both splits need at least one");
    }
    m_testOrder = SeededRng(kTestOrderSeed).permutation(testSize);
}

const std::vector<int64_t>& DataOrder::trainEpoch(int64_t epoch) {
    auto it = m_epochs.find(epoch);
    if (it != m_epochs.end()) {
        return it->second;
    }
    if (m_epochs.size() >= 2) {
        // Batches move forward (or restart); drop the cached epoch farthest from this one.
        auto farthest = std::max_element(
            m_epochs.begin(), m_epochs.end(), [epoch](const auto& a, const auto& b) {
                return std::llabs(a.first - epoch) < std::llabs(b.first - epoch);
            });
        m_epochs.erase(farthest);
    }
    SeededRng rng(SeededRng::mix(
        {static_cast<uint64_t>(m_seed), static_cast<uint64_t>(epoch), kTrainOrderTag}));
    return m_epochs.emplace(epoch, rng.permutation(m_trainSize)).first->second;
}

torch::Tensor DataOrder::indices(Split split, int64_t batchSize, int64_t index) {
    if (batchSize < 1) {
        throw ConfigError("batch size must be >= 1, got " + std::to_string(batchSize));
    }
    if (index < 0) {
        throw ConfigError("batch index must be >= 0, got " + std::to_string(index));
    }
    std::vector<int64_t> ids;
    if (split == Split::Train) {
        ids.reserve(static_cast<size_t>(batchSize));
        for (int64_t j = 0; j < batchSize; ++j) {
            const int64_t position = index * batchSize + j;
            const std::vector<int64_t>& order = trainEpoch(position / m_trainSize);
            ids.push_back(order[static_cast<size_t>(position % m_trainSize)]);
        }
    } else {
        const int64_t batches = (m_testSize + batchSize - 1) / batchSize;
        const int64_t begin = (index % batches) * batchSize;
        const int64_t end = std::min(m_testSize, begin + batchSize);
        ids.assign(m_testOrder.begin() + begin, m_testOrder.begin() + end);
    }
    return torch::tensor(ids, torch::kInt64);
}

std::vector<int64_t> DataOrder::fixedSubset(int64_t n, int64_t cap) {
    std::vector<int64_t> ids;
    if (cap <= 0 || cap >= n) {
        ids.resize(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) {
            ids[static_cast<size_t>(i)] = i;
        }
        return ids;
    }
    ids = SeededRng(kSubsetSeed).permutation(n);
    ids.resize(static_cast<size_t>(cap));
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace fpt::core
