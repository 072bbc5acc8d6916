// SPDX-License-Identifier: MIT
// `fpt train`'s data-parallel flags and their torchrun/Slurm-style environment variables
// (WORLD_SIZE, RANK, MASTER_ADDR, MASTER_PORT); a flag overrides its variable.
#pragma once

#include "core/distributed/distributed_options.h"

#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace fpt::app {

struct DistributedArgs {
    std::optional<int> world_size;  // --world-size
    std::optional<int> rank;        // --rank
    std::string master;             // --master ADDR:PORT ("" = MASTER_ADDR / MASTER_PORT)
    std::string backend = "gloo";   // --dist-backend
    double timeout_s = 60.0;        // --dist-timeout
};

/// Adds --world-size, --rank, --master, --dist-backend and --dist-timeout to `cmd`.
void addDistributedOptions(CLI::App& cmd, DistributedArgs& args);

/// Reads an environment variable: nullptr when unset (a seam for tests).
using EnvLookup = std::function<const char*(const char*)>;

/// Flags over environment. nullopt when the world size is 1 (a plain single-process run). Throws
/// core::ConfigError for malformed values or a rank without a world size.
std::optional<core::DistributedOptions> resolveDistributed(const DistributedArgs& args,
                                                           const EnvLookup& env);

}  // namespace fpt::app
