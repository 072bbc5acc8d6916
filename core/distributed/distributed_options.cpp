// SPDX-License-Identifier: MIT
// Validation of DistributedOptions against a run config.
#include "core/distributed/distributed_options.h"

#include <algorithm>

namespace fpt::core {

std::vector<ConfigIssue> validate(const DistributedOptions& d) {
    std::vector<ConfigIssue> issues;
    if (d.world_size < 1) {
        issues.push_back(
            {"/distributed/world_size", "must be >= 1, got " + std::to_string(d.world_size)});
    }
    if (d.rank < 0 || d.rank >= std::max(d.world_size, 1)) {
        issues.push_back({"/distributed/rank",
                          "must be in 0.." + std::to_string(d.world_size - 1) + " for world size " +
                              std::to_string(d.world_size) + ", got " + std::to_string(d.rank)});
    }
    if (d.master_addr.empty()) {
        issues.push_back({"/distributed/master_addr", "must name rank 0's host"});
    }
    if (d.master_port < 1 || d.master_port > 65535) {
        issues.push_back({"/distributed/master_port",
                          "must be in 1..65535, got " + std::to_string(d.master_port)});
    }
    if (d.backend != "gloo" && d.backend != "nccl") {
        issues.push_back(
            {"/distributed/backend", "must be gloo or nccl, got \"" + d.backend + "\""});
    }
    if (!(d.timeout_s > 0.0)) {
        issues.push_back(
            {"/distributed/timeout_s", "must be > 0, got " + std::to_string(d.timeout_s)});
    }
    return issues;
}

std::vector<ConfigIssue> validateBatchSplit(const RunConfig& config, int worldSize) {
    std::vector<ConfigIssue> issues;
    // The trainer draws the global batch and each rank keeps batch_size / world_size of it; equal
    // shards make the mean of per-rank mean losses the global mean (same gradients as one process).
    if (worldSize > 1 && config.train.batch_size % worldSize != 0) {
        issues.push_back({"/train/batch_size",
                          "must be divisible by the world size " + std::to_string(worldSize) +
                              " (each rank trains on batch_size / world_size examples), got " +
                              std::to_string(config.train.batch_size)});
    }
    return issues;
}

bool isLoopbackAddress(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace fpt::core
