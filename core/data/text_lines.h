// SPDX-License-Identifier: MIT
// Walks a text file's lines (LF or CRLF, last line with or without a newline), counting them,
// for the line-based dataset readers (ListOps TSV, TAPE FASTA).
#pragma once

#include <cstdint>
#include <string>

namespace fpt::core {

class TextLines {
public:
    explicit TextLines(const std::string& text)
        : m_text(text) {}

    /// The next line without its '\n' or "\r\n"; false at the end of the text.
    bool next(std::string& line) {
        if (m_pos >= m_text.size()) {
            return false;
        }
        std::size_t end = m_text.find('\n', m_pos);
        if (end == std::string::npos) {
            end = m_text.size();
        }
        line.assign(m_text, m_pos, end - m_pos);
        m_pos = end + 1;
        ++m_number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        return true;
    }

    /// 1-based number of the line last returned by next().
    int64_t number() const { return m_number; }

private:
    const std::string& m_text;
    std::size_t m_pos = 0;
    int64_t m_number = 0;
};

}  // namespace fpt::core
