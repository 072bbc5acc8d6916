// SPDX-License-Identifier: MIT
// Spawning and reaping fpt child processes (study --jobs, launch --nproc), forwarding signals.
#include "app/cli/child_processes.h"

#include "core/config/error.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

extern char** environ;

namespace fpt::app {

namespace {

constexpr int kMaxChildren = 256;
std::atomic<pid_t> g_children[kMaxChildren];
std::atomic<int> g_childCount{0};

extern "C" void forwardSignal(int sig) {
    const int n = g_childCount.load();
    for (int i = 0; i < n; ++i) {
        if (const pid_t pid = g_children[i].load(); pid > 0) {
            kill(pid, sig);
        }
    }
}

}  // namespace

std::vector<char*> argvPointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

std::string selfExecutable(const std::string& who) {
    std::vector<char> path(4096);
    const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0) {
        throw core::Error(who + ": cannot find its own executable (/proc/self/exe)");
    }
    return {path.data(), static_cast<size_t>(n)};
}

std::vector<std::string> sharedCoresEnvironment(int processes) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        env.emplace_back(*e);
    }
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const std::string threads = std::to_string(std::max(1U, cores / static_cast<unsigned>(std::max(processes, 1))));
    for (const char* name : {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"}) {
        if (std::getenv(name) == nullptr) {
            env.push_back(std::string(name).append("=").append(threads));
        }
    }
    return env;
}

std::vector<int> runChildren(const std::string& exe, int processes,
                             const std::function<std::vector<std::string>(int child)>& makeArgs) {
    if (processes < 1 || processes > kMaxChildren) {
        throw core::ConfigError("between 1 and " + std::to_string(kMaxChildren) + " child processes, got " +
                                std::to_string(processes));
    }
    auto env = sharedCoresEnvironment(processes);
    auto envp = argvPointers(env);
    std::vector<pid_t> pids;
    struct sigaction forward {};
    forward.sa_handler = forwardSignal;
    sigemptyset(&forward.sa_mask);
    struct sigaction oldInt {};
    struct sigaction oldTerm {};
    sigaction(SIGINT, &forward, &oldInt);
    sigaction(SIGTERM, &forward, &oldTerm);
    g_childCount.store(0);
    for (int k = 0; k < processes; ++k) {
        auto argv = makeArgs(k);
        argv.insert(argv.begin(), exe);
        auto argvp = argvPointers(argv);  // built before fork: the child only calls async-signal-safe code
        const pid_t pid = fork();
        if (pid < 0) {
            forwardSignal(SIGTERM);
            throw core::Error(std::string("fork: ") + std::strerror(errno));
        }
        if (pid == 0) {
            execve(exe.c_str(), argvp.data(), envp.data());
            constexpr std::string_view kMessage = "fpt: exec of a child process failed\n";
            (void)!write(STDERR_FILENO, kMessage.data(), kMessage.size());
            _exit(127);
        }
        pids.push_back(pid);
        g_children[k].store(pid);
        g_childCount.store(k + 1);
    }
    std::vector<int> codes(pids.size(), 0);
    for (std::size_t i = 0; i < pids.size(); ++i) {
        int status = 0;
        while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR) {
        }
        g_children[i].store(0);
        codes[i] = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    g_childCount.store(0);
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    return codes;
}

}  // namespace fpt::app
