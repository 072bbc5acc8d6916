// SPDX-License-Identifier: MIT
// flock(2) on the huggingface_hub lock file, polled so a cancel (Ctrl-C) is seen while waiting.
#include "core/hub/hub_file_lock.h"

#include "core/hub/hub_cache.h"
#include "core/hub/hub_error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

namespace fpt::core {

HubFileLock::HubFileLock(const std::string& path, const std::function<bool()>& keepWaiting) {
    HubCache::makeFolder(std::filesystem::path(path).parent_path().string());
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw HubError("cannot create the lock file '" + path + "': " + std::strerror(errno));
    }
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err != EWOULDBLOCK && err != EINTR) {
            ::close(m_fd);
            throw HubError("cannot lock '" + path + "': " + std::strerror(err));
        }
        if (!keepWaiting()) {
            ::close(m_fd);
            throw HubError("stopped while another download held '" + path + "'");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

HubFileLock::~HubFileLock() {
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
}

}  // namespace fpt::core
