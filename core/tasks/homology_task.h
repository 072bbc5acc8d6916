// SPDX-License-Identifier: MIT
// The TAPE remote homology task (fpt-paper.md §1.7): protein sequences as iupac token ids,
// fold class (1195) read from the last position; batches padded to their longest member.
#pragma once

#include "core/data/data_order.h"
#include "core/config/dataset_types.h"
#include "core/config/run_config.h"
#include "core/tasks/task.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

/// Tokens task: x (B, T) int64 with T = the batch's longest sequence (<= max_length), shorter
/// ones right-padded with 0 as TAPE does; y (B) int64 in 0..1194. Sequences longer than
/// max_length (counted with <cls>/<sep>) are dropped at load and counted. Train split "train",
/// test split from test_split ("valid" default, or a test_*_holdout split).
class HomologyTask : public Task {
public:
    /// Reads <data_path>/remote_homology_<split>.{jsonl,json,fasta}. Throws DatasetError for
    /// missing/malformed files, ConfigError for unusable settings.
    HomologyTask(const TaskConfig& config, int64_t seed);

    /// Fills max_length 1024 and test_split "valid" when left at 0 / "".
    static void resolveDefaults(TaskConfig& config);

    std::string name() const override { return "remote_homology"; }

    const TaskSpec& spec() const override { return m_spec; }

    Batch batch(Split split, int64_t batchSize, int64_t index) override;

    int64_t size(Split split) const override { return m_order.size(split); }

    Batch probeBatch() override;
    ProbeInfo probeInfo() override;

    /// Records dropped for exceeding max_length in a split.
    int64_t skipped(Split split) const {
        return split == Split::Train ? m_train.skipped : m_test.skipped;
    }

private:
    TaskConfig m_config;
    TaskSpec m_spec;
    ProteinTokens m_train;
    ProteinTokens m_test;
    DataOrder m_order{1, 1, 0};
};

}  // namespace fpt::core
