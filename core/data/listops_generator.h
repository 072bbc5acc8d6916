// SPDX-License-Identifier: MIT
// Seeded generator of ListOps expressions in exactly the Long Range Arena string format
// ("( ( ( [MAX 2 ) 9 ) ] )"), with operators MAX, MIN, MED and SM (sum mod 10).
#pragma once

#include "core/config/dataset_types.h"
#include "core/config/seeded_rng.h"

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace fpt::core {

/// Draws random expression trees as LRA's listops.py does (a node is an operator with
/// probability operator_probability until max_depth, with 2..max_args operands, else a digit)
/// and serialises them the way LRA does: an operator with operands a, b, ... is written
/// "( ( ( [OP a ) b ) ... ] )". Expressions outside [min_tokens, max_tokens] are rejected and
/// redrawn; the root is always an operator (a lone digit is never long enough).
/// The value is computed on the generated tree (ListOpsEvaluator checks it independently).
/// Deterministic for a given (options, seed); not thread-safe.
class ListOpsGenerator {
public:
    /// Throws ConfigError for options no expression can satisfy.
    ListOpsGenerator(const ListOpsGeneratorOptions& options, uint64_t seed);

    /// The next expression and its value (line = 0).
    ListOpsExample next();

    /// `count` expressions whose Source is not in `seen`; each one is added to `seen`, so a
    /// shared set keeps a test and a train split disjoint. Throws ConfigError when the options
    /// admit too few distinct expressions.
    std::vector<ListOpsExample> generateDistinct(int64_t count,
                                                 std::unordered_set<std::string>& seen);

private:
    // Appends a subtree to m_source; returns its value, or -1 once max_tokens is exceeded.
    int appendNode(int64_t depth, bool forceOperator);
    void emit(const char* token);

    ListOpsGeneratorOptions m_options;
    SeededRng m_rng;
    std::string m_source;
    int64_t m_tokens = 0;
};

}  // namespace fpt::core
