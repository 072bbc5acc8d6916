// SPDX-License-Identifier: MIT
// Which examples form the index-th batch of a finite dataset, as a pure function of
// (seed, split, batch size, index): shared by the image, ListOps and homology tasks.
#pragma once

#include "core/config/task_types.h"

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <vector>

namespace fpt::core {

/// Train: example position p = index * B + j walks a permutation seeded by (seed, epoch) with
/// epoch = p / N, epoch after epoch, so every batch is full and each epoch covers every train
/// example once. Test: a fixed permutation (constant seed, so class-sorted files are not
/// evaluated class by class); the batch index is taken modulo ceil(N / B) and the last batch may
/// be short. Caches the permutations it needs; use one object per thread.
class DataOrder {
public:
    DataOrder(int64_t trainSize, int64_t testSize, int64_t seed);

    /// Example ids (int64, 1-D) of a batch. Throws ConfigError for batchSize < 1 or index < 0.
    torch::Tensor indices(Split split, int64_t batchSize, int64_t index);

    int64_t size(Split split) const { return split == Split::Train ? m_trainSize : m_testSize; }

    /// `cap` ids out of 0..n-1 picked by a fixed-seed permutation, sorted (all of them when
    /// cap <= 0 or cap >= n): the subset max_train_examples keeps, the same in every run.
    static std::vector<int64_t> fixedSubset(int64_t n, int64_t cap);

private:
    const std::vector<int64_t>& trainEpoch(int64_t epoch);

    int64_t m_trainSize;
    int64_t m_testSize;
    int64_t m_seed;
    std::vector<int64_t> m_testOrder;
    std::map<int64_t, std::vector<int64_t>> m_epochs;  // at most two cached epochs
};

}  // namespace fpt::core
