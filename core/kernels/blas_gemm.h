// SPDX-License-Identifier: MIT
// Row-major GEMM on raw pointers through the BLAS LibTorch uses (OpenBLAS here), for kernels that
// work on strided sub-matrices (one attention head inside a fused qkv tensor) without copies.
#pragma once

#include <cstdint>

namespace fpt::core {

/// C (M x N) = alpha * op(A) * op(B) + beta * C, all row-major with leading dimensions (row
/// strides) lda, ldb, ldc; op(A) is M x K (A stored K x M when transA), op(B) is K x N.
void gemmRowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
                  const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
                  int64_t ldc);
void gemmRowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, double alpha,
                  const double* A, int64_t lda, const double* B, int64_t ldb, double beta,
                  double* C, int64_t ldc);

}  // namespace fpt::core
