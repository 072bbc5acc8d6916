// SPDX-License-Identifier: MIT
// ListOps data are tokenised once into a uint8 (N, max_length) table; a batch is a row gather.
#include "core/tasks/listops_task.h"

#include "core/tasks/token_probe.h"

#include "core/config/core_logger.h"
#include "core/data/data_paths.h"
#include "core/formats/dataset_file.h"
#include "core/config/error.h"
#include "core/data/listops_generator.h"
#include "core/data/listops_reader.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <unordered_set>

namespace fpt::core {

namespace {

// Fixed, so the generated data set is the same in every run, like the LRA files.
constexpr uint64_t kGeneratorSeed = 0x1157'0000'0020ULL;
constexpr int64_t kMaxGenerated = 10'000'000;

ListOpsTokens selectRows(const ListOpsTokens& data, const std::vector<int64_t>& ids) {
    const torch::Tensor index = torch::tensor(ids, torch::kInt64);
    ListOpsTokens out;
    out.tokens = data.tokens.index_select(0, index);
    out.targets = data.targets.index_select(0, index);
    out.truncated = data.truncated;  // counted over the whole file, before the cap
    return out;
}

}  // namespace

void ListOpsTask::resolveDefaults(TaskConfig& config) {
    if (config.max_length == 0) {
        config.max_length = 512;
    }
    if (config.generate_train == 0) {
        config.generate_train = 20000;
    }
    if (config.generate_test == 0) {
        config.generate_test = 2000;
    }
    if (config.max_depth == 0) {
        config.max_depth = 10;
    }
    if (config.max_args == 0) {
        config.max_args = 10;
    }
    if (config.test_split.empty()) {
        config.test_split = "val";
    }
}

ListOpsTask::ListOpsTask(const TaskConfig& config, int64_t seed)
    : m_config(config)
    , m_vocab(config.drop_brackets) {
    resolveDefaults(m_config);
    if (m_config.max_length < 1 || m_config.max_length > 65536) {
        throw ConfigError("/task/max_length: must be in 1..65536, got " +
                          std::to_string(m_config.max_length));
    }
    if (m_config.test_split != "val" && m_config.test_split != "test") {
        throw ConfigError("/task/test_split: ListOps uses \"val\" or \"test\", got \"" +
                          m_config.test_split + "\"");
    }
    if (m_config.max_train_examples < 0) {
        throw ConfigError("/task/max_train_examples: must be >= 0, got " +
                          std::to_string(m_config.max_train_examples));
    }
    const std::string dir = resolveDataPath(m_config);
    m_source = m_config.source;
    if (m_source.empty()) {
        const bool haveFiles =
            datasetFileExists((std::filesystem::path(dir) / "basic_train.tsv").string());
        m_source = haveFiles ? "files" : "generate";
        coreLogger()->info("listops: source \"{}\" ({}basic_train.tsv in {})", m_source,
                           haveFiles ? "found " : "no ", dir);
    }
    if (m_source == "files") {
        loadFiles(dir);
    } else if (m_source == "generate") {
        generate();
    } else {
        throw ConfigError("/task/source: expected \"files\", \"generate\" or \"\", got \"" +
                          m_source + "\"");
    }
    const int64_t available = m_train.targets.size(0);
    if (m_config.max_train_examples > 0 && m_config.max_train_examples < available) {
        m_train =
            selectRows(m_train, DataOrder::fixedSubset(available, m_config.max_train_examples));
    }
    m_spec.input_kind = InputKind::Tokens;
    m_spec.input_dim = m_vocab.size();
    m_spec.seq_len = m_config.max_length;
    m_spec.readout_tokens = 1;
    m_spec.outputs_per_token = 10;
    m_spec.num_classes = 10;
    m_order = DataOrder(m_train.targets.size(0), m_test.targets.size(0), seed);
    coreLogger()->info(
        "listops: {} train / {} test examples ({}; vocabulary {}{}); truncated to {}: "
        "{} train, {} test",
        m_train.targets.size(0), m_test.targets.size(0), m_source, m_vocab.size(),
        m_vocab.dropsBrackets() ? ", brackets dropped as the paper code" : "", m_config.max_length,
        m_train.truncated, m_test.truncated);
}

void ListOpsTask::loadFiles(const std::string& dir) {
    const std::filesystem::path base(dir);
    const std::string trainPath = (base / "basic_train.tsv").string();
    const std::string testPath = (base / ("basic_" + m_config.test_split + ".tsv")).string();
    m_train = encodeListOps(readListOpsTsv(trainPath), m_vocab, m_config.max_length, trainPath);
    m_test = encodeListOps(readListOpsTsv(testPath), m_vocab, m_config.max_length, testPath);
}

void ListOpsTask::generate() {
    if (m_config.generate_train < 1 || m_config.generate_test < 1 ||
        m_config.generate_train + m_config.generate_test > kMaxGenerated) {
        throw ConfigError("/task/generate_train, /task/generate_test: need >= 1 each and at most " +
                          std::to_string(kMaxGenerated) + " together");
    }
    ListOpsGeneratorOptions options;
    options.max_depth = m_config.max_depth;
    options.max_args = m_config.max_args;
    // Every generated expression fits max_length with its brackets (so nothing is truncated in
    // either tokeniser); the lower bound keeps trivial one-operator expressions out.
    options.max_tokens = m_config.max_length;
    options.min_tokens = std::max<int64_t>(10, m_config.max_length / 8);
    ListOpsGenerator generator(options, kGeneratorSeed);
    std::unordered_set<std::string> seen;
    // Test first, so changing generate_train never changes the test set.
    const std::vector<ListOpsExample> test =
        generator.generateDistinct(m_config.generate_test, seen);
    const std::vector<ListOpsExample> train =
        generator.generateDistinct(m_config.generate_train, seen);
    m_test = encodeListOps(test, m_vocab, m_config.max_length, "generated ListOps");
    m_train = encodeListOps(train, m_vocab, m_config.max_length, "generated ListOps");
}

Batch ListOpsTask::batch(Split split, int64_t batchSize, int64_t index) {
    const torch::Tensor ids = m_order.indices(split, batchSize, index);
    const ListOpsTokens& data = split == Split::Train ? m_train : m_test;
    Batch out;
    out.x = data.tokens.index_select(0, ids).to(torch::kInt64);  // (B, max_length)
    out.y = data.targets.index_select(0, ids);                   // (B)
    return out;
}

Batch ListOpsTask::probeBatch() {
    return batch(Split::Test, 1, 0);
}

ProbeInfo ListOpsTask::probeInfo() {
    return tokenProbeInfo(*this, "symbol", [this](int64_t id) { return m_vocab.symbol(id); }, "= ");
}

}  // namespace fpt::core
