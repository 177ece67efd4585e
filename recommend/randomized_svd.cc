#include "recommend/randomized_svd.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <Eigen/SVD>

#include "absl/status/status.h"
#include "recommend/internal/parallel.h"

namespace meute::recommend {
namespace {

using internal::ParallelFor;
using internal::ThreadCount;

// Rows per task of the row-parallel loops. Fixed, so that the blocks (and
// the order in which block results are summed) never depend on the number of
// threads.
constexpr Eigen::Index kRowBlock = 2048;

int NumBlocks(Eigen::Index rows) { return static_cast<int>((rows + kRowBlock - 1) / kRowBlock); }

// Replaces the columns of `y` by an orthonormal basis of their span (thin Q of
// a Householder QR). Handles any rank (columns beyond the rank come out
// orthonormal but arbitrary).
void HouseholderOrthonormalize(DenseMatrix& y) {
  const Eigen::Index rows = y.rows();
  const Eigen::Index cols = y.cols();
  // Factor a column-major copy in place and build Q in `y`: two matrices of
  // the size of Y at once, not four (this is the peak memory of the build).
  Eigen::MatrixXf col_major = y;
  y.resize(0, 0);
  Eigen::HouseholderQR<Eigen::Ref<Eigen::MatrixXf>> qr(col_major);
  y = DenseMatrix::Identity(rows, cols);
  y.applyOnTheLeft(qr.householderQ());
}

// Cholesky-QR: with Y^T Y = R^T R (Cholesky), Y R^-1 has orthonormal columns
// in exact arithmetic. About half the work of Householder and made of
// row-block products that run in parallel. Its loss of orthogonality grows as
// eps * cond(Y)^2, so it is only used to keep the power iterations well
// scaled (scikit-learn uses LU there); returns false, leaving `y` unchanged,
// when Y is too ill-conditioned for it (or rank deficient).
bool CholeskyOrthonormalize(DenseMatrix& y, int threads) {
  const Eigen::Index l = y.cols();
  const int blocks = NumBlocks(y.rows());
  // Gram matrix by fixed row blocks, summed in block order (deterministic).
  std::vector<Eigen::MatrixXd> partial(static_cast<size_t>(blocks));
  ParallelFor(blocks, threads, [&](int b) {
    const Eigen::Index r0 = b * kRowBlock;
    const Eigen::Index n = std::min(kRowBlock, y.rows() - r0);
    Eigen::MatrixXf g = Eigen::MatrixXf::Zero(l, l);
    g.selfadjointView<Eigen::Lower>().rankUpdate(y.middleRows(r0, n).transpose());
    partial[static_cast<size_t>(b)] = g.cast<double>();
  });
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(l, l);
  for (const Eigen::MatrixXd& p : partial) gram += p;
  const Eigen::LLT<Eigen::MatrixXd, Eigen::Lower> llt(gram.selfadjointView<Eigen::Lower>());
  if (llt.info() != Eigen::Success) return false;
  const Eigen::VectorXd diag = llt.matrixLLT().diagonal();
  // diag(R) bounds the singular values of Y from inside: a ratio below 1e-3
  // means cond(Y) > 1e3, where float Cholesky-QR stops being orthogonal enough.
  if (!(diag.minCoeff() > 1e-3 * diag.maxCoeff())) return false;
  const Eigen::MatrixXf r = llt.matrixU().toDenseMatrix().cast<float>();
  ParallelFor(blocks, threads, [&](int b) {
    const Eigen::Index r0 = b * kRowBlock;
    const Eigen::Index n = std::min(kRowBlock, y.rows() - r0);
    Eigen::MatrixXf block = y.middleRows(r0, n);
    r.triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(block);
    y.middleRows(r0, n) = block;
  });
  return true;
}

// Normalises the columns of `y` between power iterations: Cholesky-QR, or
// Householder QR when Y is too ill-conditioned for it.
void NormalizeRange(DenseMatrix& y, int threads) {
  if (!CholeskyOrthonormalize(y, threads)) HouseholderOrthonormalize(y);
}

}  // namespace

void MultiplySparseDense(const SparseMatrix& a, const DenseMatrix& x, DenseMatrix& y, int threads) {
  y.setZero(a.rows(), x.cols());
  const int32_t* outer = a.outerIndexPtr();
  const int32_t* inner = a.innerIndexPtr();
  const float* values = a.valuePtr();
  // Each row of y is computed by one task, the same way whatever the threads.
  ParallelFor(NumBlocks(a.rows()), ThreadCount(threads), [&](int b) {
    const Eigen::Index end = std::min<Eigen::Index>(a.rows(), (b + 1) * kRowBlock);
    for (Eigen::Index i = b * kRowBlock; i < end; ++i) {
      auto out = y.row(i);
      for (int32_t p = outer[i]; p < outer[i + 1]; ++p) {
        out.noalias() += values[p] * x.row(inner[p]);
      }
    }
  });
}

void MultiplySparseTransposeDense(const SparseMatrix& a, const DenseMatrix& y, DenseMatrix& z,
                                  int threads) {
  z.setZero(a.cols(), y.cols());
  const int32_t* outer = a.outerIndexPtr();
  const int32_t* inner = a.innerIndexPtr();
  const float* values = a.valuePtr();
  // Row i of A adds values * y.row(i) to the rows of z named by its columns.
  // Tasks own disjoint column ranges of A (rows of z) and each walks the rows
  // of A in order, so every row of z sums its terms in the same order as the
  // serial loop: the result does not depend on the number of threads. Column
  // indices within a row are sorted, so a task finds its part by bisection.
  const int tasks = static_cast<int>(std::min<Eigen::Index>(ThreadCount(threads), a.cols()));
  std::vector<int32_t> bounds(static_cast<size_t>(tasks) + 1, 0);
  {
    // Balance the tasks by non-zeros per column.
    std::vector<int64_t> per_column(static_cast<size_t>(a.cols()) + 1, 0);
    for (Eigen::Index p = 0; p < a.nonZeros(); ++p) ++per_column[static_cast<size_t>(inner[p])];
    const int64_t total = a.nonZeros();
    int64_t seen = 0;
    int task = 1;
    for (int32_t c = 0; c < a.cols() && task < tasks; ++c) {
      seen += per_column[static_cast<size_t>(c)];
      if (seen * tasks >= total * task) bounds[static_cast<size_t>(task++)] = c + 1;
    }
    for (; task <= tasks; ++task)
      bounds[static_cast<size_t>(task)] = static_cast<int32_t>(a.cols());
  }
  ParallelFor(tasks, tasks, [&](int t) {
    const int32_t c0 = bounds[static_cast<size_t>(t)];
    const int32_t c1 = bounds[static_cast<size_t>(t) + 1];
    const bool whole = c0 == 0 && c1 == a.cols();
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const int32_t* begin = inner + outer[i];
      const int32_t* end = inner + outer[i + 1];
      if (!whole) {
        begin = std::lower_bound(begin, end, c0);
        end = std::lower_bound(begin, end, c1);
      }
      const auto in = y.row(i);
      for (const int32_t* p = begin; p < end; ++p) {
        z.row(*p).noalias() += values[p - inner] * in;
      }
    }
  });
}

void FillGaussian(uint64_t seed, DenseMatrix& m) {
  std::mt19937_64 rng(seed);
  // 53 random bits -> uniform in (0, 1]; never 0 so that log() is finite.
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53; };
  const Eigen::Index size = m.size();
  float* data = m.data();
  for (Eigen::Index i = 0; i < size; i += 2) {
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double theta = 2.0 * std::numbers::pi * uniform();
    data[i] = static_cast<float>(r * std::cos(theta));
    if (i + 1 < size) data[i + 1] = static_cast<float>(r * std::sin(theta));
  }
}

absl::StatusOr<SvdResult> RandomizedSvd(const SparseMatrix& a, const SvdOptions& options) {
  if (a.rows() == 0 || a.cols() == 0) {
    return absl::InvalidArgumentError("randomized svd: the matrix is empty");
  }
  if (options.rank < 1) return absl::InvalidArgumentError("randomized svd: rank must be >= 1");
  const int threads = ThreadCount(options.threads);
  const Eigen::Index min_dim = std::min(a.rows(), a.cols());
  const Eigen::Index k = std::min<Eigen::Index>(options.rank, min_dim);
  const Eigen::Index l = std::min<Eigen::Index>(k + std::max(0, options.oversampling), min_dim);

  DenseMatrix omega(a.cols(), l);
  FillGaussian(options.seed, omega);
  DenseMatrix q;  // rows(A) x l
  DenseMatrix z;  // cols(A) x l
  MultiplySparseDense(a, omega, q, threads);
  omega.resize(0, 0);
  // Between products the basis only needs to stay well scaled (Halko et al.,
  // Algorithm 4.4, normalise after each product): Cholesky-QR. The basis
  // that B is projected on must be orthonormal: Householder QR at the end.
  for (int i = 0; i < options.power_iterations; ++i) {
    NormalizeRange(q, threads);
    MultiplySparseTransposeDense(a, q, z, threads);
    NormalizeRange(z, threads);
    MultiplySparseDense(a, z, q, threads);
  }
  HouseholderOrthonormalize(q);
  // B = Q^T A (l x cols); factor its transpose, which is tall and thin.
  MultiplySparseTransposeDense(a, q, z, threads);
  q.resize(0, 0);
  const Eigen::MatrixXf bt = z;
  z.resize(0, 0);
  Eigen::BDCSVD<Eigen::MatrixXf> svd(bt, Eigen::ComputeThinU);
  const Eigen::VectorXf& s = svd.singularValues();

  // Numerical rank: drop directions whose singular value is negligible.
  const float tolerance = s.size() > 0 ? s[0] * 1e-5f : 0.0f;
  Eigen::Index kept = 0;
  while (kept < k && kept < s.size() && s[kept] > tolerance) ++kept;

  SvdResult result;
  result.singular_values = s.head(kept);
  result.v = svd.matrixU().leftCols(kept);
  for (Eigen::Index j = 0; j < kept; ++j) {
    Eigen::Index arg = 0;
    result.v.col(j).cwiseAbs().maxCoeff(&arg);
    if (result.v(arg, j) < 0.0f) result.v.col(j) *= -1.0f;
  }
  return result;
}

}  // namespace meute::recommend
