// SPDX-License-Identifier: MIT
// Corpus loading, Brown tag stripping, the held-out split and the unigram baseline.
#include "core/data/byte_corpus.h"

#include "core/config/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxCorpusBytes = int64_t{1} << 31;  // 2 GiB: beyond that, stream instead

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DatasetError("corpus: cannot open '" + path.string() + "'");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw DatasetError("corpus: cannot read '" + path.string() + "'");
    }
    return text.str();
}

bool isHidden(const fs::path& path) {
    const auto name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

/// Every regular file under `paths`, sorted, without duplicates.
std::vector<fs::path> listFiles(const std::vector<std::string>& paths) {
    std::vector<fs::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) {
            files.emplace_back(p);
        } else if (fs::is_directory(p, ec)) {
            for (fs::recursive_directory_iterator it(p, ec), end; it != end; it.increment(ec)) {
                if (ec) {
                    break;
                }
                if (isHidden(it->path())) {
                    if (it->is_directory()) {
                        it.disable_recursion_pending();
                    }
                    continue;
                }
                if (it->is_regular_file()) {
                    files.push_back(it->path());
                }
            }
            if (ec) {
                throw DatasetError("corpus: cannot list '" + p + "': " + ec.message());
            }
        } else {
            throw DatasetError("corpus: '" + p + "' is neither a file nor a folder");
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

torch::Tensor bytesTensor(const std::string& text) {
    auto t = torch::empty({static_cast<int64_t>(text.size())}, torch::kUInt8);
    std::copy(text.begin(), text.end(), reinterpret_cast<char*>(t.data_ptr<uint8_t>()));
    return t;
}

}  // namespace

CorpusFormat parseCorpusFormat(const std::string& name) {
    if (name == "auto") {
        return CorpusFormat::Auto;
    }
    if (name == "plain") {
        return CorpusFormat::Plain;
    }
    if (name == "brown") {
        return CorpusFormat::Brown;
    }
    throw ConfigError("corpus format '" + name + "' is not auto, plain or brown");
}

std::string stripBrownTags(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) {
            end = text.size();
        }
        bool lineHasWord = false;
        std::size_t i = pos;
        while (i < end) {
            while (i < end && isSpace(text[i])) {
                ++i;
            }
            const std::size_t start = i;
            while (i < end && !isSpace(text[i])) {
                ++i;
            }
            if (start == i) {
                continue;
            }
            const auto token = text.substr(start, i - start);
            const auto slash = token.rfind('/');
            const auto word =
                slash == std::string::npos || slash == 0 ? token : token.substr(0, slash);
            if (!out.empty() && !lineHasWord) {
                out += '\n';
            } else if (lineHasWord) {
                out += ' ';
            }
            out += word;
            lineHasWord = true;
        }
        pos = end + 1;
    }
    return out;
}

bool isBrownFileName(const std::string& fileName) {
    return fileName.size() == 4 && fileName[0] == 'c' && fileName[1] >= 'a' && fileName[1] <= 'r' &&
           std::isdigit(static_cast<unsigned char>(fileName[2])) != 0 &&
           std::isdigit(static_cast<unsigned char>(fileName[3])) != 0;
}

ByteCorpus ByteCorpus::load(const std::vector<std::string>& paths,
                            CorpusFormat format,
                            int64_t holdoutEvery) {
    if (paths.empty()) {
        throw DatasetError("corpus: no files or folders given");
    }
    const auto files = listFiles(paths);
    std::vector<CorpusDocument> documents;
    std::vector<std::string> texts;
    int64_t total = 0;
    for (const auto& file : files) {
        auto raw = readFile(file);
        CorpusDocument doc;
        doc.path = file.string();
        doc.file_bytes = static_cast<int64_t>(raw.size());
        doc.brown = format == CorpusFormat::Brown ||
                    (format == CorpusFormat::Auto && isBrownFileName(file.filename().string()));
        auto text = doc.brown ? stripBrownTags(raw) : std::move(raw);
        doc.text_bytes = static_cast<int64_t>(text.size());
        total += doc.text_bytes;
        if (total > kMaxCorpusBytes) {
            throw DatasetError("corpus: more than 2 GiB of text (at '" + doc.path + "')");
        }
        if (doc.text_bytes == 0) {
            continue;  // an empty file adds nothing and would shift nothing
        }
        documents.push_back(std::move(doc));
        texts.push_back(std::move(text));
    }
    if (documents.empty()) {
        throw DatasetError("corpus: no text found in the given paths (first: '" + paths.front() +
                           "')");
    }
    return ByteCorpus(std::move(documents), texts, holdoutEvery);
}

ByteCorpus ByteCorpus::fromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                 int64_t holdoutEvery) {
    std::vector<CorpusDocument> documents;
    std::vector<std::string> bodies;
    for (const auto& [name, text] : texts) {
        CorpusDocument doc;
        doc.path = name;
        doc.file_bytes = doc.text_bytes = static_cast<int64_t>(text.size());
        documents.push_back(doc);
        bodies.push_back(text);
    }
    if (documents.empty()) {
        throw DatasetError("corpus: no documents");
    }
    return ByteCorpus(std::move(documents), bodies, holdoutEvery);
}

ByteCorpus::ByteCorpus(std::vector<CorpusDocument> documents,
                       const std::vector<std::string>& texts,
                       int64_t holdoutEvery)
    : m_documents(std::move(documents)) {
    if (holdoutEvery < 2) {
        throw ConfigError("corpus: holdout_every must be >= 2, got " +
                          std::to_string(holdoutEvery));
    }
    std::string train;
    std::string validation;
    auto append = [](std::string& to, const std::string& text) {
        if (!to.empty()) {
            to += '\n';
        }
        to += text;
    };
    const auto n = static_cast<int64_t>(m_documents.size());
    if (n >= holdoutEvery) {
        // Whole documents: the model is scored on text it never saw any part of.
        for (int64_t i = 0; i < n; ++i) {
            auto& doc = m_documents[static_cast<std::size_t>(i)];
            doc.validation = i % holdoutEvery == holdoutEvery - 1;
            append(doc.validation ? validation : train, texts[static_cast<std::size_t>(i)]);
        }
        m_holdoutRule = "every " + std::to_string(holdoutEvery) + "th file in path order (files " +
                        std::to_string(holdoutEvery) + ", " + std::to_string(2 * holdoutEvery) +
                        ", ...)";
    } else {
        // Too few files for that: the last 1/holdoutEvery of each file (at least one byte).
        const auto every = static_cast<std::size_t>(holdoutEvery);
        for (std::size_t i = 0; i < m_documents.size(); ++i) {
            const auto& text = texts[i];
            const auto cut = text.size() - (text.size() + every - 1) / every;
            append(train, text.substr(0, cut));
            if (cut < text.size()) {
                append(validation, text.substr(cut));
            }
        }
        m_holdoutRule = "the last 1/" + std::to_string(holdoutEvery) +
                        " of each file (fewer than " + std::to_string(holdoutEvery) + " files)";
    }
    if (train.empty() || validation.empty()) {
        throw DatasetError("corpus: too little text to hold out a validation part (" +
                           std::to_string(train.size() + validation.size()) + " bytes)");
    }
    m_train = bytesTensor(train);
    m_validation = bytesTensor(validation);
}

double ByteCorpus::unigramBitsPerByte() const {
    const auto trainCounts =
        torch::bincount(m_train.to(torch::kInt64), {}, 256).to(torch::kFloat64);
    const auto valCounts =
        torch::bincount(m_validation.to(torch::kInt64), {}, 256).to(torch::kFloat64);
    const auto p = (trainCounts + 1.0) / (trainCounts.sum() + 256.0);  // add-one smoothing
    const auto bits = -(valCounts * torch::log2(p)).sum() / valCounts.sum();
    return bits.item<double>();
}

nlohmann::json ByteCorpus::describe() const {
    int64_t fileBytes = 0;
    int64_t textBytes = 0;
    int64_t brownFiles = 0;
    std::vector<std::string> held;
    for (const auto& doc : m_documents) {
        fileBytes += doc.file_bytes;
        textBytes += doc.text_bytes;
        brownFiles += doc.brown ? 1 : 0;
        if (doc.validation) {
            held.push_back(fs::path(doc.path).filename().string());
        }
    }
    return {{"files", m_documents.size()},
            {"brown_files", brownFiles},
            {"file_bytes", fileBytes},
            {"text_bytes", textBytes},
            {"train_bytes", m_train.numel()},
            {"validation_bytes", m_validation.numel()},
            {"holdout", m_holdoutRule},
            {"validation_files", held},
            {"unigram_bits_per_byte", unigramBitsPerByte()}};
}

}  // namespace fpt::core
