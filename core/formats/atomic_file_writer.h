// SPDX-License-Identifier: MIT
// Writes a file under a temporary name and renames it into place on commit(), so a kill or a full
// disk never leaves a half-written file where a complete one is expected.
#pragma once

#include <cstddef>
#include <string>

namespace fpt::core {

/// Not thread-safe; one writer per target path. Throws Error (with the path) on any I/O failure;
/// the temporary file is removed unless commit() succeeded.
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(std::string path);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }

    /// fsync, close, rename over the target, fsync the directory.
    void commit();

    /// Convenience: writes `text` to `path` atomically.
    static void writeText(const std::string& path, const std::string& text);

private:
    std::string m_path;
    std::string m_tmpPath;
    int m_fd = -1;
    bool m_committed = false;
};

}  // namespace fpt::core
