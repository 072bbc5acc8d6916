// SPDX-License-Identifier: MIT
// Ragged token storage (flat ids + offsets); a batch copies its rows into a padded (B, T) table.
#include "core/tasks/homology_task.h"

#include "core/tasks/token_probe.h"

#include "core/config/core_logger.h"
#include "core/data/data_paths.h"
#include "core/config/error.h"
#include "core/data/tape_reader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

namespace fpt::core {

namespace {

ProteinTokens selectSequences(const ProteinTokens& data, const std::vector<int64_t>& ids) {
    const int64_t* offsets = data.offsets.data_ptr<int64_t>();
    const int64_t* tokens = data.tokens.data_ptr<int64_t>();
    std::vector<int64_t> outTokens;
    std::vector<int64_t> outOffsets{0};
    for (int64_t id : ids) {
        outTokens.insert(outTokens.end(), tokens + offsets[id], tokens + offsets[id + 1]);
        outOffsets.push_back(static_cast<int64_t>(outTokens.size()));
    }
    ProteinTokens out;
    out.tokens = torch::tensor(outTokens, torch::kInt64);
    out.offsets = torch::tensor(outOffsets, torch::kInt64);
    out.labels = data.labels.index_select(0, torch::tensor(ids, torch::kInt64));
    out.skipped = data.skipped;
    return out;
}

}  // namespace

void HomologyTask::resolveDefaults(TaskConfig& config) {
    if (config.max_length == 0) {
        config.max_length = 1024;
    }
    if (config.test_split.empty()) {
        config.test_split = "valid";
    }
}

HomologyTask::HomologyTask(const TaskConfig& config, int64_t seed)
    : m_config(config) {
    resolveDefaults(m_config);
    if (m_config.max_length < 3) {
        throw ConfigError("/task/max_length: must be >= 3 (<cls>, one residue, <sep>), got " +
                          std::to_string(m_config.max_length));
    }
    if (m_config.test_split == "train") {
        throw ConfigError(
            "/task/test_split: \"train\" is the training split; use valid, "
            "test_fold_holdout, test_superfamily_holdout or test_family_holdout");
    }
    if (m_config.max_train_examples < 0) {
        throw ConfigError("/task/max_train_examples: must be >= 0, got " +
                          std::to_string(m_config.max_train_examples));
    }
    const std::string dir = resolveDataPath(m_config);
    m_train = encodeProteins(readTapeSplit(dir, "train"), m_config.max_length);
    m_test = encodeProteins(readTapeSplit(dir, m_config.test_split), m_config.max_length);
    for (const auto& [split, data] :
         {std::pair{"train", &m_train}, std::pair{m_config.test_split.c_str(), &m_test}}) {
        if (data->labels.size(0) == 0) {
            throw DatasetError("remote homology split '" + std::string(split) + "' in " + dir +
                               " has no sequence of at most " +
                               std::to_string(m_config.max_length) + " tokens (" +
                               std::to_string(data->skipped) + " skipped)");
        }
    }
    const int64_t available = m_train.labels.size(0);
    if (m_config.max_train_examples > 0 && m_config.max_train_examples < available) {
        m_train = selectSequences(m_train,
                                  DataOrder::fixedSubset(available, m_config.max_train_examples));
    }
    m_spec.input_kind = InputKind::Tokens;
    m_spec.input_dim = kIupacVocabSize;
    m_spec.seq_len = m_config.max_length;
    m_spec.readout_tokens = 1;
    m_spec.outputs_per_token = kHomologyClasses;
    m_spec.num_classes = kHomologyClasses;
    m_order = DataOrder(m_train.labels.size(0), m_test.labels.size(0), seed);
    coreLogger()->info(
        "remote_homology: {} train / {} {} sequences from {}; skipped as longer than "
        "{} tokens: {} train, {} {}",
        m_train.labels.size(0), m_test.labels.size(0), m_config.test_split, dir,
        m_config.max_length, m_train.skipped, m_test.skipped, m_config.test_split);
}

Batch HomologyTask::batch(Split split, int64_t batchSize, int64_t index) {
    const torch::Tensor ids = m_order.indices(split, batchSize, index);
    const ProteinTokens& data = split == Split::Train ? m_train : m_test;
    const int64_t* offsets = data.offsets.data_ptr<int64_t>();
    const int64_t* tokens = data.tokens.data_ptr<int64_t>();
    const int64_t* id = ids.data_ptr<int64_t>();
    const int64_t rows = ids.size(0);
    int64_t longest = 0;
    for (int64_t j = 0; j < rows; ++j) {
        longest = std::max(longest, offsets[id[j] + 1] - offsets[id[j]]);
    }
    Batch out;
    out.x = torch::zeros({rows, longest}, torch::kInt64);  // (B, T), 0 = <pad>
    int64_t* x = out.x.data_ptr<int64_t>();
    for (int64_t j = 0; j < rows; ++j) {
        const int64_t begin = offsets[id[j]];
        const int64_t length = offsets[id[j] + 1] - begin;
        std::memcpy(x + j * longest, tokens + begin, static_cast<size_t>(length) * sizeof(int64_t));
    }
    out.y = data.labels.index_select(0, ids);
    return out;
}

Batch HomologyTask::probeBatch() {
    return batch(Split::Test, 1, 0);
}

ProbeInfo HomologyTask::probeInfo() {
    return tokenProbeInfo(*this, "residue", [](int64_t id) { return iupacSymbol(id); }, "fold ");
}

}  // namespace fpt::core
