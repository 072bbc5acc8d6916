// SPDX-License-Identifier: MIT
// Re-running this executable as child processes (fpt launch's ranks, fpt study --jobs' shards).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace fpt::app {

/// This executable's path (/proc/self/exe); throws core::Error naming `who` when unreadable.
std::string selfExecutable(const std::string& who);

/// NULL-terminated char* views of `strings` for execve (valid while `strings` lives unchanged).
std::vector<char*> argvPointers(std::vector<std::string>& strings);

/// This process's environment with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set to
/// cores / processes (at least 1) unless the user set them: N processes share the box's cores.
std::vector<std::string> sharedCoresEnvironment(int processes);

/// Runs `exe args...` as `processes` children (args of child k from makeArgs(k)), sharing this
/// process's stdout/stderr, and waits for all of them. SIGINT/SIGTERM sent to this process are
/// passed on to the children, which stop cleanly. Returns each child's exit code (128 + signal
/// when killed).
std::vector<int> runChildren(const std::string& exe, int processes,
                             const std::function<std::vector<std::string>(int child)>& makeArgs);

}  // namespace fpt::app
