// Feedback applied to the recommender's plain answers, as a separate step
// after ranking (the recommender itself knows nothing of feedback):
//
// 1. A suggestion whose answer in force is "reject" or "known" is hidden
//    from the cluster's digests for `expiry_days` after the answer.
// 2. Rocchio on the cluster's term profile: with a_i the unit TF-IDF vectors
//    of the items accepted (or known: the manager already works with them,
//    so they are of interest) and r_j those of the items rejected, of the
//    same kind, the profile moves by
//        delta = beta * mean(a_i) - gamma * mean(r_j)
//    and each candidate c scores  score(c) + weight * <unit(c), delta>,
//    so items close to accepted ones move up and items close to rejected
//    ones move down. Candidates are re-sorted by that score.
//
// Thread safety: pure functions.

#ifndef MEUTE_FEEDBACK_RERANK_H_
#define MEUTE_FEEDBACK_RERANK_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "feedback/feedback_store.h"
#include "feedback/suggestion_id.h"
#include "recommend/types.h"

namespace meute::feedback {

struct FeedbackOptions {
  // Days a reject or "already known" answer hides its suggestion. Default: 180.
  int expiry_days = 180;
  // Rocchio's beta and gamma (the classic 0.75 and 0.15 of Salton and
  // Buckley, not fitted) and the weight of the profile shift against the
  // recommender's score (in 0..1). Defaults: 0.75, 0.15, 0.5.
  double beta = 0.75;
  double gamma = 0.15;
  double weight = 0.5;
};

// The TF-IDF weights of a target of `kind` (a cluster's profile for a
// partner, the record's weights for a call or a buyer item); empty if
// unknown.
using TermWeighting =
    std::function<recommend::TermWeights(SuggestionKind kind, absl::string_view target)>;

struct Candidate {
  std::string target;
  double score = 0.0;
};

struct Reranked {
  std::string target;
  double score = 0.0;       // After feedback.
  double base_score = 0.0;  // As the recommender gave it.
  int moved = 0;            // Places gained (> 0) or lost (< 0) through feedback.
  // The answer that pushed it most in the direction it moved, when its own
  // shift moved it (null when it only gave way to others, or did not move).
  const Answer* because = nullptr;
};

struct FeedbackResult {
  std::vector<Reranked> kept;  // Best first.
  std::vector<Answer> hidden;  // The answers that hid a candidate, in candidate order.
};

// Applies `answers` (those in force, ActiveAnswers()) of `cluster` about
// suggestions of `kind` to `candidates` (best first) for a digest made on
// `as_of`. Answers of other clusters or kinds are ignored, so a cluster
// without answers gets its candidates unchanged. The result's `because`
// pointers point into `answers`.
FeedbackResult ApplyFeedback(absl::string_view cluster, SuggestionKind kind,
                             const std::vector<Candidate>& candidates,
                             const std::vector<Answer>& answers, const TermWeighting& weigh,
                             absl::string_view as_of, const FeedbackOptions& options = {});

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_RERANK_H_
