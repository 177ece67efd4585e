// Evaluation of the recommender against the simplest honest baselines, in one
// run: what `meute eval-recommend` prints, what the floors test checks and
// what benchmarks call.
//
// Sets:
//   1. Consortia: the bundled corpus and its ground truth
//      (corpora/eval/consortium.tsv: call -> the clusters it needs). Each call
//      ranks the clusters; hit@3, recall@3, R-precision and exact teams, on
//      all calls, the English calls and the calls written in lay words, for
//      TF-IDF, TF-IDF + glossary, LSA, LSA + glossary and Meute's consortium.
//   2. Partners: the same ground truth read as pairs (two clusters that share
//      a line are partners). Each cluster ranks the others; precision at
//      min(5, number of true partners), hubness (the most frequent cluster of
//      the top-5 lists) and the reason checks (every reason call has both
//      clusters in its own consortium and ranks the asking cluster in its
//      top 3; every word shown occurs in the partner's own texts).
//   3. Fonds vert 2023 Occitanie (real data): the call each project won.
//   4. Wikinews FR keyphrases (real data): F@10 of the document labels.
//   5. Buyers: corpora/eval/buyer-needs.tsv (a buyer's need in the news ->
//      the members whose texts answer it). P@3, R-precision and nDCG@10 of
//      Meute's matching (recommend/buyers.h) against the TF-IDF cosine of the
//      news (and of the need phrase alone) with each member.
//
// Held-out halves. Every judged call (and every cluster, for partners) falls
// in the half "dev" or "test" by a hash of its id (HalfOf()): parameters are
// chosen on dev, figures are reported on both, test is the one to quote.
//
// Thread safety: free functions without shared state.

#ifndef MEUTE_RECOMMEND_EVAL_RECOMMENDER_EVAL_H_
#define MEUTE_RECOMMEND_EVAL_RECOMMENDER_EVAL_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"
#include "ingest/term_vector.h"
#include "recommend/buyers.h"
#include "recommend/model.h"
#include "recommend/recommender.h"
#include "recommend/surface_forms.h"

namespace meute::recommend::eval {

struct EvalOptions {
  // Folder of the bundled corpus (records of every kind).
  std::string corpus;
  // Consortium ground truth and the README that lists the lay-word calls.
  std::string truth;
  std::string truth_readme;
  // Domain glossary (TSV) and call boilerplate word list (see
  // RecommenderOptions::boilerplate; empty: none).
  std::string glossary;
  std::string boilerplate;
  // Buyer needs ground truth (corpora/eval/buyer-needs.tsv); empty: set 5
  // skipped.
  std::string buyers;
  // Folder of the real public data; empty or missing: sets 3 and 4 skipped.
  std::string data;
  int k = 128;
  uint64_t seed = 42;
};

// One line of the consortium ground truth.
struct TruthLine {
  std::string call;
  std::set<std::string> clusters;
};

// Reads consortium.tsv (call TAB comma-separated clusters TAB why; lines
// starting with # and blank lines skipped). kInvalidArgument naming the line
// for a line without clusters.
absl::StatusOr<std::vector<TruthLine>> ReadConsortiumTruth(absl::string_view path);

// The ids listed in the fenced block that follows the line containing
// "Their ids" in `readme` (the calls written in lay words); empty if absent.
std::set<std::string> ReadNeedDescribedIds(absl::string_view readme);

// "dev" or "test", by the parity of the FNV-1a hash of `id`: stable for any
// id, independent of file order, about half each.
const char* HalfOf(absl::string_view id);

// Ranking metrics of one query against its relevant set.
struct RankingScores {
  int n = 0;
  double hit3 = 0;     // Any relevant item in the top 3.
  double recall3 = 0;  // Share of the relevant set in the top 3.
  double rprec = 0;    // Precision at R = |relevant|.
  double exact = 0;    // The proposed team equals the relevant set.
  void Add(const std::vector<std::string>& ranked, const std::set<std::string>& relevant,
           const std::vector<std::string>& team);
  nlohmann::ordered_json Json() const;
};

// Each set; `log` receives the human-readable table.
absl::StatusOr<nlohmann::ordered_json> EvaluateConsortiaAndPartners(
    const EvalOptions& options, const ingest::Analyzer& analyzer, std::ostream& log);
absl::StatusOr<nlohmann::ordered_json> EvaluateFondsVert(const EvalOptions& options,
                                                         const ingest::Analyzer& analyzer,
                                                         std::ostream& log);
absl::StatusOr<nlohmann::ordered_json> EvaluateKeyphrases(const EvalOptions& options,
                                                          const ingest::Analyzer& analyzer,
                                                          std::ostream& log);

// One line of the buyer needs ground truth.
struct BuyerNeedLine {
  std::string news;
  std::string need;
  std::set<std::string> members;
};

// Reads buyer-needs.tsv (news id TAB need phrase TAB comma-separated member
// ids TAB why; # lines and blank lines skipped). kInvalidArgument naming the
// line for a line without need or members.
absl::StatusOr<std::vector<BuyerNeedLine>> ReadBuyerNeeds(absl::string_view path);

// The bundled corpus analysed in process, its model (glossary applied) and
// the recommender `meute consortium` runs with; `as_of` is the day after the
// newest news.
struct BundledCorpus {
  std::vector<ingest::TermVector> docs;
  std::unique_ptr<Model> model;
  SurfaceForms surface;
  std::unique_ptr<Recommender> rec;
  std::string as_of;
};
absl::StatusOr<std::unique_ptr<BundledCorpus>> LoadBundledCorpus(const EvalOptions& options,
                                                                 const ingest::Analyzer& analyzer);

// Set 5 on `corpus`. kInvalidArgument if a line names a news or member id
// the corpus lacks.
absl::StatusOr<nlohmann::ordered_json> EvaluateBuyers(const EvalOptions& options,
                                                      const ingest::Analyzer& analyzer,
                                                      const BundledCorpus& corpus,
                                                      std::ostream& log);

// Every set: {"consortium", "partners", "fonds_vert", "keyphrases"} (the real
// data sets are null when options.data is not a folder).
absl::StatusOr<nlohmann::ordered_json> EvaluateAll(const EvalOptions& options,
                                                   const ingest::Analyzer& analyzer,
                                                   std::ostream& log);

}  // namespace meute::recommend::eval

#endif  // MEUTE_RECOMMEND_EVAL_RECOMMENDER_EVAL_H_
