// SPDX-License-Identifier: MIT
// ListOps tokenisers: whitespace words (brackets kept) or alphanumeric runs (paper code).
#include "core/data/listops_vocab.h"

#include "core/config/error.h"

#include <cctype>
#include <stdexcept>

namespace fpt::core {

ListOpsVocab::ListOpsVocab(bool dropBrackets)
    : m_dropBrackets(dropBrackets) {
    if (dropBrackets) {
        m_symbols = {"<pad>", "MAX", "MIN", "MED", "SM"};
    } else {
        m_symbols = {"<pad>", "(", ")", "[MAX", "[MIN", "[MED", "[SM", "]"};
    }
    for (char digit = '0'; digit <= '9'; ++digit) {
        m_symbols.emplace_back(1, digit);
    }
}

const std::string& ListOpsVocab::symbol(int64_t id) const {
    if (id < 0 || id >= size()) {
        throw std::out_of_range("ListOps token id " + std::to_string(id) + " outside 0.." +
                                std::to_string(size() - 1));
    }
    return m_symbols[static_cast<size_t>(id)];
}

int64_t ListOpsVocab::lookup(const std::string& token, const std::string& where) const {
    // 14-17 symbols: a linear scan is as fast as a map and keeps the order in one place.
    for (size_t id = 1; id < m_symbols.size(); ++id) {
        if (m_symbols[id] == token) {
            return static_cast<int64_t>(id);
        }
    }
    std::string expected;
    for (size_t id = 1; id < m_symbols.size(); ++id) {
        expected += (id == 1 ? "" : " ") + m_symbols[id];
    }
    throw DatasetError(where + ": unknown ListOps token '" + token + "'; expected one of " +
                       expected);
}

std::vector<int64_t> ListOpsVocab::encode(const std::string& source,
                                          const std::string& where) const {
    std::vector<int64_t> ids;
    std::string token;
    auto flush = [&] {
        if (!token.empty()) {
            ids.push_back(lookup(token, where));
            token.clear();
        }
    };
    for (char c : source) {
        const auto uc = static_cast<unsigned char>(c);
        const bool separator = m_dropBrackets ? std::isalnum(uc) == 0 : std::isspace(uc) != 0;
        if (separator) {
            flush();
        } else {
            token.push_back(c);
        }
    }
    flush();
    return ids;
}

}  // namespace fpt::core
