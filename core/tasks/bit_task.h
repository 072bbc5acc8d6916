// SPDX-License-Identifier: MIT
// Bit Memory and Bit XOR (fpt-paper.md §1.1-1.2): fresh random bit strings every batch, chunked
// into tokens of patch_size bits; the last n / patch_size tokens predict the n target bits.
#pragma once

#include "core/config/run_config.h"
#include "core/tasks/task.h"

namespace fpt::core {

class BitTask : public Task {
public:
    /// `config.name` is "bit_memory" or "bit_xor"; task fields must be resolved (see resolveDefaults).
    BitTask(const TaskConfig& config, int64_t seed);

    /// Paper defaults: bit_memory n 1000, 5 patterns, patch 50; bit_xor n 5, 2 patterns, patch 1.
    static void resolveDefaults(TaskConfig& config);

    std::string name() const override { return toString(m_name); }
    const TaskSpec& spec() const override { return m_spec; }
    Batch batch(Split split, int64_t batchSize, int64_t index) override;
    int64_t size(Split) const override { return -1; }
    Batch probeBatch() override;
    ProbeInfo probeInfo() override;

private:
    /// Raw strings (B, num_patterns(+1), n) and targets (B, n) in {0, 1}.
    Batch generate(int64_t batchSize, uint64_t streamSeed) const;

    TaskKind m_name;
    bool m_memory;
    int64_t m_n;
    int64_t m_patterns;
    int64_t m_patch;
    int64_t m_seed;
    TaskSpec m_spec;
};

}  // namespace fpt::core
