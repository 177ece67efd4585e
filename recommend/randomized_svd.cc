#include "recommend/randomized_svd.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include <Eigen/QR>
#include <Eigen/SVD>

#include "absl/status/status.h"

namespace meute::recommend {
namespace {

// Replaces the columns of `y` by an orthonormal basis of their span (thin Q of
// a Householder QR).
void Orthonormalize(DenseMatrix& y) {
  const Eigen::Index rows = y.rows();
  const Eigen::Index cols = y.cols();
  Eigen::MatrixXf col_major = y;  // HouseholderQR works column by column.
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(col_major);
  Eigen::MatrixXf q = Eigen::MatrixXf::Identity(rows, cols);
  q.applyOnTheLeft(qr.householderQ());
  y = q;
}

}  // namespace

void MultiplySparseDense(const SparseMatrix& a, const DenseMatrix& x, DenseMatrix& y) {
  y.setZero(a.rows(), x.cols());
  const int32_t* outer = a.outerIndexPtr();
  const int32_t* inner = a.innerIndexPtr();
  const float* values = a.valuePtr();
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    auto out = y.row(i);
    for (int32_t p = outer[i]; p < outer[i + 1]; ++p) out.noalias() += values[p] * x.row(inner[p]);
  }
}

void MultiplySparseTransposeDense(const SparseMatrix& a, const DenseMatrix& y, DenseMatrix& z) {
  z.setZero(a.cols(), y.cols());
  const int32_t* outer = a.outerIndexPtr();
  const int32_t* inner = a.innerIndexPtr();
  const float* values = a.valuePtr();
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    const auto in = y.row(i);
    for (int32_t p = outer[i]; p < outer[i + 1]; ++p) z.row(inner[p]).noalias() += values[p] * in;
  }
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
  const Eigen::Index min_dim = std::min(a.rows(), a.cols());
  const Eigen::Index k = std::min<Eigen::Index>(options.rank, min_dim);
  const Eigen::Index l = std::min<Eigen::Index>(k + std::max(0, options.oversampling), min_dim);

  DenseMatrix omega(a.cols(), l);
  FillGaussian(options.seed, omega);
  DenseMatrix q;  // rows(A) x l
  DenseMatrix z;  // cols(A) x l
  MultiplySparseDense(a, omega, q);
  omega.resize(0, 0);
  Orthonormalize(q);
  for (int i = 0; i < options.power_iterations; ++i) {
    MultiplySparseTransposeDense(a, q, z);
    Orthonormalize(z);
    MultiplySparseDense(a, z, q);
    Orthonormalize(q);
  }
  // B = Q^T A (l x cols); factor its transpose, which is tall and thin.
  MultiplySparseTransposeDense(a, q, z);
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
