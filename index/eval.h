// Retrieval evaluation in TREC formats: topics ("qid<TAB>query" lines), qrels
// ("qid 0 docid grade" lines) and the usual measures.
//
// Measures (per query, then averaged over the queries that have at least one
// relevant document in the qrels):
//   nDCG@10   sum over ranks i <= 10 of grade / log2(i + 1), divided by the same
//             for the ideal ranking of the judged documents (linear gains, as
//             trec_eval's ndcg_cut.10);
//   MRR       1 / rank of the first relevant document (grade > 0), 0 if none
//             is retrieved;
//   recall@10 relevant documents in the top 10 / relevant documents judged;
//   P@5       relevant documents in the top 5 / 5.
//
// Thread safety: pure functions.

#ifndef MEUTE_INDEX_EVAL_H_
#define MEUTE_INDEX_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::index {

struct Topic {
  std::string id;
  std::string query;
};

// qid -> docid -> grade (0 = judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

// "qid<TAB>query" per line; blank lines and lines starting with '#' are
// skipped. kInvalidArgument ("FILE:LINE: ...") for a line without a tab or
// with an empty id or query, or a repeated id.
absl::StatusOr<std::vector<Topic>> ParseTopics(absl::string_view content,
                                               absl::string_view file_name);

// "qid iteration docid grade" per line, whitespace-separated; '#' comments.
// kInvalidArgument ("FILE:LINE: ...") for a line without four fields or a
// grade that is not an integer.
absl::StatusOr<Qrels> ParseQrels(absl::string_view content, absl::string_view file_name);

struct QueryMetrics {
  std::string id;
  std::string query;
  int relevant = 0;   // Relevant documents in the qrels.
  int retrieved = 0;  // Documents the system returned.
  double ndcg10 = 0;
  double mrr = 0;
  double recall10 = 0;
  double p5 = 0;
};

// Scores one ranked list against one query's judgments.
QueryMetrics Evaluate(const std::vector<std::string>& ranked,
                      const std::map<std::string, int>& judgments);

struct EvalSummary {
  std::vector<QueryMetrics> queries;  // In topic order.
  QueryMetrics mean;                  // id "mean": averages over `queries`.
  std::vector<std::string> skipped;   // Topic ids with no relevant document.
};

// Averages `queries` into `mean` (the ids of topics without judgments must
// already be in `skipped`, not in `queries`).
void Summarize(EvalSummary* summary);

}  // namespace meute::index

#endif  // MEUTE_INDEX_EVAL_H_
