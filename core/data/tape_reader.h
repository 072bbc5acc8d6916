// SPDX-License-Identifier: MIT
// Reader for TAPE remote-homology records (`primary` amino acids, `fold_label` 0..1194) as JSON,
// JSON Lines or FASTA, and TAPE's 30-id iupac tokeniser. TAPE ships LMDB folders of pickled
// dicts, which we never unpickle; docs/data.md shows the one-off conversion to JSON Lines.
#pragma once

#include "core/config/dataset_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

// TAPE iupac vocabulary: 0 <pad>, 1 <mask>, 2 <cls>, 3 <sep>, 4 <unk>, 5..29 = the letters of
// kIupacLetters in order.
inline constexpr int64_t kIupacVocabSize = 30;
inline constexpr int64_t kIupacPad = 0;
inline constexpr int64_t kIupacCls = 2;
inline constexpr int64_t kIupacSep = 3;
inline constexpr int64_t kIupacUnk = 4;
inline constexpr const char* kIupacLetters = "ABCDEFGHIKLMNOPQRSTUVWXYZ";
inline constexpr int64_t kHomologyClasses = 1195;

/// A JSON array of objects, each with a string "primary" and an integer "fold_label" in
/// 0..1194 (other fields are ignored). Throws DatasetError naming `origin` and the record.
std::vector<ProteinRecord> parseTapeJson(const std::string& text, const std::string& origin);

/// JSON Lines: one such object per non-blank line; errors name `origin`:<line>.
std::vector<ProteinRecord> parseTapeJsonLines(const std::string& text, const std::string& origin);

/// FASTA with the label in the header: ">name fold_label=N ..." or ">N". Sequence lines are
/// concatenated; errors name `origin`:<line>.
std::vector<ProteinRecord> parseTapeFasta(const std::string& text, const std::string& origin);

/// Dispatches on the extension of `origin` (.json, .jsonl, .fasta / .fa).
std::vector<ProteinRecord> parseTapeRecords(const std::string& text, const std::string& origin);

/// The file of a split in `dir`: remote_homology_<split>.{jsonl,json,fasta}. Throws DatasetError
/// when the split name is unknown, no file exists (with how to make one) or several do.
std::string tapeSplitPath(const std::string& dir, const std::string& split);

/// Reads and parses the split's file.
std::vector<ProteinRecord> readTapeSplit(const std::string& dir, const std::string& split);

/// TAPE iupac ids of one sequence: [cls] + residues + [sep]. ASCII letters are upper-cased;
/// anything outside the 25 letters becomes <unk>.
std::vector<int64_t> encodeIupac(const std::string& primary);

/// The symbol of an iupac id: "<pad>", "<mask>", "<cls>", "<sep>", "<unk>" or the letter.
std::string iupacSymbol(int64_t id);

/// Tokenises records; those whose encoded length (with cls/sep) exceeds maxLength are skipped
/// and counted in `skipped`, as the paper code drops sequences longer than 1024 tokens.
ProteinTokens encodeProteins(const std::vector<ProteinRecord>& records, int64_t maxLength);

}  // namespace fpt::core
