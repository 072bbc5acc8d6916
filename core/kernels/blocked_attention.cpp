// SPDX-License-Identifier: MIT
// Row-blocked exact attention, one (batch, head) per work item. Query block [i0, i1) meets only
// keys [0, i1) when causal, so about half the score blocks of a long sequence are never formed;
// a block's full softmax row fits in scratch (rows x T), so no online rescaling is needed.
// Backward per block, with P = exp(S - lse) recomputed from the saved log-sum-exp:
//   dV += Pᵀ dO,  dP = dO Vᵀ,  dS = P ∘ (dP − rowsum(dO ∘ O)),  dQ = s·dS K,  dK += s·dSᵀ Q.
#include "core/kernels/blocked_attention.h"

#include "core/kernels/blas_gemm.h"
#include "core/kernels/blas_parallel.h"
#include "core/kernels/softmax_rows.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace fpt::core {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

struct Dims {
    int64_t B, T, C, nh, hs, rows;
    bool causal;
    int64_t ld() const { return 3 * C; }  // row stride of q, k, v inside qkv
};

/// Visible keys of query row t (causal: 0..t).
inline int64_t visible(const Dims& d, int64_t t) { return d.causal ? t + 1 : d.T; }

template <typename Scalar>
void headForward(const Dims& d, const Scalar* qkv, Scalar* y, Scalar* lse, int64_t item,
                 Scalar* scores) {
    const int64_t b = item / d.nh;
    const int64_t h = item % d.nh;
    const int64_t ld = d.ld();
    const Scalar scale = Scalar(1) / std::sqrt(Scalar(d.hs));
    const Scalar* q = qkv + b * d.T * ld + h * d.hs;  // (T, hs), row stride 3C
    const Scalar* k = q + d.C;
    const Scalar* v = q + 2 * d.C;
    Scalar* out = y + b * d.T * d.C + h * d.hs;  // (T, hs), row stride C
    Scalar* rowLse = lse + item * d.T;
    for (int64_t i0 = 0; i0 < d.T; i0 += d.rows) {
        const int64_t rows = std::min(d.rows, d.T - i0);
        const int64_t kEnd = d.causal ? i0 + rows : d.T;
        gemmRowMajor(false, true, rows, kEnd, d.hs, scale, q + i0 * ld, ld, k, ld, Scalar(0),
                     scores, kEnd);  // S = s·Q Kᵀ (rows, kEnd)
        for (int64_t r = 0; r < rows; ++r) {
            Scalar* s = scores + r * kEnd;
            const int64_t n = visible(d, i0 + r);
            rowLse[i0 + r] = softmaxRow(s, n);
            std::fill(s + n, s + kEnd, Scalar(0));  // masked keys: probability 0
        }
        gemmRowMajor(false, false, rows, d.hs, kEnd, Scalar(1), scores, kEnd, v, ld, Scalar(0),
                     out + i0 * d.C, d.C);  // O = P V
    }
}

template <typename Scalar>
void headBackward(const Dims& d, const Scalar* qkv, const Scalar* y, const Scalar* lse,
                  const Scalar* dy, Scalar* dqkv, int64_t item, Scalar* probs, Scalar* dScores,
                  Scalar* delta) {
    const int64_t b = item / d.nh;
    const int64_t h = item % d.nh;
    const int64_t ld = d.ld();
    const Scalar scale = Scalar(1) / std::sqrt(Scalar(d.hs));
    const int64_t offset = b * d.T * ld + h * d.hs;
    const Scalar* q = qkv + offset;
    const Scalar* k = q + d.C;
    const Scalar* v = q + 2 * d.C;
    Scalar* dq = dqkv + offset;  // dqkv starts zeroed: dk, dv accumulate over query blocks
    Scalar* dk = dq + d.C;
    Scalar* dv = dq + 2 * d.C;
    const Scalar* out = y + b * d.T * d.C + h * d.hs;
    const Scalar* dOut = dy + b * d.T * d.C + h * d.hs;
    const Scalar* rowLse = lse + item * d.T;
    for (int64_t t = 0; t < d.T; ++t) {  // delta = rowsum(dO ∘ O)
        Scalar acc = 0;
        for (int64_t j = 0; j < d.hs; ++j) {
            acc += dOut[t * d.C + j] * out[t * d.C + j];
        }
        delta[t] = acc;
    }
    for (int64_t i0 = 0; i0 < d.T; i0 += d.rows) {
        const int64_t rows = std::min(d.rows, d.T - i0);
        const int64_t kEnd = d.causal ? i0 + rows : d.T;
        gemmRowMajor(false, true, rows, kEnd, d.hs, scale, q + i0 * ld, ld, k, ld, Scalar(0),
                     probs, kEnd);
        for (int64_t r = 0; r < rows; ++r) {
            Scalar* p = probs + r * kEnd;
            const int64_t n = visible(d, i0 + r);
            expShiftRow(p, n, rowLse[i0 + r]);
            std::fill(p + n, p + kEnd, Scalar(0));
        }
        gemmRowMajor(true, false, kEnd, d.hs, rows, Scalar(1), probs, kEnd, dOut + i0 * d.C, d.C,
                     Scalar(1), dv, ld);  // dV += Pᵀ dO
        gemmRowMajor(false, true, rows, kEnd, d.hs, Scalar(1), dOut + i0 * d.C, d.C, v, ld,
                     Scalar(0), dScores, kEnd);  // dP = dO Vᵀ
        for (int64_t r = 0; r < rows; ++r) {
            const Scalar* p = probs + r * kEnd;
            Scalar* ds = dScores + r * kEnd;
            const Scalar dr = delta[i0 + r];
            for (int64_t c = 0; c < kEnd; ++c) {
                ds[c] = p[c] * (ds[c] - dr);  // masked keys: p = 0 -> 0
            }
        }
        gemmRowMajor(false, false, rows, d.hs, kEnd, scale, dScores, kEnd, k, ld, Scalar(0),
                     dq + i0 * ld, ld);  // dQ = s·dS K
        gemmRowMajor(true, false, kEnd, d.hs, rows, scale, dScores, kEnd, q + i0 * ld, ld,
                     Scalar(1), dk, ld);  // dK += s·dSᵀ Q
    }
}

class BlockedAttention : public torch::autograd::Function<BlockedAttention> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& qkvIn, int64_t nHead,
                                 bool causal, int64_t blockRows) {
        const auto qkv = qkvIn.contiguous();
        const Dims d = dims(qkv, nHead, causal, blockRows);
        auto y = torch::empty({d.B, d.T, d.C}, qkv.options());
        auto lse = torch::empty({d.B * d.nh, d.T}, qkv.options());
        AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "blockedAttention", [&] {
            const auto* in = qkv.data_ptr<scalar_t>();
            auto* out = y.data_ptr<scalar_t>();
            auto* l = lse.data_ptr<scalar_t>();
            std::vector<std::vector<scalar_t>> scratch(blasParallelThreads());
            parallelForBlas(d.B * d.nh, [&](int worker, int64_t item) {
                auto& s = scratch[worker];
                s.resize(static_cast<std::size_t>(d.rows * d.T));
                headForward<scalar_t>(d, in, out, l, item, s.data());
            });
        });
        ctx->save_for_backward({qkv, y, lse});
        ctx->saved_data["n_head"] = nHead;
        ctx->saved_data["causal"] = causal;
        ctx->saved_data["block_rows"] = blockRows;
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& qkv = saved[0];
        const auto& y = saved[1];
        const auto& lse = saved[2];
        const Dims d = dims(qkv, ctx->saved_data["n_head"].toInt(), ctx->saved_data["causal"].toBool(),
                            ctx->saved_data["block_rows"].toInt());
        const auto dy = gradOutputs[0].contiguous();
        auto dqkv = torch::zeros_like(qkv);
        AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "blockedAttentionBackward", [&] {
            struct Scratch {
                std::vector<scalar_t> probs, dScores, delta;
            };
            std::vector<Scratch> scratch(blasParallelThreads());
            parallelForBlas(d.B * d.nh, [&](int worker, int64_t item) {
                auto& s = scratch[worker];
                s.probs.resize(static_cast<std::size_t>(d.rows * d.T));
                s.dScores.resize(s.probs.size());
                s.delta.resize(static_cast<std::size_t>(d.T));
                headBackward<scalar_t>(d, qkv.data_ptr<scalar_t>(), y.data_ptr<scalar_t>(),
                                       lse.data_ptr<scalar_t>(), dy.data_ptr<scalar_t>(),
                                       dqkv.data_ptr<scalar_t>(), item, s.probs.data(),
                                       s.dScores.data(), s.delta.data());
            });
        });
        return {dqkv, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }

private:
    static Dims dims(const torch::Tensor& qkv, int64_t nHead, bool causal, int64_t blockRows) {
        const int64_t C = qkv.size(2) / 3;
        return {qkv.size(0), qkv.size(1), C, nHead, C / nHead, blockRows, causal};
    }
};

}  // namespace

torch::Tensor blockedAttention(const torch::Tensor& qkv,
                               int64_t nHead,
                               bool causal,
                               int64_t blockRows) {
    TORCH_CHECK(qkv.dim() == 3 && qkv.size(2) % 3 == 0,
                "blockedAttention expects qkv of shape (B, T, 3C), got ", qkv.sizes());
    TORCH_CHECK(nHead > 0 && (qkv.size(2) / 3) % nHead == 0, "n_head ", nHead,
                " must divide C = ", qkv.size(2) / 3);
    TORCH_CHECK(blockRows > 0, "block rows must be > 0, got ", blockRows);
    TORCH_CHECK(qkv.scalar_type() == torch::kFloat32 || qkv.scalar_type() == torch::kFloat64,
                "blockedAttention supports float32 and float64, got ", qkv.scalar_type());
    TORCH_CHECK(qkv.device().is_cpu(), "blockedAttention runs on the CPU");
    return BlockedAttention::apply(qkv, nHead, causal, blockRows);
}

}  // namespace fpt::core
