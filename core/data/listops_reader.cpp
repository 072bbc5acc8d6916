// SPDX-License-Identifier: MIT
// LRA ListOps TSV parsing and fixed-length encoding.
#include "core/data/listops_reader.h"

#include "core/data/text_lines.h"

#include "core/formats/dataset_file.h"
#include "core/config/error.h"

#include <algorithm>

namespace fpt::core {

namespace {

std::string where(const std::string& origin, int64_t line) {
    return origin + ":" + std::to_string(line);
}

// LRA's basic_train.tsv (96k expressions of up to ~5k tokens) is several hundred MB.
constexpr int64_t kMaxListOpsFileBytes = int64_t{2} << 30;

std::string shorten(const std::string& text) {
    return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

}  // namespace

std::vector<ListOpsExample> parseListOpsTsv(const std::string& text, const std::string& origin) {
    if (text.empty()) {
        throw DatasetError(origin +
                           ": empty file; expected a header 'Source<TAB>Target' and "
                           "LRA ListOps examples");
    }
    std::vector<ListOpsExample> examples;
    TextLines lines(text);
    std::string line;
    bool sawHeader = false;
    while (lines.next(line)) {
        const int64_t lineNumber = lines.number();
        if (!sawHeader) {
            if (line != "Source\tTarget") {
                throw DatasetError(where(origin, lineNumber) +
                                   ": expected the header 'Source<TAB>Target', found '" +
                                   shorten(line) + "'");
            }
            sawHeader = true;
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        const size_t tab = line.find('\t');
        if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
            throw DatasetError(where(origin, lineNumber) +
                               ": expected 'Source<TAB>Target' (exactly one tab), found '" +
                               shorten(line) + "'");
        }
        ListOpsExample example;
        example.source = line.substr(0, tab);
        example.line = lineNumber;
        const std::string target = line.substr(tab + 1);
        if (example.source.find_first_not_of(' ') == std::string::npos) {
            throw DatasetError(where(origin, lineNumber) + ": empty Source expression");
        }
        if (target.size() != 1 || target[0] < '0' || target[0] > '9') {
            throw DatasetError(where(origin, lineNumber) + ": Target '" + shorten(target) +
                               "' is not a digit 0..9");
        }
        example.target = target[0] - '0';
        examples.push_back(std::move(example));
    }
    if (examples.empty()) {
        throw DatasetError(origin + ": no examples after the header");
    }
    return examples;
}

std::vector<ListOpsExample> readListOpsTsv(const std::string& path) {
    return parseListOpsTsv(
        readDatasetFile(path,
                        "put the LRA ListOps files (listops-1000/basic_{train,val,test}.tsv "
                        "from the Long Range Arena release) there, or use task.source "
                        "\"generate\"",
                        kMaxListOpsFileBytes),
        path);
}

ListOpsTokens encodeListOps(const std::vector<ListOpsExample>& examples,
                            const ListOpsVocab& vocab,
                            int64_t maxLength,
                            const std::string& origin) {
    const auto count = static_cast<int64_t>(examples.size());
    ListOpsTokens out;
    out.tokens = torch::zeros({count, maxLength}, torch::kUInt8);
    out.targets = torch::empty({count}, torch::kInt64);
    uint8_t* tokens = out.tokens.data_ptr<uint8_t>();
    int64_t* targets = out.targets.data_ptr<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
        const ListOpsExample& example = examples[static_cast<size_t>(i)];
        const std::vector<int64_t> ids = vocab.encode(
            example.source, example.line > 0 ? where(origin, example.line)
                                             : origin + " example " + std::to_string(i));
        const auto kept = std::min<int64_t>(static_cast<int64_t>(ids.size()), maxLength);
        std::transform(ids.begin(), ids.begin() + kept, tokens + i * maxLength,
                       [](int64_t id) { return static_cast<uint8_t>(id); });
        if (static_cast<int64_t>(ids.size()) > maxLength) {
            ++out.truncated;
        }
        targets[i] = example.target;
    }
    return out;
}

}  // namespace fpt::core
