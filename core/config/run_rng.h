// SPDX-License-Identifier: MIT
// Per-run randomness: each training thread owns a generator for dropout, reseeded every step from
// (seed, step, rank), so runs sharing a process (the GUI) stay reproducible and independent, and a
// resumed run draws exactly what an uninterrupted one would.
#pragma once

#include <ATen/core/Generator.h>

#include <cstdint>
#include <mutex>

namespace fpt::core {

class RunRng {
public:
    /// The calling thread's dropout generator, or nullptr (then the global generator is used).
    static at::Generator* threadGenerator();

    /// Installs a generator for the calling thread for the guard's lifetime.
    class ThreadScope {
    public:
        explicit ThreadScope(uint64_t seed);
        ~ThreadScope();
        ThreadScope(const ThreadScope&) = delete;
        ThreadScope& operator=(const ThreadScope&) = delete;
        void reseed(uint64_t seed);

    private:
        at::Generator m_generator;
        at::Generator* m_previous;
    };

    /// Serialises model construction under torch::manual_seed (the global generator) so two runs
    /// built at the same time still get their seed's exact initial weights.
    static std::mutex& initMutex();

    /// A well-mixed 64-bit seed from up to three values (splitmix-style).
    static uint64_t mix(uint64_t a, uint64_t b, uint64_t c = 0);
};

}  // namespace fpt::core
