// Matrix and result types shared by the recommender.
//
// Thread safety: plain value types.

#ifndef MEUTE_RECOMMEND_TYPES_H_
#define MEUTE_RECOMMEND_TYPES_H_

#include <cstdint>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace meute::recommend {

// Term-document matrices: one row per document, one column per term.
using SparseMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int32_t>;

// Dense row-major float matrices: item embeddings (one row per item), the
// term projection V_k (one row per term).
using DenseMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A sparse weighted term list: (term id, weight), sorted by term id, each id
// once.
using TermWeights = std::vector<std::pair<int32_t, float>>;

// One ranked result: a row index into some item table and its score.
struct ScoredItem {
  int32_t row = 0;
  float score = 0.0f;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_TYPES_H_
