// SPDX-License-Identifier: MIT
// Branch-free float exp / sigmoid / tanh as plain arithmetic, so loops over arrays vectorise
// (GCC, no -ffast-math needed). exp: Cody-Waite range reduction + Cephes' degree-6 polynomial,
// relative error ~1e-7; sigmoid and tanh build on exp(-|x|), so they never overflow.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace fpt::core::fastmath {

/// exp(x) for x <= 0 (inputs below -87 give exp(-87) ~ 1.6e-38 instead of a denormal or 0).
inline float expNonPositive(float x) {
    x = std::max(x, -87.0f);
    const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
    const float shifted = x * 1.44269504088896341f + magic;
    int32_t n = 0;
    std::memcpy(&n, &shifted, sizeof n);
    n -= 0x4B400000;  // round(x / ln 2), from the low mantissa bits
    const float nf = shifted - magic;
    const float r = (x - nf * 0.693359375f) + nf * 2.12194440e-4f;  // x - n ln 2, in two parts
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const int32_t bits = (n + 127) << 23;  // 2^n
    float scale = 0.0f;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/// 1 / (1 + exp(-x)).
inline float sigmoid(float x) {
    const float e = expNonPositive(-std::abs(x));  // in (0, 1]
    const float inv = 1.0f / (1.0f + e);
    return x >= 0.0f ? inv : e * inv;
}

/// tanh(x) = sign(x) (1 - exp(-2|x|)) / (1 + exp(-2|x|)).
inline float tanh(float x) {
    const float e = expNonPositive(-2.0f * std::abs(x));
    const float t = (1.0f - e) / (1.0f + e);
    return x >= 0.0f ? t : -t;
}

}  // namespace fpt::core::fastmath
