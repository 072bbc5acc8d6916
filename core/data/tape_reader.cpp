// SPDX-License-Identifier: MIT
// TAPE remote-homology records from JSON / JSON Lines / FASTA, and iupac tokenisation.
#include "core/data/tape_reader.h"

#include "core/data/text_lines.h"

#include "core/config/json_file.h"
#include "core/formats/dataset_file.h"
#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <filesystem>

namespace fpt::core {

namespace {

const std::array<std::string, 5> kTapeSplits = {"train", "valid", "test_fold_holdout",
                                                "test_superfamily_holdout", "test_family_holdout"};

std::string conversionHint(const std::string& dir) {
    return "convert TAPE's LMDB split to remote_homology_<split>.jsonl in " + dir +
           " (one-off Python snippet in docs/data.md)";
}

ProteinRecord recordFromJson(const nlohmann::json& object,
                             const std::string& where,
                             int64_t record) {
    if (!object.is_object()) {
        throw DatasetError(where +
                           ": expected a JSON object with \"primary\" and \"fold_label\", "
                           "found " +
                           std::string(object.type_name()));
    }
    const auto primary = object.find("primary");
    if (primary == object.end() || !primary->is_string()) {
        throw DatasetError(where + ": missing string field \"primary\" (amino-acid sequence)");
    }
    const auto label = object.find("fold_label");
    if (label == object.end() || !label->is_number_integer()) {
        throw DatasetError(where + ": missing integer field \"fold_label\" (0..1194)");
    }
    const auto value = label->get<int64_t>();
    if (value < 0 || value >= kHomologyClasses) {
        throw DatasetError(where + ": fold_label " + std::to_string(value) +
                           " is out of range 0.." + std::to_string(kHomologyClasses - 1));
    }
    ProteinRecord out;
    out.primary = primary->get<std::string>();
    if (out.primary.empty()) {
        throw DatasetError(where + ": empty \"primary\" sequence");
    }
    out.fold_label = value;
    out.record = record;
    return out;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Parses the FASTA header after '>': a "fold_label=N" word, else a lone integer word.
int64_t fastaLabel(const std::string& header, const std::string& where) {
    std::string labelText;
    size_t pos = 0;
    std::string firstWord;
    while (pos < header.size()) {
        const size_t begin = header.find_first_not_of(" \t", pos);
        if (begin == std::string::npos) {
            break;
        }
        const size_t end = std::min(header.find_first_of(" \t", begin), header.size());
        const std::string word = header.substr(begin, end - begin);
        if (firstWord.empty()) {
            firstWord = word;
        }
        if (word.rfind("fold_label=", 0) == 0) {
            labelText = word.substr(std::strlen("fold_label="));
            break;
        }
        pos = end;
    }
    if (labelText.empty()) {
        labelText = firstWord;
    }
    const bool numeric = !labelText.empty() && labelText.size() <= 9 &&
                         std::all_of(labelText.begin(), labelText.end(),
                                     [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) {
        throw DatasetError(
            where + ": FASTA header '>" + header.substr(0, 60) +
            "' has no valid label; expected '>name fold_label=N' or '>N' with N in 0..1194");
    }
    const int64_t label = std::stoll(labelText);
    if (label >= kHomologyClasses) {
        throw DatasetError(where + ": fold_label " + labelText + " is out of range 0.." +
                           std::to_string(kHomologyClasses - 1));
    }
    return label;
}

}  // namespace

std::vector<ProteinRecord> parseTapeJson(const std::string& text, const std::string& origin) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw DatasetError(origin +
                           ": empty file; expected a JSON array of "
                           "{\"primary\": ..., \"fold_label\": ...} records");
    }
    const nlohmann::json document = parseJsonText<DatasetError>(text, origin);
    if (!document.is_array()) {
        throw DatasetError(origin + ": expected a JSON array of records, found " +
                           std::string(document.type_name()));
    }
    std::vector<ProteinRecord> records;
    records.reserve(document.size());
    for (size_t i = 0; i < document.size(); ++i) {
        records.push_back(recordFromJson(document[i], origin + ": record " + std::to_string(i + 1),
                                         static_cast<int64_t>(i + 1)));
    }
    if (records.empty()) {
        throw DatasetError(origin + ": the JSON array holds no records");
    }
    return records;
}

std::vector<ProteinRecord> parseTapeJsonLines(const std::string& text, const std::string& origin) {
    std::vector<ProteinRecord> records;
    TextLines lines(text);
    std::string line;
    while (lines.next(line)) {
        const int64_t lineNumber = lines.number();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        const std::string where = origin + ":" + std::to_string(lineNumber);
        records.push_back(recordFromJson(parseJsonText<DatasetError>(line, where), where, lineNumber));
    }
    if (records.empty()) {
        throw DatasetError(origin + ": no records; expected one JSON object per line");
    }
    return records;
}

std::vector<ProteinRecord> parseTapeFasta(const std::string& text, const std::string& origin) {
    std::vector<ProteinRecord> records;
    TextLines lines(text);
    std::string line;
    int64_t headerLine = 0;
    auto finish = [&] {
        if (!records.empty() && records.back().primary.empty()) {
            throw DatasetError(origin + ":" + std::to_string(headerLine) +
                               ": FASTA entry without sequence lines");
        }
    };
    while (lines.next(line)) {
        const int64_t lineNumber = lines.number();
        if (line.find_first_not_of(" \t") == std::string::npos || line[0] == ';') {
            continue;
        }
        const std::string where = origin + ":" + std::to_string(lineNumber);
        if (line[0] == '>') {
            finish();
            ProteinRecord record;
            record.fold_label = fastaLabel(line.substr(1), where);
            record.record = static_cast<int64_t>(records.size()) + 1;
            records.push_back(record);
            headerLine = lineNumber;
            continue;
        }
        if (records.empty()) {
            throw DatasetError(where + ": sequence line before the first '>' header");
        }
        for (char c : line) {
            if (std::isspace(static_cast<unsigned char>(c)) == 0) {
                records.back().primary.push_back(c);
            }
        }
    }
    finish();
    if (records.empty()) {
        throw DatasetError(origin + ": no FASTA records; expected '>name fold_label=N' headers");
    }
    return records;
}

std::vector<ProteinRecord> parseTapeRecords(const std::string& text, const std::string& origin) {
    if (endsWith(origin, ".jsonl")) {
        return parseTapeJsonLines(text, origin);
    }
    if (endsWith(origin, ".json")) {
        return parseTapeJson(text, origin);
    }
    if (endsWith(origin, ".fasta") || endsWith(origin, ".fa")) {
        return parseTapeFasta(text, origin);
    }
    throw DatasetError(origin + ": unknown record format; expected a .json, .jsonl or .fasta file");
}

std::string tapeSplitPath(const std::string& dir, const std::string& split) {
    if (std::find(kTapeSplits.begin(), kTapeSplits.end(), split) == kTapeSplits.end()) {
        throw DatasetError("unknown remote-homology split '" + split +
                           "'; expected train, valid, test_fold_holdout, "
                           "test_superfamily_holdout or test_family_holdout");
    }
    std::vector<std::string> found;
    for (const char* extension : {".jsonl", ".json", ".fasta"}) {
        const std::string path =
            (std::filesystem::path(dir) / ("remote_homology_" + split + extension)).string();
        if (datasetFileExists(path)) {
            found.push_back(path);
        }
    }
    if (found.empty()) {
        throw DatasetError("remote-homology split file '" +
                           (std::filesystem::path(dir) / ("remote_homology_" + split)).string() +
                           ".{jsonl,json,fasta}' not found; " + conversionHint(dir));
    }
    if (found.size() > 1) {
        throw DatasetError("remote-homology split '" + split + "' has several files (" + found[0] +
                           ", " + found[1] + "); keep only one");
    }
    return found[0];
}

std::vector<ProteinRecord> readTapeSplit(const std::string& dir, const std::string& split) {
    const std::string path = tapeSplitPath(dir, split);
    return parseTapeRecords(readDatasetFile(path, conversionHint(dir)), path);
}

std::vector<int64_t> encodeIupac(const std::string& primary) {
    std::vector<int64_t> ids;
    ids.reserve(primary.size() + 2);
    ids.push_back(kIupacCls);
    for (char c : primary) {
        const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const char* hit = upper == '\0' ? nullptr : std::strchr(kIupacLetters, upper);
        ids.push_back(hit == nullptr ? kIupacUnk : 5 + (hit - kIupacLetters));
    }
    ids.push_back(kIupacSep);
    return ids;
}

std::string iupacSymbol(int64_t id) {
    static const std::array<const char*, 5> kSpecial = {"<pad>", "<mask>", "<cls>", "<sep>",
                                                        "<unk>"};
    if (id >= 0 && id < 5) {
        return kSpecial[static_cast<size_t>(id)];
    }
    if (id >= 5 && id < kIupacVocabSize) {
        return std::string(1, kIupacLetters[id - 5]);
    }
    return "<" + std::to_string(id) + "?>";
}

ProteinTokens encodeProteins(const std::vector<ProteinRecord>& records, int64_t maxLength) {
    std::vector<int64_t> tokens;
    std::vector<int64_t> offsets{0};
    std::vector<int64_t> labels;
    ProteinTokens out;
    for (const ProteinRecord& record : records) {
        if (static_cast<int64_t>(record.primary.size()) + 2 > maxLength) {
            ++out.skipped;
            continue;
        }
        const std::vector<int64_t> ids = encodeIupac(record.primary);
        tokens.insert(tokens.end(), ids.begin(), ids.end());
        offsets.push_back(static_cast<int64_t>(tokens.size()));
        labels.push_back(record.fold_label);
    }
    out.tokens = torch::tensor(tokens, torch::kInt64);
    out.offsets = torch::tensor(offsets, torch::kInt64);
    out.labels = torch::tensor(labels, torch::kInt64);
    return out;
}

}  // namespace fpt::core
