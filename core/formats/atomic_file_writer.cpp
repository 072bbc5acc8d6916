// SPDX-License-Identifier: MIT
// POSIX implementation of AtomicFileWriter: temp file in the same directory, fsync, rename.
#include "core/formats/atomic_file_writer.h"

#include "core/config/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fpt::core {

namespace {

std::string errnoText() { return std::strerror(errno); }

std::string tempNameFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void fsyncDirectoryOf(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) {
        dir = ".";
    }
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::string path)
    : m_path(std::move(path))
    , m_tmpPath(tempNameFor(m_path)) {
    m_fd = ::open(m_tmpPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw Error("cannot create '" + m_tmpPath + "': " + errnoText());
    }
}

AtomicFileWriter::~AtomicFileWriter() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_committed) {
        ::unlink(m_tmpPath.c_str());
    }
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, bytes, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error("writing '" + m_path + "': " + errnoText());
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFileWriter::commit() {
    if (::fsync(m_fd) != 0) {
        throw Error("writing '" + m_path + "' (fsync): " + errnoText());
    }
    if (::close(m_fd) != 0) {
        m_fd = -1;
        throw Error("writing '" + m_path + "' (close): " + errnoText());
    }
    m_fd = -1;
    if (::rename(m_tmpPath.c_str(), m_path.c_str()) != 0) {
        throw Error("cannot rename '" + m_tmpPath + "' to '" + m_path + "': " + errnoText());
    }
    m_committed = true;
    fsyncDirectoryOf(m_path);
}

void AtomicFileWriter::writeText(const std::string& path, const std::string& text) {
    AtomicFileWriter writer(path);
    writer.write(text);
    writer.commit();
}

}  // namespace fpt::core
