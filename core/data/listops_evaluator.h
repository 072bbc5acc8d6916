// SPDX-License-Identifier: MIT
// Evaluates a ListOps expression from its LRA token string with an operand stack; written
// independently of ListOpsGenerator so the two can check each other.
#pragma once

#include <cstdint>
#include <string>

namespace fpt::core {

/// Stateless evaluator of LRA ListOps strings (brackets kept): "[MAX", "[MIN", "[MED", "[SM"
/// open an operator, "]" closes it, digits are operands, "(" / ")" are tree grouping only.
/// MED of an even count is the floor of the mean of the two middle values (LRA: int(np.median)).
class ListOpsEvaluator {
public:
    /// The value (0..9) of `source`. Throws DatasetError "<where>: ..." for an unknown token, an
    /// operator without operands, unbalanced "(" ")" or "[OP" "]", or not exactly one top-level
    /// value.
    static int64_t evaluate(const std::string& source, const std::string& where);
};

}  // namespace fpt::core
