// SPDX-License-Identifier: MIT
// ListOps generation by rejection sampling; a draw is abandoned as soon as it outgrows
// max_tokens, which keeps every attempt cheap without changing the accepted distribution.
#include "core/data/listops_generator.h"

#include "core/config/error.h"

#include <algorithm>
#include <array>

namespace fpt::core {

namespace {

constexpr std::array<const char*, 4> kOperators = {"[MIN", "[MAX", "[MED", "[SM"};
constexpr std::array<const char*, 10> kDigits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
constexpr int64_t kMaxAttemptsPerExample = 100000;

// Tokens of the shortest possible expression: "( ( ( [OP a ) b ) ] )".
constexpr int64_t kShortestExpression = 10;

int applyOperator(size_t op, std::vector<int>& values) {
    switch (op) {
        case 0:
            return *std::min_element(values.begin(), values.end());
        case 1:
            return *std::max_element(values.begin(), values.end());
        case 2: {
            // LRA: int(np.median(values)); an even count averages the two middle values, floored.
            std::sort(values.begin(), values.end());
            const size_t n = values.size();
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
        default: {
            int sum = 0;
            for (int v : values) {
                sum += v;
            }
            return sum % 10;
        }
    }
}

}  // namespace

ListOpsGenerator::ListOpsGenerator(const ListOpsGeneratorOptions& options, uint64_t seed)
    : m_options(options)
    , m_rng(seed) {
    std::string problem;
    if (options.max_depth < 1 || options.max_depth > 100) {
        problem = "max_depth must be in 1..100, got " + std::to_string(options.max_depth);
    } else if (options.max_args < 2 || options.max_args > 1000) {
        problem = "max_args must be in 2..1000, got " + std::to_string(options.max_args);
    } else if (options.max_tokens < kShortestExpression) {
        problem = "max_tokens must be >= " + std::to_string(kShortestExpression) +
                  " (the shortest expression), got " + std::to_string(options.max_tokens);
    } else if (options.min_tokens > options.max_tokens) {
        problem = "min_tokens (" + std::to_string(options.min_tokens) + ") exceeds max_tokens (" +
                  std::to_string(options.max_tokens) + ")";
    } else if (!(options.operator_probability >= 0.0 && options.operator_probability <= 1.0)) {
        problem = "operator_probability must be in [0, 1]";
    }
    if (!problem.empty()) {
        throw ConfigError("ListOps generator: " + problem);
    }
}

void ListOpsGenerator::emit(const char* token) {
    if (!m_source.empty()) {
        m_source.push_back(' ');
    }
    m_source += token;
    ++m_tokens;
}

int ListOpsGenerator::appendNode(int64_t depth, bool forceOperator) {
    const double r = depth < m_options.max_depth ? m_rng.uniform01() : 1.0;
    if (!forceOperator && r >= m_options.operator_probability) {
        const auto digit = static_cast<size_t>(m_rng.uniformInt(0, 9));
        emit(kDigits[digit]);
        return m_tokens > m_options.max_tokens ? -1 : static_cast<int>(digit);
    }
    const int64_t count = m_rng.uniformInt(2, m_options.max_args);
    const auto op =
        static_cast<size_t>(m_rng.uniformInt(0, static_cast<int64_t>(kOperators.size()) - 1));
    // LRA nests binary pairs: (((op, a), b), END) prints one "(" per pair before the operator,
    // so this node needs at least 3 * count + 4 tokens; give up early when they cannot fit.
    if (m_tokens + 3 * count + 4 > m_options.max_tokens) {
        return -1;
    }
    for (int64_t i = 0; i <= count; ++i) {
        emit("(");
    }
    emit(kOperators[op]);
    std::vector<int> values;
    values.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        const int value = appendNode(depth + 1, false);
        if (value < 0) {
            return -1;
        }
        values.push_back(value);
        emit(")");
    }
    emit("]");
    emit(")");
    return m_tokens > m_options.max_tokens ? -1 : applyOperator(op, values);
}

ListOpsExample ListOpsGenerator::next() {
    for (int64_t attempt = 0; attempt < kMaxAttemptsPerExample; ++attempt) {
        m_source.clear();
        m_tokens = 0;
        const int value = appendNode(1, true);
        if (value >= 0 && m_tokens >= m_options.min_tokens) {
            ListOpsExample example;
            example.source = m_source;
            example.target = value;
            return example;
        }
    }
    throw ConfigError("ListOps generator: no expression with " +
                      std::to_string(m_options.min_tokens) + ".." +
                      std::to_string(m_options.max_tokens) + " tokens in " +
                      std::to_string(kMaxAttemptsPerExample) +
                      " draws; widen the token range or change max_depth / max_args");
}

std::vector<ListOpsExample> ListOpsGenerator::generateDistinct(
    int64_t count, std::unordered_set<std::string>& seen) {
    std::vector<ListOpsExample> examples;
    examples.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
    int64_t duplicatesInARow = 0;
    while (static_cast<int64_t>(examples.size()) < count) {
        ListOpsExample example = next();
        if (!seen.insert(example.source).second) {
            if (++duplicatesInARow > 10000) {
                throw ConfigError("ListOps generator: only " + std::to_string(seen.size()) +
                                  " distinct expressions found; the options allow too few for " +
                                  std::to_string(count) + " examples");
            }
            continue;
        }
        duplicatesInARow = 0;
        examples.push_back(std::move(example));
    }
    return examples;
}

}  // namespace fpt::core
