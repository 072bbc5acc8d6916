// SPDX-License-Identifier: MIT
// Fortran BLAS is column-major: a row-major C = op(A) op(B) is the column-major Cᵀ = op(B)ᵀ op(A)ᵀ,
// so the operands swap places and keep their transpose flags.
#include "core/kernels/blas_gemm.h"

extern "C" {
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
}

namespace fpt::core {

namespace {

template <typename Scalar, typename Fn>
void gemmImpl(Fn fn, bool transA, bool transB, int64_t M, int64_t N, int64_t K, Scalar alpha,
              const Scalar* A, int64_t lda, const Scalar* B, int64_t ldb, Scalar beta, Scalar* C,
              int64_t ldc) {
    if (M == 0 || N == 0) {
        return;
    }
    const char ta = transB ? 'T' : 'N';
    const char tb = transA ? 'T' : 'N';
    const int m = static_cast<int>(N);
    const int n = static_cast<int>(M);
    const int k = static_cast<int>(K);
    const int la = static_cast<int>(ldb);
    const int lb = static_cast<int>(lda);
    const int lc = static_cast<int>(ldc);
    fn(&ta, &tb, &m, &n, &k, &alpha, B, &la, A, &lb, &beta, C, &lc);
}

}  // namespace

void gemmRowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, float alpha,
                  const float* A, int64_t lda, const float* B, int64_t ldb, float beta, float* C,
                  int64_t ldc) {
    gemmImpl(sgemm_, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemmRowMajor(bool transA, bool transB, int64_t M, int64_t N, int64_t K, double alpha,
                  const double* A, int64_t lda, const double* B, int64_t ldb, double beta,
                  double* C, int64_t ldc) {
    gemmImpl(dgemm_, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace fpt::core
