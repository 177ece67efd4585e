// A simulation of cluster managers answering their digests, to measure what
// feedback (rerank.h) does to precision@k, week after week.
//
// Ground truth: corpora/eval/consortium.tsv (call, the clusters its
// consortium needs). A partner suggestion of cluster C is right when C and
// the partner are both needed by some call; a call suggestion is right when
// the call needs C. Only calls of the file are judged, so call candidates
// are those calls (open or closed).
//
// Each week the scripted manager of every evaluated cluster sees the top k
// partners and calls (after the feedback given so far), accepts what the
// ground truth holds and rejects the rest. Three rankings are compared: no
// feedback, feedback with filtering only (Rocchio weight 0) and filtering
// plus Rocchio. One control cluster never answers: its lists must stay
// exactly those without feedback. Nothing is fitted (Rocchio's classic
// coefficients), so no held-out split is needed.
//
// Thread safety: pure functions of their arguments.

#ifndef MEUTE_FEEDBACK_SIMULATE_H_
#define MEUTE_FEEDBACK_SIMULATE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "feedback/rerank.h"
#include "recommend/recommender.h"

namespace meute::feedback {

struct FeedbackTruth {
  std::map<std::string, std::set<std::string>> partners;  // Cluster -> right partners.
  std::map<std::string, std::set<std::string>> calls;     // Cluster -> calls that need it.
  std::set<std::string> judged_calls;
};

// Reads consortium.tsv (# comments; call TAB clusters comma-separated TAB
// text). kInvalidArgument naming FILE:LINE on a line without two fields.
absl::StatusOr<FeedbackTruth> ReadConsortiumTruth(const std::string& path);

struct SimulationOptions {
  std::string as_of;  // YYYY-MM-DD of the first week's digest.
  int weeks = 6;
  int k = 5;
  FeedbackOptions feedback;
  // The cluster that never answers; "" = the first evaluated cluster.
  std::string control_cluster;
};

struct WeekFigures {
  int week = 0;  // 1, 2, ...
  // Mean precision@k over the evaluated clusters (the control excluded).
  double partners_none = 0, partners_filter = 0, partners_rocchio = 0;
  double calls_none = 0, calls_filter = 0, calls_rocchio = 0;
};

struct SimulationReport {
  // Clusters with a right partner, with a right call (and candidates of the
  // kind: a corpus without the judged calls has none); the control excluded.
  int partner_clusters = 0;
  int call_clusters = 0;
  int answers = 0;  // Answers given over all weeks (Rocchio run).
  std::vector<WeekFigures> weeks;
  std::string control_cluster;
  bool control_unchanged = true;  // Its top k equal the no-feedback top k every week.
};

// kInvalidArgument for a bad date or k < 1; kNotFound if no cluster of the
// truth is known to `rec`.
absl::StatusOr<SimulationReport> SimulateFeedback(const recommend::Recommender& rec,
                                                  const FeedbackTruth& truth,
                                                  const SimulationOptions& options);

// The report as a table, one line per week.
std::string FormatSimulation(const SimulationReport& report, int k);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_SIMULATE_H_
