// SPDX-License-Identifier: MIT
// Process-wide training settings applied once at startup: one torch intra-op thread, malloc tuning.
#include "core/kernels/process_tuning.h"

#include <torch/torch.h>

#include <malloc.h>

namespace fpt::core {

void tuneProcessForTraining() {
    torch::set_num_threads(1);
#if defined(__GLIBC__)
    // 32 MiB is glibc's largest mmap threshold (HEAP_MAX_SIZE / 2); setting it also switches off
    // the dynamic threshold. Free memory at the top of the heap is trimmed only past 1 GiB.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace fpt::core
