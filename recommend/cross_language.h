// Measures of how well a model joins two languages, for choosing and
// checking the cross-language embedding (doc/recommender.md,
// "Cross-language"): finer than hit@3 and recall@3 on a dozen calls.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_CROSS_LANGUAGE_H_
#define MEUTE_RECOMMEND_CROSS_LANGUAGE_H_

#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "recommend/model.h"

namespace meute::recommend {

// Average precision of `ranked` (best first) for the relevant set `judged`:
// the mean, over the judged items, of the precision at the rank where each
// is found (0 for one never ranked). 0 if `judged` is empty.
double AveragePrecision(const std::vector<std::string>& ranked,
                        const std::set<std::string>& judged);

struct NeighbourLanguages {
  int queries = 0;  // Items of the query language found in the model.
  // Mean, over the queries, of the share of items of another language among
  // their `neighbours` nearest items (by embedding cosine, the query left
  // out). A space split by language gives 0 for a minority language;
  // language-blind placement gives about the other language's share of the
  // items.
  double other_language_share = 0;
  // The other language's share of all items (what language-blind placement
  // would give).
  double other_language_base = 0;
};

// NeighbourLanguages of the items of `model` whose language in `lang_of`
// (item id -> "fr" or "en"; an item missing or "" counts as "fr") is
// `query_lang`. Items with a zero vector are neither queries nor neighbours.
// REQUIRES: neighbours >= 1.
NeighbourLanguages MeasureNeighbourLanguages(
    const Model& model, const absl::flat_hash_map<std::string, std::string>& lang_of,
    absl::string_view query_lang, int neighbours);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_CROSS_LANGUAGE_H_
