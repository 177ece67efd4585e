// Joins the index and the recommender for `meute similar --hybrid`: the BM25
// "more like this" list fused with the embedding neighbours of the model
// beside the database. The two layers never include each other; tools/ joins
// them.

#ifndef MEUTE_TOOLS_HYBRID_SIMILAR_H_
#define MEUTE_TOOLS_HYBRID_SIMILAR_H_

#include <string>

#include "absl/status/statusor.h"
#include "index/searcher.h"

namespace meute::tools {

// Fuses Searcher::Similar() with recommend::HybridSimilar() (reciprocal rank
// fusion) and turns the fused ids back into hits; the source's near-duplicates
// and records missing from the index (a stale model) are left out.
// kFailedPrecondition when there is no model beside `db`.
absl::StatusOr<index::SimilarResponse> HybridSimilar(index::Searcher& searcher,
                                                     index::SimilarRequest request,
                                                     const std::string& db);

}  // namespace meute::tools

#endif  // MEUTE_TOOLS_HYBRID_SIMILAR_H_
