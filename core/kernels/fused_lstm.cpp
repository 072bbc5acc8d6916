// SPDX-License-Identifier: MIT
// Forward: G = x W_ihᵀ + b for all steps (one GEMM), then per step G_t += h_{t-1} W_hhᵀ and
//   i, f, g, o = σ, σ, tanh, σ;  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)   (activations kept).
// Backward, t = T-1 .. 0 (dh, dc carried):
//   dc = dc' + dh o (1 - tanh² c_t);  dG_t = [dc g i(1-i), dc c_{t-1} f(1-f), dc i (1-g²),
//   dh tanh(c_t) o(1-o)];  dc' = dc f;  dh' = dG_t W_hh   — then, for all steps at once,
//   dW_hh = dGᵀ h_prev, dW_ih = dGᵀ x, db = Σ dG, dx = dG W_ih.
#include "core/kernels/fused_lstm.h"

#include "core/kernels/blas_gemm.h"
#include "core/kernels/fast_math.h"

#include <cmath>

namespace fpt::core {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

inline float sigmoidOf(float x) { return fastmath::sigmoid(x); }
inline float tanhOf(float x) { return fastmath::tanh(x); }
inline double sigmoidOf(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline double tanhOf(double x) { return std::tanh(x); }

/// Gate activations and the new cell / hidden state for one step, in place on the gates row.
/// gates: (B, 4H) with row stride ldg; c: (B, H) row stride ldc; cPrev null at t = 0.
template <typename Scalar>
inline void stepForwardImpl(int64_t B, int64_t H, Scalar* gates, int64_t ldg, const Scalar* cPrev,
                            Scalar* c, Scalar* h, int64_t ld) {
    for (int64_t b = 0; b < B; ++b) {
        Scalar* g = gates + b * ldg;
        const Scalar* cp = cPrev != nullptr ? cPrev + b * ld : nullptr;
        Scalar* cb = c + b * ld;
        Scalar* hb = h + b * ld;
        for (int64_t j = 0; j < H; ++j) {
            const Scalar i = sigmoidOf(g[j]);
            const Scalar f = sigmoidOf(g[H + j]);
            const Scalar gg = tanhOf(g[2 * H + j]);
            const Scalar o = sigmoidOf(g[3 * H + j]);
            const Scalar cv = (cp != nullptr ? f * cp[j] : Scalar(0)) + i * gg;
            g[j] = i;
            g[H + j] = f;
            g[2 * H + j] = gg;
            g[3 * H + j] = o;
            cb[j] = cv;
            hb[j] = o * tanhOf(cv);
        }
    }
}

/// dG_t from the saved activations; updates the carried dc in place. dh: (B, H) total gradient
/// of h_t (output + recurrent).
template <typename Scalar>
inline void stepBackwardImpl(int64_t B, int64_t H, const Scalar* acts, int64_t ldg,
                             const Scalar* c, const Scalar* cPrev, int64_t ld, const Scalar* dh,
                             Scalar* dc, Scalar* dG) {
    for (int64_t b = 0; b < B; ++b) {
        const Scalar* a = acts + b * ldg;
        Scalar* d = dG + b * ldg;
        const Scalar* cb = c + b * ld;
        const Scalar* cp = cPrev != nullptr ? cPrev + b * ld : nullptr;
        const Scalar* dhb = dh + b * H;
        Scalar* dcb = dc + b * H;
        for (int64_t j = 0; j < H; ++j) {
            const Scalar i = a[j];
            const Scalar f = a[H + j];
            const Scalar gg = a[2 * H + j];
            const Scalar o = a[3 * H + j];
            const Scalar tc = tanhOf(cb[j]);
            const Scalar dcv = dcb[j] + dhb[j] * o * (Scalar(1) - tc * tc);
            d[j] = dcv * gg * i * (Scalar(1) - i);
            d[H + j] = cp != nullptr ? dcv * cp[j] * f * (Scalar(1) - f) : Scalar(0);
            d[2 * H + j] = dcv * i * (Scalar(1) - gg * gg);
            d[3 * H + j] = dhb[j] * tc * o * (Scalar(1) - o);
            dcb[j] = dcv * f;
        }
    }
}

__attribute__((target("avx2,fma"))) void stepForwardAvx2(int64_t B, int64_t H, float* gates,
                                                         int64_t ldg, const float* cPrev, float* c,
                                                         float* h, int64_t ld) {
    stepForwardImpl(B, H, gates, ldg, cPrev, c, h, ld);
}

__attribute__((target("avx2,fma"))) void stepBackwardAvx2(int64_t B, int64_t H, const float* acts,
                                                          int64_t ldg, const float* c,
                                                          const float* cPrev, int64_t ld,
                                                          const float* dh, float* dc, float* dG) {
    stepBackwardImpl(B, H, acts, ldg, c, cPrev, ld, dh, dc, dG);
}

bool hasAvx2() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

void stepForward(int64_t B, int64_t H, float* gates, int64_t ldg, const float* cPrev, float* c,
                 float* h, int64_t ld) {
    hasAvx2() ? stepForwardAvx2(B, H, gates, ldg, cPrev, c, h, ld)
              : stepForwardImpl(B, H, gates, ldg, cPrev, c, h, ld);
}

void stepForward(int64_t B, int64_t H, double* gates, int64_t ldg, const double* cPrev, double* c,
                 double* h, int64_t ld) {
    stepForwardImpl(B, H, gates, ldg, cPrev, c, h, ld);
}

void stepBackward(int64_t B, int64_t H, const float* acts, int64_t ldg, const float* c,
                  const float* cPrev, int64_t ld, const float* dh, float* dc, float* dG) {
    hasAvx2() ? stepBackwardAvx2(B, H, acts, ldg, c, cPrev, ld, dh, dc, dG)
              : stepBackwardImpl(B, H, acts, ldg, c, cPrev, ld, dh, dc, dG);
}

void stepBackward(int64_t B, int64_t H, const double* acts, int64_t ldg, const double* c,
                  const double* cPrev, int64_t ld, const double* dh, double* dc, double* dG) {
    stepBackwardImpl(B, H, acts, ldg, c, cPrev, ld, dh, dc, dG);
}

class FusedLstmLayer : public torch::autograd::Function<FusedLstmLayer> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn,
                                 const torch::Tensor& wIh, const torch::Tensor& wHh,
                                 const torch::Tensor& bIh, const torch::Tensor& bHh) {
        const auto x = xIn.contiguous();
        const int64_t B = x.size(0);
        const int64_t T = x.size(1);
        const int64_t H = wHh.size(1);
        const auto whh = wHh.contiguous();
        // All steps' input projections at once: (B, T, 4H), row (b, t) at (b T + t) 4H.
        auto gates = torch::addmm(bIh + bHh, x.view({B * T, x.size(2)}), wIh.t()).view({B, T, 4 * H});
        auto c = torch::empty({B, T, H}, x.options());
        auto h = torch::empty({B, T, H}, x.options());
        AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "fusedLstmLayer", [&] {
            auto* g = gates.data_ptr<scalar_t>();
            auto* cp = c.data_ptr<scalar_t>();
            auto* hp = h.data_ptr<scalar_t>();
            const auto* w = whh.data_ptr<scalar_t>();
            const int64_t ldg = T * 4 * H;  // stride between batch rows of one step
            const int64_t ld = T * H;
            for (int64_t t = 0; t < T; ++t) {
                scalar_t* gt = g + t * 4 * H;
                if (t > 0) {  // G_t += h_{t-1} W_hhᵀ
                    gemmRowMajor(false, true, B, 4 * H, H, scalar_t(1), hp + (t - 1) * H, ld, w, H,
                                 scalar_t(1), gt, ldg);
                }
                stepForward(B, H, gt, ldg, t > 0 ? cp + (t - 1) * H : nullptr, cp + t * H,
                            hp + t * H, ld);
            }
        });
        ctx->save_for_backward({x, wIh, whh, gates, c, h});
        return h;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& x = saved[0];
        const auto& wIh = saved[1];
        const auto& whh = saved[2];
        const auto& acts = saved[3];
        const auto& c = saved[4];
        const auto& h = saved[5];
        const auto dy = gradOutputs[0].contiguous();
        const int64_t B = x.size(0);
        const int64_t T = x.size(1);
        const int64_t H = whh.size(1);
        auto dG = torch::empty({B, T, 4 * H}, x.options());
        auto dh = torch::empty({B, H}, x.options());
        auto dc = torch::zeros({B, H}, x.options());
        auto dhNext = torch::zeros({B, H}, x.options());
        AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "fusedLstmLayerBackward", [&] {
            const auto* a = acts.data_ptr<scalar_t>();
            const auto* cp = c.data_ptr<scalar_t>();
            const auto* dyp = dy.data_ptr<scalar_t>();
            const auto* w = whh.data_ptr<scalar_t>();
            auto* d = dG.data_ptr<scalar_t>();
            auto* dhp = dh.data_ptr<scalar_t>();
            auto* dcp = dc.data_ptr<scalar_t>();
            auto* dhn = dhNext.data_ptr<scalar_t>();
            const int64_t ldg = T * 4 * H;
            const int64_t ld = T * H;
            for (int64_t t = T - 1; t >= 0; --t) {
                for (int64_t b = 0; b < B; ++b) {  // dh = output grad + recurrent grad
                    for (int64_t j = 0; j < H; ++j) {
                        dhp[b * H + j] = dyp[b * ld + t * H + j] + dhn[b * H + j];
                    }
                }
                stepBackward(B, H, a + t * 4 * H, ldg, cp + t * H,
                             t > 0 ? cp + (t - 1) * H : nullptr, ld, dhp, dcp, d + t * 4 * H);
                if (t > 0) {  // dh_{t-1} = dG_t W_hh
                    gemmRowMajor(false, false, B, H, 4 * H, scalar_t(1), d + t * 4 * H, ldg, w, H,
                                 scalar_t(0), dhn, H);
                }
            }
        });
        // h_prev (B, T, H): h shifted one step right, zeros at t = 0.
        auto hPrev = torch::zeros_like(h);
        hPrev.narrow(1, 1, T - 1).copy_(h.narrow(1, 0, T - 1));
        const auto dG2 = dG.view({B * T, 4 * H});
        auto dWhh = torch::mm(dG2.t(), hPrev.view({B * T, H}));
        auto dWih = torch::mm(dG2.t(), x.view({B * T, x.size(2)}));
        auto db = dG2.sum(0);
        auto dx = torch::mm(dG2, wIh).view({B, T, x.size(2)});
        return {dx, dWih, dWhh, db, db.clone()};
    }
};

}  // namespace

bool fusedLstmSupports(const torch::Tensor& x) {
    return x.is_cpu() && (x.scalar_type() == torch::kFloat32 || x.scalar_type() == torch::kFloat64);
}

torch::Tensor fusedLstmLayer(const torch::Tensor& x,
                             const torch::Tensor& wIh,
                             const torch::Tensor& wHh,
                             const torch::Tensor& bIh,
                             const torch::Tensor& bHh) {
    TORCH_CHECK(x.dim() == 3, "fusedLstmLayer expects x (B, T, I), got ", x.sizes());
    const int64_t H = wHh.size(1);
    TORCH_CHECK(wIh.size(0) == 4 * H && wIh.size(1) == x.size(2) && wHh.size(0) == 4 * H &&
                    bIh.numel() == 4 * H && bHh.numel() == 4 * H,
                "fusedLstmLayer: weight shapes do not match x ", x.sizes(), " and H = ", H);
    TORCH_CHECK(fusedLstmSupports(x), "fusedLstmLayer runs float32 / float64 on the CPU");
    TORCH_CHECK(x.size(1) >= 1, "fusedLstmLayer needs at least one time step");
    return FusedLstmLayer::apply(x, wIh, wHh, bIh, bHh);
}

}  // namespace fpt::core
