// SPDX-License-Identifier: MIT
// The ListOps task (fpt-paper.md §1.3): LRA TSV files or the built-in generator, token ids
// truncated / right-padded to max_length, the value (0..9) read from the last position.
#pragma once

#include "core/data/data_order.h"
#include "core/config/dataset_types.h"
#include "core/data/listops_vocab.h"
#include "core/config/run_config.h"
#include "core/tasks/task.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

/// Tokens task: x (B, max_length) int64 ids, y (B) int64. Vocabulary 18 with brackets, 15 with
/// drop_brackets (the paper code's tokeniser). The read-out is position max_length - 1 even when
/// it is padding, as in the paper code. source "files": <data_path>/basic_train.tsv + basic_val.tsv
/// (test_split "val", default) or basic_test.tsv ("test"); "generate": a fixed-seed generated set
/// (the same in every run, test and train disjoint); "": files when basic_train.tsv exists.
class ListOpsTask : public Task {
public:
    /// Throws DatasetError for missing/malformed files, ConfigError for unusable settings.
    ListOpsTask(const TaskConfig& config, int64_t seed);

    /// Fills max_length 512, generate_train 20000, generate_test 2000, max_depth 10, max_args 10
    /// and test_split "val" when left at 0 / "". source stays "" (auto) until construction.
    static void resolveDefaults(TaskConfig& config);

    std::string name() const override { return "listops"; }

    const TaskSpec& spec() const override { return m_spec; }

    Batch batch(Split split, int64_t batchSize, int64_t index) override;

    int64_t size(Split split) const override { return m_order.size(split); }

    Batch probeBatch() override;
    ProbeInfo probeInfo() override;

    /// "files" or "generate": where the data actually came from.
    const std::string& source() const { return m_source; }

    /// Examples cut to max_length in a split (the paper code truncates silently).
    int64_t truncated(Split split) const {
        return split == Split::Train ? m_train.truncated : m_test.truncated;
    }

private:
    void loadFiles(const std::string& dir);
    void generate();

    TaskConfig m_config;
    ListOpsVocab m_vocab;
    TaskSpec m_spec;
    std::string m_source;
    ListOpsTokens m_train;
    ListOpsTokens m_test;
    DataOrder m_order{1, 1, 0};
};

}  // namespace fpt::core
