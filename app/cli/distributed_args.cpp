// SPDX-License-Identifier: MIT
// Resolution of the distributed flags against the environment.
#include "app/cli/distributed_args.h"

#include "core/config/error.h"

#include <CLI/CLI.hpp>

namespace fpt::app {

namespace {

int parseInt(const std::string& text, const std::string& what) {
    try {
        size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size()) {
            return value;
        }
    } catch (const std::exception&) {
        // reported below
    }
    throw core::ConfigError(what + ": expected an integer, got \"" + text + "\"");
}

std::optional<int> envInt(const EnvLookup& env, const char* name) {
    const char* value = env(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return parseInt(value, std::string("environment variable ") + name);
}

/// "host:port", "[v6::addr]:port" or "host" (port then from MASTER_PORT or the default).
void applyMaster(const std::string& master, core::DistributedOptions& d) {
    std::string host = master;
    std::string port;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string::npos) {
            throw core::ConfigError("--master: missing ']' in \"" + master + "\"");
        }
        port = close + 1 < host.size() && host[close + 1] == ':' ? host.substr(close + 2) : "";
        host = host.substr(1, close - 1);
    } else if (const auto colon = host.rfind(':');
               colon != std::string::npos && host.find(':') == colon) {
        port = host.substr(colon + 1);
        host.resize(colon);
    }
    d.master_addr = host;
    if (!port.empty()) {
        d.master_port = parseInt(port, "--master port");
    }
}

}  // namespace

void addDistributedOptions(CLI::App& cmd, DistributedArgs& args) {
    const char* group = "Data-parallel (several processes; see docs/distributed.md)";
    cmd.add_option("--world-size", args.world_size,
                   "Processes in the job (env WORLD_SIZE; 1 = a plain run)")
        ->group(group);
    cmd.add_option("--rank", args.rank,
                   "This process's rank, 0..world-size-1 (env RANK); rank 0 "
                   "writes the run folder")
        ->group(group);
    cmd.add_option("--master", args.master,
                   "ADDR:PORT of rank 0, which serves the rendezvous (env MASTER_ADDR, "
                   "MASTER_PORT; default 127.0.0.1:29500)")
        ->group(group);
    cmd.add_option("--dist-backend", args.backend, "gloo (CPU) or nccl (CUDA LibTorch only)")
        ->check(CLI::IsMember({"gloo", "nccl"}))
        ->group(group);
    cmd.add_option("--dist-timeout", args.timeout_s,
                   "Seconds a silent rank is waited for before the others fail (default 60)")
        ->group(group);
}

std::optional<core::DistributedOptions> resolveDistributed(const DistributedArgs& args,
                                                           const EnvLookup& env) {
    core::DistributedOptions d;
    const auto world = args.world_size ? args.world_size : envInt(env, "WORLD_SIZE");
    const auto rank = args.rank ? args.rank : envInt(env, "RANK");
    if (!world || *world == 1) {
        if (rank && *rank != 0) {
            throw core::ConfigError("rank " + std::to_string(*rank) +
                                    " was given without a world size: pass --world-size N (or "
                                    "WORLD_SIZE) to every rank");
        }
        return std::nullopt;
    }
    if (!rank) {
        throw core::ConfigError("world size " + std::to_string(*world) +
                                " was given without a rank: pass --rank R (or RANK) to every "
                                "process, 0.." +
                                std::to_string(*world - 1));
    }
    d.world_size = *world;
    d.rank = *rank;
    if (const char* addr = env("MASTER_ADDR"); addr != nullptr && *addr != '\0') {
        d.master_addr = addr;
    }
    if (const auto port = envInt(env, "MASTER_PORT")) {
        d.master_port = *port;
    }
    if (!args.master.empty()) {
        applyMaster(args.master, d);
    }
    d.backend = args.backend;
    d.timeout_s = args.timeout_s;
    if (const auto issues = core::validate(d); !issues.empty()) {
        throw core::ConfigValidationError("distributed options", issues);
    }
    return d;
}

}  // namespace fpt::app
