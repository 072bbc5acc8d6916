// SPDX-License-Identifier: MIT
// y = 0.5 x (1 + t), t = tanh(u), u = k0 (x + k1 x³);
// dy/dx = 0.5 (1 + t) + 0.5 x (1 - t²) k0 (1 + 3 k1 x²). Backward recomputes t from the saved x.
#include "core/fused_gelu.h"

#include "core/blas_parallel.h"
#include "core/fast_math.h"

#include <algorithm>

namespace fpt::core {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

constexpr float kK0 = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kK1 = 0.044715f;
constexpr int64_t kChunk = 1 << 15;

inline void geluImpl(const float* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float t = fastmath::tanh(kK0 * (v + kK1 * v * v * v));
        y[i] = 0.5f * v * (1.0f + t);
    }
}

inline void geluBackwardImpl(const float* x, const float* dy, float* dx, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float t = fastmath::tanh(kK0 * (v + kK1 * v * v * v));
        const float d = 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * kK0 * (1.0f + 3.0f * kK1 * v * v);
        dx[i] = dy[i] * d;
    }
}

__attribute__((target("avx2,fma"))) void geluAvx2(const float* x, float* y, int64_t n) {
    geluImpl(x, y, n);
}

__attribute__((target("avx2,fma"))) void geluBackwardAvx2(const float* x, const float* dy, float* dx,
                                                          int64_t n) {
    geluBackwardImpl(x, dy, dx, n);
}

bool hasAvx2() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

/// Calls fn(offset, length) over [0, n) in chunks on all cores.
template <typename Fn>
void chunked(int64_t n, Fn fn) {
    const int64_t chunks = (n + kChunk - 1) / kChunk;
    parallelForBlas(chunks, [&](int, int64_t c) {
        const int64_t off = c * kChunk;
        fn(off, std::min(kChunk, n - off));
    });
}

class FusedGeluTanh : public torch::autograd::Function<FusedGeluTanh> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn) {
        const auto x = xIn.contiguous();
        auto y = torch::empty_like(x);
        const float* xp = x.data_ptr<float>();
        float* yp = y.data_ptr<float>();
        const bool avx2 = hasAvx2();
        chunked(x.numel(), [&](int64_t off, int64_t len) {
            avx2 ? geluAvx2(xp + off, yp + off, len) : geluImpl(xp + off, yp + off, len);
        });
        ctx->save_for_backward({x});
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs) {
        const auto x = ctx->get_saved_variables()[0];
        const auto dy = gradOutputs[0].contiguous();
        auto dx = torch::empty_like(x);
        const float* xp = x.data_ptr<float>();
        const float* dyp = dy.data_ptr<float>();
        float* dxp = dx.data_ptr<float>();
        const bool avx2 = hasAvx2();
        chunked(x.numel(), [&](int64_t off, int64_t len) {
            avx2 ? geluBackwardAvx2(xp + off, dyp + off, dxp + off, len)
                 : geluBackwardImpl(xp + off, dyp + off, dxp + off, len);
        });
        return {dx};
    }
};

}  // namespace

torch::Tensor fusedGeluTanh(const torch::Tensor& x) {
    if (!x.is_cpu() || x.scalar_type() != torch::kFloat32) {
        return torch::gelu(x, "tanh");
    }
    return FusedGeluTanh::apply(x);
}

}  // namespace fpt::core
