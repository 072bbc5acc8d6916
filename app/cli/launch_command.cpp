// SPDX-License-Identifier: MIT
// fpt launch: fork/exec of this binary as `fpt train` once per rank, torchrun-style environment
// (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) on a free loopback port. Rank 0's stdout passes
// through unchanged (the one JSON summary line); stderr lines get a "[rank R] " prefix. When a
// rank fails the others get SIGTERM, then SIGKILL after kKillGraceS, and launch exits non-zero.
#include "app/cli/launch_command.h"

#include "app/cli/child_processes.h"

#include "core/config/error.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fpt::app {

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kKillGraceS = 5.0;  // after SIGTERM, seconds before SIGKILL

volatile std::sig_atomic_t gSignals = 0;

extern "C" void onLaunchSignal(int /*signal*/) {
    gSignals = gSignals + 1;
}

struct LaunchArgs {
    int nproc = 2;
    int masterPort = 0;  // 0 = a free port
};

struct Rank {
    int rank = 0;
    pid_t pid = -1;
    std::array<int, 2> fds = {-1, -1};   // read ends of the child's stdout, stderr
    std::array<std::string, 2> pending;  // partial lines
    bool exited = false;
};

/// A port nobody listens on now (bind to :0, read it, close): rank 0's TCPStore takes it next.
int freeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(addr);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
        const std::string why = std::strerror(errno);
        if (fd >= 0) {
            close(fd);
        }
        throw core::Error("fpt launch: no free port on 127.0.0.1 (" + why + ")");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

/// This process's environment with the rank's variables set (replacing inherited ones).
std::vector<std::string> rankEnvironment(int rank, int world, int port) {
    const std::vector<std::pair<std::string, std::string>> set = {
        {"RANK", std::to_string(rank)},        {"LOCAL_RANK", std::to_string(rank)},
        {"WORLD_SIZE", std::to_string(world)}, {"LOCAL_WORLD_SIZE", std::to_string(world)},
        {"MASTER_ADDR", "127.0.0.1"},          {"MASTER_PORT", std::to_string(port)}};
    // Like torchrun: ranks sharing a box share its cores instead of each threading over all.
    std::vector<std::string> env;
    for (auto& entry : sharedCoresEnvironment(world)) {
        const auto name = entry.substr(0, entry.find('='));
        if (std::none_of(set.begin(), set.end(), [&](const auto& kv) { return kv.first == name; })) {
            env.push_back(std::move(entry));
        }
    }
    for (const auto& [name, value] : set) {
        env.push_back(std::string(name).append("=").append(value));
    }
    return env;
}

Rank spawn(int rank,
           const std::string& exe,
           std::vector<std::string> argv,
           std::vector<std::string> env) {
    std::array<int, 2> out{};
    std::array<int, 2> err{};
    if (pipe2(out.data(), O_CLOEXEC) != 0 || pipe2(err.data(), O_CLOEXEC) != 0) {
        throw core::Error(std::string("fpt launch: pipe: ") + std::strerror(errno));
    }
    auto argvp = argvPointers(argv);  // built before fork: the child only calls async-signal-safe code
    auto envp = argvPointers(env);
    const pid_t pid = fork();
    if (pid < 0) {
        throw core::Error(std::string("fpt launch: fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        execve(exe.c_str(), argvp.data(), envp.data());
        constexpr std::string_view kMessage = "fpt launch: exec of fpt failed\n";
        (void)!write(STDERR_FILENO, kMessage.data(), kMessage.size());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    Rank r;
    r.rank = rank;
    r.pid = pid;
    r.fds[0] = out[0];
    r.fds[1] = err[0];
    return r;
}

void emit(const Rank& r, int stream, const std::string& line) {
    FILE* to = stream == 0 ? stdout : stderr;
    if (stream == 0 && r.rank == 0) {
        std::fprintf(to, "%s\n", line.c_str());  // the summary line, as `fpt train` prints it
    } else {
        std::fprintf(to, "[rank %d] %s\n", r.rank, line.c_str());
    }
    std::fflush(to);
}

/// Reads what is there; on end of file flushes the partial line and closes the pipe.
void drain(Rank& r, int stream) {
    std::array<char, 4096> buf{};
    const ssize_t n = read(r.fds[stream], buf.data(), buf.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    auto& pending = r.pending[stream];
    if (n <= 0) {
        if (!pending.empty()) {
            emit(r, stream, pending);
            pending.clear();
        }
        close(r.fds[stream]);
        r.fds[stream] = -1;
        return;
    }
    pending.append(buf.data(), static_cast<size_t>(n));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
        emit(r, stream, pending.substr(0, nl));
        pending.erase(0, nl + 1);
    }
}

void signalLive(std::vector<Rank>& ranks, int sig) {
    for (const auto& r : ranks) {
        if (!r.exited) {
            kill(r.pid, sig);
        }
    }
}

/// 0, the exit status, or 128 + the signal, as a shell reports it.
int exitCodeOf(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Supervisor {
    std::vector<Rank> ranks;
    int exitCode = 0;
    Clock::time_point killAt = Clock::time_point::max();  // SIGKILL what still runs then
    int signalsForwarded = 0;

    bool running() const {
        return std::any_of(ranks.begin(), ranks.end(), [](const Rank& r) {
            return !r.exited || r.fds[0] >= 0 || r.fds[1] >= 0;
        });
    }

    void pollOutput() {
        std::vector<pollfd> fds;
        std::vector<std::pair<size_t, int>> owner;
        for (size_t i = 0; i < ranks.size(); ++i) {
            for (int s = 0; s < 2; ++s) {
                if (ranks[i].fds[s] >= 0) {
                    fds.push_back({ranks[i].fds[s], POLLIN, 0});
                    owner.emplace_back(i, s);
                }
            }
        }
        // Wakes for output at once; the timeout only paces reaping and the kill deadline.
        if (poll(fds.data(), fds.size(), 100) <= 0) {
            return;
        }
        for (size_t k = 0; k < fds.size(); ++k) {
            if (fds[k].revents != 0) {
                drain(ranks[owner[k].first], owner[k].second);
            }
        }
    }

    void reap() {
        for (auto& r : ranks) {
            int status = 0;
            if (r.exited || waitpid(r.pid, &status, WNOHANG) != r.pid) {
                continue;
            }
            r.exited = true;
            const int code = exitCodeOf(status);
            if (code != 0 && exitCode == 0) {
                exitCode = code;
                std::fprintf(
                    stderr, "fpt launch: rank %d exited with status %d; stopping the other ranks\n",
                    r.rank, code);
                signalLive(ranks, SIGTERM);
                killAt = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(kKillGraceS));
            }
        }
    }

    void enforce() {
        const int signals = gSignals;
        if (signals > signalsForwarded) {
            // First Ctrl-C / SIGTERM: every rank stops cleanly after the same step. Second: kill.
            signalLive(ranks, signals == 1 ? SIGTERM : SIGKILL);
            signalsForwarded = signals;
        }
        if (Clock::now() > killAt) {
            signalLive(ranks, SIGKILL);
            killAt = Clock::time_point::max();
        }
    }
};

int runLaunch(const LaunchArgs& args, const std::vector<std::string>& trainArgs) {
    if (trainArgs.empty()) {
        throw core::ConfigError(
            "fpt launch: give a preset (or --resume DIR) after the launch options");
    }
    for (const auto& a : trainArgs) {
        if (a == "--world-size" || a == "--rank" || a == "--master" ||
            a.rfind("--world-size=", 0) == 0 || a.rfind("--rank=", 0) == 0 ||
            a.rfind("--master=", 0) == 0) {
            throw core::ConfigError("fpt launch sets " + a.substr(0, a.find('=')) +
                                    " itself; use --nproc and --master-port");
        }
    }
    const int port = args.masterPort > 0 ? args.masterPort : freeLoopbackPort();
    const std::string exe = selfExecutable("fpt launch");
    gSignals = 0;
    std::signal(SIGINT, onLaunchSignal);
    std::signal(SIGTERM, onLaunchSignal);
    std::signal(SIGPIPE, SIG_IGN);
    Supervisor sup;
    for (int rank = 0; rank < args.nproc; ++rank) {
        std::vector<std::string> argv = {"fpt", "train"};
        argv.insert(argv.end(), trainArgs.begin(), trainArgs.end());
        sup.ranks.push_back(spawn(rank, exe, argv, rankEnvironment(rank, args.nproc, port)));
    }
    while (sup.running()) {
        sup.pollOutput();
        sup.reap();
        sup.enforce();
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return sup.exitCode;
}

}  // namespace

void registerLaunchCommand(CLI::App& app) {
    auto args = std::make_shared<LaunchArgs>();
    auto* cmd = app.add_subcommand(
        "launch", "Train with N local processes (data-parallel ranks of `fpt train` on 127.0.0.1)");
    cmd->add_option("--nproc,-n", args->nproc,
                    "Ranks to start (the global batch is split over them)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--master-port", args->masterPort,
                    "Rendezvous port on 127.0.0.1 (default: a free one)")
        ->check(CLI::Range(0, 65535));
    cmd->prefix_command();  // everything from the preset on goes to `fpt train` unchanged
    cmd->footer(
        "Usage: fpt launch --nproc N PRESET [fpt train options...] (launch options first).\n"
        "Each rank runs `fpt train` with RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT set (and\n"
        "OMP_NUM_THREADS / OPENBLAS_NUM_THREADS = cores / N unless set). Rank 0 writes the run\n"
        "folder and its JSON summary goes to stdout unchanged; stderr lines carry \"[rank R] \".\n"
        "If a rank fails the others are stopped and launch exits with that rank's status.");
    cmd->callback([args, cmd]() {
        const int rc = runLaunch(*args, cmd->remaining());
        if (rc != 0) {
            throw CLI::RuntimeError(rc);
        }
    });
}

}  // namespace fpt::app
