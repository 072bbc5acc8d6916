// SPDX-License-Identifier: MIT
// Thread-local dropout generator and seed mixing.
#include "core/config/run_rng.h"

#include <ATen/CPUGeneratorImpl.h>

namespace fpt::core {

namespace {
thread_local at::Generator* tCurrent = nullptr;
}  // namespace

at::Generator* RunRng::threadGenerator() { return tCurrent; }

RunRng::ThreadScope::ThreadScope(uint64_t seed)
    : m_generator(at::detail::createCPUGenerator(seed))
    , m_previous(tCurrent) {
    tCurrent = &m_generator;
}

RunRng::ThreadScope::~ThreadScope() { tCurrent = m_previous; }

void RunRng::ThreadScope::reseed(uint64_t seed) {
    std::lock_guard<std::mutex> lock(m_generator.mutex());
    m_generator.set_current_seed(seed);
}

std::mutex& RunRng::initMutex() {
    static std::mutex mutex;
    return mutex;
}

uint64_t RunRng::mix(uint64_t a, uint64_t b, uint64_t c) {
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (uint64_t v : {a, b, c}) {
        h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return h & 0x7fffffffffffffffULL;
}

}  // namespace fpt::core
