// SPDX-License-Identifier: MIT
// Reader for Long Range Arena ListOps TSVs (listops-1000/basic_{train,val,test}.tsv): a header
// "Source<TAB>Target", then one expression and its value (0..9) per line.
#pragma once

#include "core/config/dataset_types.h"
#include "core/data/listops_vocab.h"

#include <string>
#include <vector>

namespace fpt::core {

/// Parses TSV text held in memory. Throws DatasetError "<origin>:<line>: ..." for a missing or
/// wrong header, a line without exactly one tab, an empty Source, or a Target that is not 0..9;
/// and for an empty file or one with no examples. Blank lines are skipped.
std::vector<ListOpsExample> parseListOpsTsv(const std::string& text, const std::string& origin);

/// Reads and parses a TSV file; a missing file names it and says where the LRA files go.
std::vector<ListOpsExample> readListOpsTsv(const std::string& path);

/// Tokenises examples with `vocab`, truncates each to maxLength ids and right-pads with 0 (as
/// the paper code); ids are stored as uint8 to keep 96k x 512 tokens small. An unknown token
/// throws DatasetError naming "<origin>:<line>".
ListOpsTokens encodeListOps(const std::vector<ListOpsExample>& examples,
                            const ListOpsVocab& vocab,
                            int64_t maxLength,
                            const std::string& origin);

}  // namespace fpt::core
