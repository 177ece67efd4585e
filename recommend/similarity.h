// Nearest neighbours in the embedding space and reciprocal rank fusion, the
// pieces of `meute similar --hybrid` (BM25 from the index fused with the
// embedding cosine).
//
// Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): an item
// ranked r_i (1-based) by list i scores sum_i 1 / (c + r_i); items missing from
// a list get nothing from it. c = 60 is the value the paper found robust.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_SIMILARITY_H_
#define MEUTE_RECOMMEND_SIMILARITY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/model.h"
#include "recommend/types.h"

namespace meute::recommend {

// The k rows of `items` with the highest dot product with `query`, best first;
// ties go to the lower row. Rows for which `keep` returns false are skipped.
// REQUIRES: query.size() == items.cols().
std::vector<ScoredItem> TopK(const DenseMatrix& items,
                             const Eigen::Ref<const Eigen::VectorXf>& query, int k,
                             const std::function<bool(int32_t)>& keep = nullptr);

struct Neighbour {
  std::string id;
  float cosine = 0.0f;
};

// The `n` model items nearest to item `id` (itself excluded), best first.
// kNotFound if `id` is not in the model.
absl::StatusOr<std::vector<Neighbour>> EmbeddingNeighbours(const Model& model, absl::string_view id,
                                                           int n);

// The `n` model items nearest to a document given by its stems (folded in).
std::vector<Neighbour> EmbeddingNeighboursOfTerms(const Model& model, const TermCounts& terms,
                                                  absl::string_view lang, int n,
                                                  absl::string_view exclude_id = "");

struct FusedItem {
  std::string id;
  double score = 0.0;
  std::vector<int> ranks;  // 1-based rank in each input list, 0 if absent.
};

inline constexpr int kRrfConstant = 60;

// Fuses ranked id lists (best first; an id repeated in one list counts at its
// first rank). Result sorted by fused score, ties by best single rank, then
// id; at most `limit` items (all if limit <= 0).
std::vector<FusedItem> ReciprocalRankFusion(const std::vector<std::vector<std::string>>& lists,
                                            int limit = 0, int constant = kRrfConstant);

struct HybridItem {
  std::string id;
  double score = 0.0;   // Reciprocal rank fusion of the two ranks below.
  int bm25_rank = 0;    // 1-based rank in the index's list; 0: not in it.
  int cosine_rank = 0;  // 1-based rank among the embedding neighbours; 0: not among them.
  // Cosine with the source in the embedding space; empty when the item is not
  // in the model (indexed after the model was built).
  std::optional<float> cosine;
};

// Hybrid "more like this": fuses `bm25_ids` (the index's ranking for document
// `id`, best first, `id` itself removed if present) with the embedding
// neighbours of `id` (as many as bm25_ids has, at least `n`), by reciprocal
// rank fusion with kRrfConstant. Neighbours for which `keep` returns false
// (e.g. another kind than asked) are skipped before ranking. When `id` is not
// in the model, its stems `terms` (in language `lang`) are folded in instead.
// Returns at most `n` items (all if n <= 0), best first.
std::vector<HybridItem> HybridSimilar(const Model& model, absl::string_view id,
                                      const TermCounts& terms, absl::string_view lang,
                                      const std::vector<std::string>& bm25_ids, int n,
                                      const std::function<bool(const ModelItem&)>& keep = nullptr);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_SIMILARITY_H_
