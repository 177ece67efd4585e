#include "recommend/cross_language.h"

#include <algorithm>
#include <numeric>

namespace meute::recommend {

double AveragePrecision(const std::vector<std::string>& ranked,
                        const std::set<std::string>& judged) {
  if (judged.empty()) return 0;
  double sum = 0;
  int found = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (judged.count(ranked[i]) == 0) continue;
    ++found;
    sum += static_cast<double>(found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(judged.size());
}

NeighbourLanguages MeasureNeighbourLanguages(
    const Model& model, const absl::flat_hash_map<std::string, std::string>& lang_of,
    absl::string_view query_lang, int neighbours) {
  const std::vector<ModelItem>& items = model.items();
  const DenseMatrix& vectors = model.item_vectors();
  auto lang = [&](size_t i) -> absl::string_view {
    auto it = lang_of.find(items[i].id);
    return it == lang_of.end() || it->second.empty() ? absl::string_view("fr")
                                                     : absl::string_view(it->second);
  };
  std::vector<size_t> live;
  int other = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (vectors.row(static_cast<Eigen::Index>(i)).squaredNorm() == 0) continue;
    live.push_back(i);
    if (lang(i) != query_lang) ++other;
  }
  NeighbourLanguages out;
  if (live.empty()) return out;
  out.other_language_base = static_cast<double>(other) / static_cast<double>(live.size());
  double share_sum = 0;
  for (size_t q : live) {
    if (lang(q) != query_lang) continue;
    const Eigen::VectorXf query = vectors.row(static_cast<Eigen::Index>(q)).transpose();
    std::vector<std::pair<float, size_t>> scored;
    for (size_t i : live) {
      if (i == q) continue;
      scored.emplace_back(vectors.row(static_cast<Eigen::Index>(i)).dot(query), i);
    }
    const size_t n = std::min<size_t>(static_cast<size_t>(neighbours), scored.size());
    if (n == 0) continue;
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    int foreign = 0;
    for (size_t k = 0; k < n; ++k) foreign += lang(scored[k].second) != query_lang ? 1 : 0;
    share_sum += static_cast<double>(foreign) / static_cast<double>(n);
    ++out.queries;
  }
  if (out.queries > 0) out.other_language_share = share_sum / out.queries;
  return out;
}

}  // namespace meute::recommend
