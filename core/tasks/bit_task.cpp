// SPDX-License-Identifier: MIT
// Bit task generators, as the paper code draws them, made a pure function of (seed, split, index).
#include "core/tasks/bit_task.h"

#include "core/config/error.h"

#include <ATen/CPUGeneratorImpl.h>

namespace fpt::core {

namespace {

constexpr int64_t kTestSeed = 0x5eed7e57;  // the test stream is the same for every run seed

uint64_t mixSeed(uint64_t a, uint64_t b, uint64_t c) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (uint64_t v : {a, b, c}) {
        h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return h;
}

std::string bitsOf(const torch::Tensor& row) {
    std::string s;
    const auto acc = row.accessor<float, 1>();
    for (int64_t i = 0; i < row.size(0) && i < 64; ++i) {
        s += acc[i] > 0.5F ? '1' : '0';
    }
    return s;
}

}  // namespace

void BitTask::resolveDefaults(TaskConfig& c) {
    const bool memory = c.name == TaskKind::BitMemory;
    if (c.n == 0) {
        c.n = memory ? 1000 : 5;
    }
    if (c.num_patterns == 0) {
        c.num_patterns = memory ? 5 : 2;
    }
    if (c.patch_size == 0) {
        c.patch_size = memory ? 50 : 1;
    }
}

BitTask::BitTask(const TaskConfig& config, int64_t seed)
    : m_name(config.name)
    , m_memory(config.name == TaskKind::BitMemory)
    , m_n(config.n)
    , m_patterns(config.num_patterns)
    , m_patch(config.patch_size)
    , m_seed(seed) {
    if (!isBitTask(m_name)) {
        throw ConfigError("/task/name: BitTask cannot run '" + toString(m_name) + "'");
    }
    if (m_n <= 0 || m_patterns <= 0 || m_patch <= 0 || m_n % m_patch != 0) {
        throw ConfigError("/task/patch_size: must be > 0 and divide n (n=" + std::to_string(m_n) +
                          ", patch_size=" + std::to_string(m_patch) + ")");
    }
    const int64_t rows = m_memory ? m_patterns + 1 : m_patterns;
    m_spec.input_kind = InputKind::Continuous;
    m_spec.input_dim = m_patch;
    m_spec.seq_len = rows * m_n / m_patch;
    m_spec.readout_tokens = m_n / m_patch;
    m_spec.outputs_per_token = 2 * m_patch;
    m_spec.num_classes = 2;
}

Batch BitTask::generate(int64_t batchSize, uint64_t streamSeed) const {
    auto gen = at::detail::createCPUGenerator(streamSeed);
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32);
    auto bits = torch::randint(0, 2, {batchSize, m_patterns, m_n}, gen, opts);  // (B, P, n)
    if (!m_memory) {
        auto y = bits.sum(1).remainder(2).to(torch::kInt64);  // XOR over patterns: (B, n)
        return {bits, y};
    }
    auto strings = bits * 2 - 1;  // {0,1} -> {-1,+1}
    auto pick = torch::randint(0, m_patterns, {batchSize}, gen, torch::kInt64);
    auto query = strings.index({torch::arange(batchSize), pick});  // (B, n)
    auto mask = torch::randint(0, 2, {batchSize, m_n}, gen, opts);
    auto x = torch::cat({strings, (query * mask).unsqueeze(1)}, 1);  // (B, P + 1, n)
    auto y = (query > 0).to(torch::kInt64);                            // (B, n)
    return {x, y};
}

Batch BitTask::batch(Split split, int64_t batchSize, int64_t index) {
    const uint64_t seed = split == Split::Train ? mixSeed(m_seed, 1, index)
                                                : mixSeed(kTestSeed, 2, index);
    auto raw = generate(batchSize, seed);
    // (B, rows, n) -> (B, rows * n / patch, patch): each row split into consecutive chunks.
    auto x = raw.x.reshape({batchSize, m_spec.seq_len, m_patch});
    return {x, raw.y};
}

Batch BitTask::probeBatch() { return batch(Split::Test, 1, 0); }

ProbeInfo BitTask::probeInfo() {
    ProbeInfo info;
    info.token_kind = "bit";
    const int64_t rows = m_memory ? m_patterns + 1 : m_patterns;
    const int64_t perRow = m_n / m_patch;
    for (int64_t r = 0; r < rows; ++r) {
        const std::string rowName = (m_memory && r == m_patterns) ? "q" : std::string(1, char('a' + r % 26));
        for (int64_t t = 0; t < perRow; ++t) {
            info.token_labels.push_back(m_patch == 1 ? rowName + std::to_string(t)
                                                     : rowName + std::to_string(t * m_patch) + ":" +
                                                           std::to_string((t + 1) * m_patch));
        }
    }
    auto raw = generate(1, mixSeed(kTestSeed, 2, 0));
    if (m_memory) {
        info.description = "recall string of " + std::to_string(m_n) + " bits from a masked copy";
    } else {
        std::string text = "XOR of";
        for (int64_t p = 0; p < m_patterns; ++p) {
            text += (p ? " and " : " ") + bitsOf(raw.x[0][p]);
        }
        info.description = text + " = " + bitsOf(raw.y[0].to(torch::kFloat32));
    }
    return info;
}

}  // namespace fpt::core
