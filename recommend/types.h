// Matrix and result types shared by the recommender.
//
// Thread safety: plain value types.

#ifndef MEUTE_RECOMMEND_TYPES_H_
#define MEUTE_RECOMMEND_TYPES_H_

#include <cstddef>
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

// A read-only view of a TermWeights list, in a vector or in a mapped file
// (recommend/mapped_state.h). Converts to a TermWeights copy where one is
// needed. The viewed storage must outlive the view.
class WeightsView {
 public:
  using value_type = std::pair<int32_t, float>;
  using const_iterator = const value_type*;
  WeightsView() = default;
  WeightsView(const value_type* data, size_t size) : data_(data), size_(size) {}
  explicit WeightsView(const TermWeights& w) : data_(w.data()), size_(w.size()) {}
  const value_type* begin() const { return data_; }
  const value_type* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const value_type& operator[](size_t i) const { return data_[i]; }
  operator TermWeights() const { return TermWeights(begin(), end()); }  // NOLINT: implicit copy.

 private:
  const value_type* data_ = nullptr;
  size_t size_ = 0;
};

// One cluster of a call's consortium (Recommender::ConsortiumSeats()): its
// index in Recommender::cluster_ids(), its rank among every cluster for the
// call (1: first) and its relevance to the call. Read in place from the state
// file (recommend/mapped_state.h).
struct ConsortiumSeat {
  uint32_t cluster = 0;
  int32_t rank = 0;
  float relevance = 0.0f;
  bool operator==(const ConsortiumSeat&) const = default;
};

// One ranked result: a row index into some item table and its score.
struct ScoredItem {
  int32_t row = 0;
  float score = 0.0f;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_TYPES_H_
