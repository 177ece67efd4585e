// Feedback joined to meute_recommend: which suggestion ids are real, and the
// term weighting of their targets (the recommender's TF-IDF weights, as its
// own sparse cluster profiles and record weights).
//
// Thread safety: the Recommender's const methods may run concurrently, so
// may these.

#ifndef MEUTE_FEEDBACK_RECOMMENDER_FEEDBACK_H_
#define MEUTE_FEEDBACK_RECOMMENDER_FEEDBACK_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "feedback/feedback_store.h"
#include "feedback/reply_import.h"
#include "feedback/rerank.h"
#include "feedback/suggestion_id.h"
#include "recommend/recommender.h"

namespace meute::feedback {

// kNotFound when the id's cluster is not a cluster of `rec`, or its target
// is not a record of the kind (partner: another cluster; call: a call
// record; buyer: a news record).
absl::Status ValidateSuggestion(const recommend::Recommender& rec, const SuggestionId& id);

// The TF-IDF weights of a target: the sparse profile of a partner cluster
// (description and members, as the recommender weighs them), the weights of
// a call or news record. `rec` must outlive the result.
TermWeighting RecommenderWeighting(const recommend::Recommender& rec);

struct StoreReport {
  int added = 0;
  int duplicates = 0;
  int undone = 0;
  std::vector<std::string> errors;  // "FILE:LINE: message", the imported ones first.
};

// Stores the replies `imported` read (ReadReplies()) in `store`: each reply
// whose id ValidateSuggestion() refuses is reported with its FILE:LINE and
// left out; an "undo" cancels the answer in force (an error if none). The
// valid answers are stored in one atomic step, then the undos in order.
// With `sent` (the ids of the digests sent, LoadSentIds()), a reply whose id
// no digest held is refused too ("FILE:LINE: ID was in no digest sent").
// Fails only when the store cannot be read or written.
absl::StatusOr<StoreReport> StoreReplies(const recommend::Recommender& rec, FeedbackStore& store,
                                         ImportResult imported,
                                         const std::set<std::string>* sent = nullptr);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_RECOMMENDER_FEEDBACK_H_
