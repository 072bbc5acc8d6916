// SPDX-License-Identifier: MIT
// A text corpus as bytes for language pretraining: plain-text files and folders, Brown-corpus files
// (`word/tag` tokens) with their tags stripped, a deterministic train/validation split, and the
// unigram (byte-frequency) baseline that a language model has to beat.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fpt::core {

/// How a file's text is read: Brown (strip `/tag` from every token), Plain (bytes as they are), or
/// Auto (Brown for files named like the corpus' c[a-r][0-9][0-9], Plain otherwise).
enum class CorpusFormat { Auto, Plain, Brown };

/// "auto", "plain" or "brown" -> CorpusFormat; throws ConfigError otherwise.
CorpusFormat parseCorpusFormat(const std::string& name);

/// One loaded document (a file) and where it went.
struct CorpusDocument {
    std::string path;         // as found on disk
    int64_t file_bytes = 0;   // size on disk
    int64_t text_bytes = 0;   // after tag stripping
    bool brown = false;       // tags were stripped
    bool validation = false;  // the whole document is held out
};

/// The Brown corpus' text without tags: each line's whitespace-separated `word/tag` tokens become
/// `word` (cut at the last '/', so `1-1/2/cd` -> `1-1/2`), joined by single spaces; blank lines go.
std::string stripBrownTags(const std::string& text);

/// True for Brown corpus file names: c[a-r][0-9][0-9].
bool isBrownFileName(const std::string& fileName);

/// Immutable after construction; thread-safe to read.
class ByteCorpus {
public:
    /// Loads files and folders (folders recursively; hidden files skipped; sorted by path so the
    /// split never depends on directory order). Throws DatasetError naming the path.
    static ByteCorpus load(const std::vector<std::string>& paths,
                           CorpusFormat format = CorpusFormat::Auto,
                           int64_t holdoutEvery = 20);

    /// From in-memory (name, text) documents, already in their final text form (tests, tools).
    static ByteCorpus fromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                int64_t holdoutEvery = 20);

    /// Training bytes, all training documents joined by '\n': (N_train) uint8.
    const torch::Tensor& trainBytes() const { return m_train; }

    /// Held-out bytes: (N_val) uint8.
    const torch::Tensor& validationBytes() const { return m_validation; }

    const std::vector<CorpusDocument>& documents() const { return m_documents; }

    /// The split rule in words, e.g. "every 20th file (files 20, 40, ... in path order)".
    const std::string& holdoutRule() const { return m_holdoutRule; }

    /// Cross-entropy, in bits per byte, of the validation bytes under the training bytes' byte
    /// frequencies (add-one smoothed): what a model that ignores context scores.
    double unigramBitsPerByte() const;

    /// Files, bytes, split and baseline for pretrain.json.
    nlohmann::json describe() const;

private:
    ByteCorpus(std::vector<CorpusDocument> documents,
               const std::vector<std::string>& texts,
               int64_t holdoutEvery);

    std::vector<CorpusDocument> m_documents;
    torch::Tensor m_train;
    torch::Tensor m_validation;
    std::string m_holdoutRule;
};

}  // namespace fpt::core
