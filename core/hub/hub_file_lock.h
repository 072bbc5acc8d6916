// SPDX-License-Identifier: MIT
// An exclusive lock on {cache}/.locks/models--{org}--{name}/{etag}.lock, the lock file
// huggingface_hub itself takes (flock), so two downloads of one blob (two fpt processes, fpt and
// Python, the explorer and the CLI) never write the same .incomplete file at once.
#pragma once

#include <functional>
#include <string>

namespace fpt::core {

class HubFileLock {
public:
    /// Creates the lock file's folder and waits for the lock, asking `keepWaiting` every 200 ms
    /// while another process holds it. Throws HubError when the file cannot be made or locked, or
    /// when `keepWaiting` returns false.
    HubFileLock(const std::string& path, const std::function<bool()>& keepWaiting);
    ~HubFileLock();
    HubFileLock(const HubFileLock&) = delete;
    HubFileLock& operator=(const HubFileLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace fpt::core
