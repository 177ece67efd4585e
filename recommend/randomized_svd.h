// Truncated SVD of a sparse matrix by the randomized method of Halko,
// Martinsson and Tropp ("Finding structure with randomness", SIAM Review 53,
// 2011): a Gaussian range finder with oversampling, q power iterations
// normalised after every product by Cholesky-QR (Householder QR when the block
// is too ill-conditioned for it; scikit-learn uses LU there), one Householder
// QR for the final orthonormal basis, then the SVD of the small projected
// matrix (Eigen::BDCSVD).
//
// Deterministic for a seed, whatever the number of threads: the test matrix
// comes from std::mt19937_64 (whose output the C++ standard fixes) through our
// own Box-Muller transform (the standard's distributions are not portable
// across libraries), and the parallel products split their work into fixed
// blocks that each sum in the serial order.
//
// Thread safety: free functions, no shared state; they start their own
// threads (SvdOptions::threads).

#ifndef MEUTE_RECOMMEND_RANDOMIZED_SVD_H_
#define MEUTE_RECOMMEND_RANDOMIZED_SVD_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "recommend/types.h"

namespace meute::recommend {

struct SvdOptions {
  // Number of singular triplets wanted; capped by min(rows, cols) and by the
  // numerical rank. Default: 128.
  int rank = 128;
  // Extra random directions (Halko et al. recommend 5-10). Default: 10, as
  // scikit-learn's randomized_svd.
  int oversampling = 10;
  // Power iterations (A A^T)^q: sharpen the spectrum of slowly decaying text
  // matrices. Default: 5, as scikit-learn's TruncatedSVD, so that the two
  // implementations are compared doing the same work.
  int power_iterations = 5;
  // Seed of the Gaussian test matrix. Default: 42.
  uint64_t seed = 42;
  // Threads for the products and normalisations; the result does not depend
  // on it. Not persisted. Default: 0, the hardware's concurrency (at most 16).
  int threads = 0;
};

struct SvdResult {
  // The k largest singular values, in decreasing order.
  Eigen::VectorXf singular_values;
  // Right singular vectors: cols(A) x k, column j pairs with singular_values[j].
  // Signs are fixed so that each column's entry of largest magnitude is positive.
  DenseMatrix v;
};

// Returns the truncated SVD (singular values and right singular vectors) of
// `a`. kInvalidArgument if `a` has no rows or no columns, or options.rank < 1.
// A zero matrix yields an empty result (k = 0).
absl::StatusOr<SvdResult> RandomizedSvd(const SparseMatrix& a, const SvdOptions& options);

// y = a * x, where x has a.cols() rows. Row-major dense in and out. On
// `threads` threads (0: the hardware's concurrency); the result is the same
// for any number of threads.
void MultiplySparseDense(const SparseMatrix& a, const DenseMatrix& x, DenseMatrix& y,
                         int threads = 0);
// z = a^T * y, where y has a.rows() rows. Threads as above.
// REQUIRES: the column indices of each row of `a` are sorted (as
// BuildTfidfMatrix and Eigen's compressed matrices have them).
void MultiplySparseTransposeDense(const SparseMatrix& a, const DenseMatrix& y, DenseMatrix& z,
                                  int threads = 0);

// Fills `m` with independent standard normal numbers drawn from
// std::mt19937_64(seed), row by row (Box-Muller).
void FillGaussian(uint64_t seed, DenseMatrix& m);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RANDOMIZED_SVD_H_
