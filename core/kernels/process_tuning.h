// SPDX-License-Identifier: MIT
// Process-wide settings every executable that trains applies once at startup, before any tensor.
#pragma once

namespace fpt::core {

/// One torch intra-op thread (OpenBLAS threads its own GEMMs: 2.3x faster than 2+2 here), and
/// glibc malloc kept from returning activation-sized blocks to the kernel after every step:
/// by default each step's ~6 MB activations are fresh mmap()s whose pages fault in again on
/// first touch; keeping them in the heap measured +20% steps/s on fpt-gpt2 (docs/benchmarks.md).
/// Peak RSS is unchanged (freed blocks are reused by the next step).
void tuneProcessForTraining();

}  // namespace fpt::core
