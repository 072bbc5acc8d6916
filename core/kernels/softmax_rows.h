// SPDX-License-Identifier: MIT
// Row kernels of blocked attention: in-place softmax returning the log-sum-exp, and exp(s - lse)
// to recompute probabilities in backward. Float rows use a vectorised exp (AVX2 when present).
#pragma once

#include <cstdint>

namespace fpt::core {

/// s[0, n) <- softmax(s[0, n)); returns max + log(sum exp(s - max)). n >= 1.
float softmaxRow(float* s, int64_t n);
double softmaxRow(double* s, int64_t n);

/// s[0, n) <- exp(s[0, n) - lse).
void expShiftRow(float* s, int64_t n, float lse);
void expShiftRow(double* s, int64_t n, double lse);

}  // namespace fpt::core
