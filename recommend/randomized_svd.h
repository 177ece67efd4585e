// Truncated SVD of a sparse matrix by the randomized method of Halko,
// Martinsson and Tropp ("Finding structure with randomness", SIAM Review 53,
// 2011): a Gaussian range finder with oversampling, q power iterations
// re-orthonormalised by Householder QR after every product, then the SVD of
// the small projected matrix (Eigen::BDCSVD).
//
// Deterministic for a seed: the test matrix comes from std::mt19937_64 (whose
// output the C++ standard fixes) through our own Box-Muller transform (the
// standard's distributions are not portable across libraries).
//
// Thread safety: free functions, no shared state.

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

// y = a * x, where x has a.cols() rows. Row-major dense in and out.
void MultiplySparseDense(const SparseMatrix& a, const DenseMatrix& x, DenseMatrix& y);
// z = a^T * y, where y has a.rows() rows.
void MultiplySparseTransposeDense(const SparseMatrix& a, const DenseMatrix& y, DenseMatrix& z);

// Fills `m` with independent standard normal numbers drawn from
// std::mt19937_64(seed), row by row (Box-Muller).
void FillGaussian(uint64_t seed, DenseMatrix& m);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RANDOMIZED_SVD_H_
