#include "recommend/randomized_svd.h"

#include <cmath>
#include <random>
#include <vector>

#include <Eigen/SVD>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

// A random sparse matrix with a planted low-rank structure plus noise.
SparseMatrix PlantedMatrix(int rows, int cols, int topics, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> topic(0, topics - 1);
  std::uniform_int_distribution<int> word(0, cols / topics - 1);
  std::uniform_int_distribution<int> any(0, cols - 1);
  std::vector<Eigen::Triplet<float, int32_t>> triplets;
  for (int r = 0; r < rows; ++r) {
    const int t = topic(rng);
    for (int i = 0; i < 12; ++i) triplets.emplace_back(r, t * (cols / topics) + word(rng), 1.0f);
    for (int i = 0; i < 3; ++i) triplets.emplace_back(r, any(rng), 1.0f);
  }
  SparseMatrix m(rows, cols);
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

// The `k` singular values of `svd` match an exact SVD of `a` (to 1e-3 of the
// largest), and V has orthonormal columns.
void ExpectMatchesExactSvd(const SparseMatrix& a, const SvdResult& svd, int k) {
  const Eigen::MatrixXf dense = Eigen::MatrixXf(a);
  Eigen::BDCSVD<Eigen::MatrixXf> exact(dense);
  ASSERT_EQ(svd.singular_values.size(), k);
  for (int j = 0; j < k; ++j) {
    EXPECT_NEAR(svd.singular_values[j], exact.singularValues()[j],
                1e-3 * exact.singularValues()[0]);
  }
  const Eigen::MatrixXf gram = svd.v.transpose() * svd.v;
  EXPECT_TRUE(gram.isIdentity(1e-4)) << gram;
}

TEST(RandomizedSvd, MatchesExactSingularValuesOfLowRankMatrix) {
  const SparseMatrix a = PlantedMatrix(300, 120, 6, 7);
  SvdOptions options;
  options.rank = 6;
  absl::StatusOr<SvdResult> svd = RandomizedSvd(a, options);
  ASSERT_TRUE(svd.ok()) << svd.status();
  ExpectMatchesExactSvd(a, *svd, 6);
}

TEST(RandomizedSvd, IsDeterministicForASeedAndSignsAreFixed) {
  const SparseMatrix a = PlantedMatrix(200, 90, 5, 3);
  SvdOptions options;
  options.rank = 8;
  options.seed = 11;
  const absl::StatusOr<SvdResult> first = RandomizedSvd(a, options);
  const absl::StatusOr<SvdResult> second = RandomizedSvd(a, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->v, second->v);
  EXPECT_EQ(first->singular_values, second->singular_values);
  for (Eigen::Index j = 0; j < first->v.cols(); ++j) {
    Eigen::Index arg = 0;
    first->v.col(j).cwiseAbs().maxCoeff(&arg);
    EXPECT_GT(first->v(arg, j), 0.0f);
  }
  // Another seed gives the same subspace (dominant singular values agree).
  options.seed = 12;
  const absl::StatusOr<SvdResult> other = RandomizedSvd(a, options);
  ASSERT_TRUE(other.ok());
  EXPECT_NEAR(other->singular_values[0], first->singular_values[0], 1e-3);
}

TEST(RandomizedSvd, CapsRankByMatrixSizeAndNumericalRank) {
  // Rank 2: two distinct rows repeated.
  SparseMatrix a(6, 4);
  std::vector<Eigen::Triplet<float, int32_t>> t;
  for (int r = 0; r < 6; ++r) {
    if (r % 2 == 0) {
      t.emplace_back(r, 0, 1.0f);
      t.emplace_back(r, 1, 1.0f);
    } else {
      t.emplace_back(r, 2, 1.0f);
    }
  }
  a.setFromTriplets(t.begin(), t.end());
  const absl::StatusOr<SvdResult> svd = RandomizedSvd(a, {});
  ASSERT_TRUE(svd.ok());
  EXPECT_EQ(svd->singular_values.size(), 2);
  EXPECT_EQ(svd->v.rows(), 4);
  EXPECT_EQ(svd->v.cols(), 2);
}

TEST(RandomizedSvd, RejectsEmptyMatrixAndBadRank) {
  EXPECT_EQ(RandomizedSvd(SparseMatrix(0, 3), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  SvdOptions options;
  options.rank = 0;
  EXPECT_EQ(RandomizedSvd(PlantedMatrix(10, 10, 2, 1), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SparseKernels, AgreeWithEigenProducts) {
  const SparseMatrix a = PlantedMatrix(40, 30, 3, 5);
  DenseMatrix x(30, 7);
  FillGaussian(1, x);
  DenseMatrix y;
  MultiplySparseDense(a, x, y);
  const DenseMatrix expected_y = a * x;
  EXPECT_TRUE(y.isApprox(expected_y, 1e-5f));
  DenseMatrix z;
  MultiplySparseTransposeDense(a, y, z);
  const DenseMatrix expected_z = a.transpose() * y;
  EXPECT_TRUE(z.isApprox(expected_z, 1e-5f));
}

TEST(SparseKernels, SameResultForAnyNumberOfThreads) {
  // More rows than one block of the parallel loops, so that threads share work.
  const SparseMatrix a = PlantedMatrix(9000, 400, 8, 13);
  DenseMatrix x(400, 9);
  FillGaussian(2, x);
  DenseMatrix y1;
  MultiplySparseDense(a, x, y1, 1);
  EXPECT_TRUE(y1.isApprox(DenseMatrix(a * x), 1e-5f));
  DenseMatrix z1;
  MultiplySparseTransposeDense(a, y1, z1, 1);
  EXPECT_TRUE(z1.isApprox(DenseMatrix(a.transpose() * y1), 1e-5f));
  for (int threads : {2, 3, 7}) {
    DenseMatrix y;
    MultiplySparseDense(a, x, y, threads);
    EXPECT_EQ(y, y1) << threads << " threads";
    DenseMatrix z;
    MultiplySparseTransposeDense(a, y1, z, threads);
    EXPECT_EQ(z, z1) << threads << " threads";
  }
}

TEST(RandomizedSvd, SameResultForAnyNumberOfThreadsAndAccurate) {
  const SparseMatrix a = PlantedMatrix(6000, 240, 12, 17);
  SvdOptions options;
  options.rank = 12;
  options.threads = 1;
  const absl::StatusOr<SvdResult> one = RandomizedSvd(a, options);
  options.threads = 3;
  const absl::StatusOr<SvdResult> three = RandomizedSvd(a, options);
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(one->v, three->v);
  EXPECT_EQ(one->singular_values, three->singular_values);
  // Cholesky-QR between the power iterations keeps the answer exact enough.
  ExpectMatchesExactSvd(a, *one, 12);
}

TEST(FillGaussian, HasStandardNormalMoments) {
  DenseMatrix m(200, 50);
  FillGaussian(99, m);
  const double mean = m.mean();
  const double var = (m.array() - static_cast<float>(mean)).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.02);
  EXPECT_NEAR(var, 1.0, 0.03);
}

}  // namespace
}  // namespace meute::recommend
