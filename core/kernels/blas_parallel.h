// SPDX-License-Identifier: MIT
// Runs independent work items (attention heads, ...) on every core, each calling single-threaded
// BLAS: for many small GEMMs this beats one multi-threaded BLAS call after another.
#pragma once

#include <cstdint>
#include <functional>

namespace fpt::core {

/// Threads parallelForBlas uses: the BLAS's own thread count (OpenBLAS), else the core count.
int blasParallelThreads();

/// Calls fn(worker, item) for every item in [0, items), spread over blasParallelThreads()
/// threads (worker in [0, threads)); OpenBLAS is held at one thread meanwhile so its GEMMs run
/// inside the calling worker. Blocks until all items are done; rethrows the first exception.
/// Items must be independent (they run concurrently, in no fixed order).
void parallelForBlas(int64_t items, const std::function<void(int worker, int64_t item)>& fn);

}  // namespace fpt::core
