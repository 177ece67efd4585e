#include "recommend/similarity.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace meute::recommend {

std::vector<ScoredItem> TopK(const DenseMatrix& items,
                             const Eigen::Ref<const Eigen::VectorXf>& query, int k,
                             const std::function<bool(int32_t)>& keep) {
  const Eigen::VectorXf scores = items * query;
  std::vector<int32_t> rows;
  rows.reserve(static_cast<size_t>(scores.size()));
  for (int32_t r = 0; r < static_cast<int32_t>(scores.size()); ++r) {
    if (!keep || keep(r)) rows.push_back(r);
  }
  const size_t n = std::min<size_t>(static_cast<size_t>(std::max(k, 0)), rows.size());
  std::partial_sort(
      rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
      [&](int32_t a, int32_t b) { return scores[a] != scores[b] ? scores[a] > scores[b] : a < b; });
  std::vector<ScoredItem> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back({rows[i], scores[rows[i]]});
  return out;
}

absl::StatusOr<std::vector<Neighbour>> EmbeddingNeighbours(const Model& model, absl::string_view id,
                                                           int n) {
  const int32_t row = model.FindItem(id);
  if (row < 0) return absl::NotFoundError(absl::StrCat("no document \"", id, "\" in the model"));
  const Eigen::VectorXf query = model.item_vectors().row(row).transpose();
  std::vector<Neighbour> out;
  for (const ScoredItem& s :
       TopK(model.item_vectors(), query, n, [row](int32_t r) { return r != row; })) {
    out.push_back({model.items()[static_cast<size_t>(s.row)].id, s.score});
  }
  return out;
}

std::vector<Neighbour> EmbeddingNeighboursOfTerms(const Model& model, const TermCounts& terms,
                                                  absl::string_view lang, int n,
                                                  absl::string_view exclude_id) {
  const Eigen::VectorXf query = model.EmbedUnit(model.Weigh(terms, lang));
  const int32_t excluded = exclude_id.empty() ? -1 : model.FindItem(exclude_id);
  std::vector<Neighbour> out;
  if (query.squaredNorm() == 0.0f) return out;
  for (const ScoredItem& s :
       TopK(model.item_vectors(), query, n, [excluded](int32_t r) { return r != excluded; })) {
    out.push_back({model.items()[static_cast<size_t>(s.row)].id, s.score});
  }
  return out;
}

std::vector<FusedItem> ReciprocalRankFusion(const std::vector<std::vector<std::string>>& lists,
                                            int limit, int constant) {
  std::map<std::string, FusedItem> fused;
  for (size_t l = 0; l < lists.size(); ++l) {
    for (size_t r = 0; r < lists[l].size(); ++r) {
      FusedItem& item = fused[lists[l][r]];
      if (item.ranks.empty()) {
        item.id = lists[l][r];
        item.ranks.assign(lists.size(), 0);
      }
      if (item.ranks[l] != 0) continue;
      item.ranks[l] = static_cast<int>(r) + 1;
      item.score += 1.0 / (constant + static_cast<double>(r) + 1.0);
    }
  }
  std::vector<FusedItem> out;
  out.reserve(fused.size());
  for (auto& [id, item] : fused) out.push_back(std::move(item));
  auto best_rank = [](const FusedItem& f) {
    int best = INT32_MAX;
    for (int r : f.ranks) {
      if (r > 0) best = std::min(best, r);
    }
    return best;
  };
  std::stable_sort(out.begin(), out.end(), [&](const FusedItem& a, const FusedItem& b) {
    if (a.score != b.score) return a.score > b.score;
    const int ra = best_rank(a);
    const int rb = best_rank(b);
    if (ra != rb) return ra < rb;
    return a.id < b.id;
  });
  if (limit > 0 && out.size() > static_cast<size_t>(limit)) out.resize(static_cast<size_t>(limit));
  return out;
}

std::vector<HybridItem> HybridSimilar(const Model& model, absl::string_view id,
                                      const TermCounts& terms, absl::string_view lang,
                                      const std::vector<std::string>& bm25_ids, int n,
                                      const std::function<bool(const ModelItem&)>& keep) {
  std::vector<std::string> bm25;
  for (const std::string& b : bm25_ids) {
    if (b != id) bm25.push_back(b);
  }
  const int depth = std::max<int>(n, static_cast<int>(bm25.size()));
  const int32_t row = model.FindItem(id);
  const Eigen::VectorXf query = row >= 0
                                    ? Eigen::VectorXf(model.item_vectors().row(row).transpose())
                                    : model.EmbedUnit(model.Weigh(terms, lang));
  std::vector<std::string> embedding;
  if (query.squaredNorm() > 0.0f) {
    const std::vector<ModelItem>& items = model.items();
    for (const ScoredItem& s : TopK(model.item_vectors(), query, depth, [&](int32_t r) {
           const ModelItem& item = items[static_cast<size_t>(r)];
           return r != row && item.id != id && (!keep || keep(item));
         })) {
      embedding.push_back(items[static_cast<size_t>(s.row)].id);
    }
  }
  std::vector<HybridItem> out;
  for (FusedItem& f : ReciprocalRankFusion({bm25, embedding}, n)) {
    HybridItem h;
    h.id = std::move(f.id);
    h.score = f.score;
    h.bm25_rank = f.ranks[0];
    h.cosine_rank = f.ranks[1];
    const int32_t r = model.FindItem(h.id);
    if (r >= 0 && query.squaredNorm() > 0.0f) h.cosine = model.item_vectors().row(r).dot(query);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace meute::recommend
