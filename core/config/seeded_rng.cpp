// SPDX-License-Identifier: MIT
// Deterministic bounded draws on top of mt19937_64 (rejection sampling, no modulo bias).
#include "core/config/seeded_rng.h"

#include <cassert>
#include <numeric>

namespace fpt::core {

namespace {

// SplitMix64 finaliser: a bijective avalanche mix of one 64-bit word.
uint64_t splitMix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

}  // namespace

SeededRng::SeededRng(uint64_t seed)
    : m_engine(seed) {}

uint64_t SeededRng::mix(std::initializer_list<uint64_t> values) {
    uint64_t h = 0x6A09E667F3BCC909ULL;
    for (uint64_t v : values) {
        h = splitMix(h ^ splitMix(v));
    }
    return h;
}

int64_t SeededRng::uniformInt(int64_t lo, int64_t hi) {
    assert(lo <= hi);
    const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    if (range == UINT64_MAX) {
        return static_cast<int64_t>(m_engine());
    }
    const uint64_t span = range + 1;
    // Reject the top partial bucket so every value in [0, span) is equally likely.
    const uint64_t limit = UINT64_MAX - (UINT64_MAX % span + 1) % span;
    uint64_t draw = m_engine();
    while (draw > limit) {
        draw = m_engine();
    }
    return lo + static_cast<int64_t>(draw % span);
}

double SeededRng::uniform01() {
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

std::vector<int64_t> SeededRng::permutation(int64_t n) {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t{0});
    for (int64_t i = n - 1; i > 0; --i) {
        std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(uniformInt(0, i))]);
    }
    return order;
}

}  // namespace fpt::core
