// SPDX-License-Identifier: MIT
// Where a data-parallel run meets: world size, this process's rank, rank 0's address, backend and
// how long a silent peer is tolerated. Plain data; the CLI fills it from flags and MASTER_* env
// vars.
#pragma once

#include "core/config/run_config.h"

#include <string>
#include <vector>

namespace fpt::core {

struct DistributedOptions {
    int world_size = 1;                     // processes in the job (1 = not distributed)
    int rank = 0;                           // this process, 0..world_size-1; rank 0 writes the run
    std::string master_addr = "127.0.0.1";  // host of rank 0, which serves the TCPStore
    int master_port = 29500;                // TCP port of the TCPStore on master_addr
    std::string backend = "gloo";           // gloo (CPU tensors) or nccl (CUDA LibTorch only)
    double timeout_s = 60.0;                // a peer silent this long fails the run (seconds)
};

/// Every range problem with `d` (rank in 0..world_size-1, port, backend name, timeout); empty
/// when valid. Paths read "/distributed/<field>".
std::vector<ConfigIssue> validate(const DistributedOptions& d);

/// The global train.batch_size must split evenly over `worldSize` ranks; empty when it does.
std::vector<ConfigIssue> validateBatchSplit(const RunConfig& config, int worldSize);

/// True for 127.0.0.0/8, ::1 and "localhost": every rank then stays on the loopback interface.
bool isLoopbackAddress(const std::string& host);

}  // namespace fpt::core
