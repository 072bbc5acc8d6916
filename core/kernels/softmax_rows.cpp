// SPDX-License-Identifier: MIT
// Float rows use fastmath::expNonPositive (softmax arguments are <= 0 once the max is subtracted);
// each loop is compiled twice (AVX2+FMA and baseline x86-64) and picked at run time.
#include "core/kernels/softmax_rows.h"

#include "core/kernels/fast_math.h"

#include <algorithm>
#include <cmath>

namespace fpt::core {

namespace {

// Float reductions only vectorise with explicit lanes (no -ffast-math here).
constexpr int kLanes = 8;

inline float laneMax(const float* s, int64_t n) {
    float acc[kLanes];
    for (int j = 0; j < kLanes; ++j) {
        acc[j] = s[0];
    }
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int j = 0; j < kLanes; ++j) {
            acc[j] = std::max(acc[j], s[i + j]);
        }
    }
    for (; i < n; ++i) {
        acc[0] = std::max(acc[0], s[i]);
    }
    return *std::max_element(acc, acc + kLanes);
}

inline float laneSum(const float* s, int64_t n) {
    float acc[kLanes] = {};
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (int j = 0; j < kLanes; ++j) {
            acc[j] += s[i + j];
        }
    }
    for (; i < n; ++i) {
        acc[0] += s[i];
    }
    float sum = 0.0f;
    for (float a : acc) {
        sum += a;
    }
    return sum;
}

inline void expInPlace(float* s, int64_t n, float shift) {
    for (int64_t i = 0; i < n; ++i) {
        s[i] = fastmath::expNonPositive(s[i] - shift);
    }
}

inline void scaleInPlace(float* s, int64_t n, float k) {
    for (int64_t i = 0; i < n; ++i) {
        s[i] *= k;
    }
}

inline float softmaxImpl(float* s, int64_t n) {
    const float m = laneMax(s, n);
    expInPlace(s, n, m);
    const float sum = laneSum(s, n);
    scaleInPlace(s, n, 1.0f / sum);
    return m + std::log(sum);
}

__attribute__((target("avx2,fma"))) float softmaxAvx2(float* s, int64_t n) {
    return softmaxImpl(s, n);
}

float softmaxBaseline(float* s, int64_t n) { return softmaxImpl(s, n); }

__attribute__((target("avx2,fma"))) void expAvx2(float* s, int64_t n, float shift) {
    expInPlace(s, n, shift);
}

void expBaseline(float* s, int64_t n, float shift) { expInPlace(s, n, shift); }

bool hasAvx2() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

}  // namespace

float softmaxRow(float* s, int64_t n) {
    return hasAvx2() ? softmaxAvx2(s, n) : softmaxBaseline(s, n);
}

double softmaxRow(double* s, int64_t n) {
    const double m = *std::max_element(s, s + n);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        s[i] = std::exp(s[i] - m);
        sum += s[i];
    }
    for (int64_t i = 0; i < n; ++i) {
        s[i] /= sum;
    }
    return m + std::log(sum);
}

void expShiftRow(float* s, int64_t n, float lse) {
    hasAvx2() ? expAvx2(s, n, lse) : expBaseline(s, n, lse);
}

void expShiftRow(double* s, int64_t n, double lse) {
    for (int64_t i = 0; i < n; ++i) {
        s[i] = std::exp(s[i] - lse);
    }
}

}  // namespace fpt::core
