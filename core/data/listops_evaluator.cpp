// SPDX-License-Identifier: MIT
// Stack of open operators, each keeping a histogram of its operands' digits.
#include "core/data/listops_evaluator.h"

#include "core/config/error.h"

#include <array>
#include <sstream>
#include <vector>

namespace fpt::core {

namespace {

enum class Op { Max, Min, Med, Sum };

struct OpenOperator {
    Op op = Op::Max;
    std::array<int64_t, 10> counts{};  // how often each digit occurs among the operands
    int64_t operands = 0;
};

// The digit of 0-based rank `rank` in the sorted operands.
int64_t digitAtRank(const OpenOperator& frame, int64_t rank) {
    int64_t seen = 0;
    for (int64_t digit = 0; digit < 10; ++digit) {
        seen += frame.counts[static_cast<size_t>(digit)];
        if (seen > rank) {
            return digit;
        }
    }
    return 9;
}

int64_t reduce(const OpenOperator& frame) {
    switch (frame.op) {
        case Op::Max:
            return digitAtRank(frame, frame.operands - 1);
        case Op::Min:
            return digitAtRank(frame, 0);
        case Op::Med:
            return (digitAtRank(frame, (frame.operands - 1) / 2) +
                    digitAtRank(frame, frame.operands / 2)) /
                   2;
        case Op::Sum: {
            int64_t sum = 0;
            for (int64_t digit = 0; digit < 10; ++digit) {
                sum += digit * frame.counts[static_cast<size_t>(digit)];
            }
            return sum % 10;
        }
    }
    return 0;
}

}  // namespace

int64_t ListOpsEvaluator::evaluate(const std::string& source, const std::string& where) {
    std::vector<OpenOperator> stack;
    int64_t parenDepth = 0;
    int64_t result = -1;
    int64_t position = 0;
    auto fail = [&](const std::string& message) {
        return DatasetError(where + ": token " + std::to_string(position) + ": " + message);
    };
    auto deliver = [&](int64_t value) {
        if (stack.empty()) {
            if (result >= 0) {
                throw fail("more than one top-level value");
            }
            result = value;
        } else {
            ++stack.back().counts[static_cast<size_t>(value)];
            ++stack.back().operands;
        }
    };
    std::istringstream in(source);
    std::string token;
    for (; in >> token; ++position) {
        if (token == "(") {
            ++parenDepth;
        } else if (token == ")") {
            if (--parenDepth < 0) {
                throw fail("')' without a matching '('");
            }
        } else if (token == "[MAX" || token == "[MIN" || token == "[MED" || token == "[SM") {
            OpenOperator frame;
            frame.op = token == "[MAX"   ? Op::Max
                       : token == "[MIN" ? Op::Min
                       : token == "[MED" ? Op::Med
                                         : Op::Sum;
            stack.push_back(frame);
        } else if (token == "]") {
            if (stack.empty()) {
                throw fail("']' without an open operator");
            }
            const OpenOperator frame = stack.back();
            stack.pop_back();
            if (frame.operands == 0) {
                throw fail("operator without operands");
            }
            deliver(reduce(frame));
        } else if (token.size() == 1 && token[0] >= '0' && token[0] <= '9') {
            deliver(token[0] - '0');
        } else {
            throw fail("unknown ListOps token '" + token + "'");
        }
    }
    if (!stack.empty()) {
        throw fail(std::to_string(stack.size()) + " operator(s) not closed with ']'");
    }
    if (parenDepth != 0) {
        throw fail(std::to_string(parenDepth) + " '(' not closed");
    }
    if (result < 0) {
        throw fail("no value (empty expression)");
    }
    return result;
}

}  // namespace fpt::core
