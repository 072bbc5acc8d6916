// SPDX-License-Identifier: MIT
// The ListOps token vocabulary in two flavours: ours keeps the brackets (18 ids); the paper
// code's TFDS tokeniser keeps only alphanumeric runs, losing ( ) ] (15 ids, fpt-paper.md §1.3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

/// Maps LRA ListOps strings to token ids. Id 0 is padding in both flavours.
///  keep brackets: 0 <pad>, 1 (, 2 ), 3 [MAX, 4 [MIN, 5 [MED, 6 [SM, 7 ], 8..17 digits 0..9
///  drop brackets: 0 <pad>, 1 MAX, 2 MIN, 3 MED, 4 SM, 5..14 digits 0..9
/// Immutable after construction; safe to share between threads.
class ListOpsVocab {
public:
    static constexpr int64_t kPad = 0;

    explicit ListOpsVocab(bool dropBrackets);

    /// Number of ids including <pad> (18, or 15 with dropBrackets).
    int64_t size() const { return static_cast<int64_t>(m_symbols.size()); }

    bool dropsBrackets() const { return m_dropBrackets; }

    /// Token ids of one Source string. Keeping brackets, tokens are the space-separated words;
    /// dropping them, tokens are the maximal alphanumeric runs (as TFDS's tokenizer). Throws
    /// DatasetError "<where>: unknown ListOps token 'x'" for anything outside the vocabulary.
    std::vector<int64_t> encode(const std::string& source, const std::string& where) const;

    /// The symbol of an id ("<pad>" for 0); throws std::out_of_range for an invalid id.
    const std::string& symbol(int64_t id) const;

private:
    int64_t lookup(const std::string& token, const std::string& where) const;

    bool m_dropBrackets;
    std::vector<std::string> m_symbols;
};

}  // namespace fpt::core
