// SPDX-License-Identifier: MIT
// A small deterministic random source for data order, splits, augmentation and generators:
// identical streams on every platform and LibTorch version (std distributions are not).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace fpt::core {

/// mt19937_64 (exactly specified by the standard) plus our own bounded draws.
/// Not thread-safe; make one per thread / per batch.
class SeededRng {
public:
    explicit SeededRng(uint64_t seed);

    /// Hashes several values (run seed, epoch, batch index, a purpose tag) into one seed.
    static uint64_t mix(std::initializer_list<uint64_t> values);

    /// Uniform integer in [lo, hi] (inclusive); lo <= hi.
    int64_t uniformInt(int64_t lo, int64_t hi);

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform01();

    /// A uniformly random permutation of 0..n-1 (Fisher-Yates).
    std::vector<int64_t> permutation(int64_t n);

private:
    std::mt19937_64 m_engine;
};

}  // namespace fpt::core
