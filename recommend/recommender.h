// Recommendations for clusters and calls, each with its reasons.
//
// Works on the model and on the current records with their stems (what the
// index exports): documents the model already holds use their stored vectors,
// newer ones are folded in. Cluster profiles are recomputed from the current
// members (see ClusterProfile() in model.h), so a member added since the last
// model build already counts.
//
// Relevance of a call to a cluster is the cosine of the call's embedding and
// the cluster's profile. It decomposes exactly over the call's terms:
//   cos = sum_t w_call(t) * (V_k[t] . p) / |e_call|,
// and the largest terms of that sum are the reasons shown ("terms").
//
// Coverage (consortia, partners). A call's needs are its showable terms that
// some unit knows (a cluster's record or a member's profile: what the
// ecosystem could bring, not a verb only news use), one per word shown, the
// max_needs best by w(t) * idf_calls(t): the call's TF-IDF weight times the
// smooth idf of t among the calls, so that what sets the call apart from the
// other calls counts, not the wording every call shares ("appel", "projets").
// A unit (a cluster's own record or one of its members) covers need t to the
// degree
//   cov(u, t) = min(1, max(w_u(t), r_u(t)) / typical(t)),
// where w_u(t) is its TF-IDF weight, r_u(t) = e_u . V_k[t] the weight the
// rank-k reconstruction gives it (synonyms and translations seen together in
// the corpus), and typical(t) the mean weight of t where it occurs: one
// ordinary mention counts as full coverage. A cluster covers t as well as its
// best unit. A consortium S covers f(S) = sum_t w_t max_{c in S} cov(c, t)
// (weights normalised to sum 1).
//
// Consortia: clusters are picked greedily by xQuAD (Santos, Macdonald and
// Ounis, WWW 2010):
//   (1 - lambda) rel(c) + lambda sum_t w_t cov(c, t) prod_{s in S} (1 - cov(s, t)),
// with rel(c) the relevance of the cluster to the call (ConsortiumRelevance(),
// divided by the best cluster's) and lambda = RecommenderOptions::diversity
// (0.5): relevance first, coverage of what the chosen clusters leave open
// second, so that coverage only chooses among relevant clusters. At least
// min_clusters, at most max_clusters, and past min_clusters only while a
// cluster adds at least min_gain to f(S).
//
// Thread safety: immutable after construction; const methods may run
// concurrently.

#ifndef MEUTE_RECOMMEND_RECOMMENDER_H_
#define MEUTE_RECOMMEND_RECOMMENDER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/term_vector.h"
#include "recommend/model.h"
#include "recommend/surface_forms.h"
#include "recommend/types.h"

namespace meute::recommend {

struct RecommenderOptions {
  // Terms and members shown as the reasons of one recommendation. Default: 5, 3.
  int reason_terms = 5;
  int reason_members = 3;
  // A call's needs: its most salient known terms (see above). Default: 12.
  int max_needs = 12;
  // A need counts as covered from this coverage degree (half an ordinary
  // mention). Default: 0.5.
  float covered_threshold = 0.5f;
  // Consortium size and the smallest useful marginal gain (share of the
  // call's needs) for a third or fourth cluster. Default: 2, 4, 0.05.
  int min_clusters = 2;
  int max_clusters = 4;
  float min_gain = 0.05f;
  // Partners weigh at most this many open calls, the most relevant to the
  // cluster. Default: 50.
  int partner_calls = 50;
  // xQuAD's lambda: weight of covering the needs left uncovered against
  // relevance to the call when picking the next cluster. Default: 0.5, the
  // even mix (not fitted to any ground truth).
  float diversity = 0.5f;
};

// A term in both forms: the stem and the readable word.
struct Term {
  std::string stem;
  std::string word;
  float weight = 0.0f;
};

struct MemberEvidence {
  std::string id;
  std::string organisation;
  float score = 0.0f;              // Cosine with the call (or theme).
  std::vector<std::string> words;  // What it contributes, readable.
};

struct ClusterMatch {
  std::string cluster_id;
  std::string name;
  float score = 0.0f;  // Cosine of the call and the cluster profile.
  std::vector<Term> terms;
  std::vector<MemberEvidence> members;
};

struct Need {
  Term term;
  float coverage = 0.0f;   // Best coverage degree in the consortium.
  std::string cluster_id;  // Who covers it best ("" if nobody).
  std::string member_id;   // The unit that covers it (a member or the cluster record).
};

struct ConsortiumCluster {
  std::string cluster_id;
  std::string name;
  float score = 0.0f;                   // Cosine with the call.
  float gain = 0.0f;                    // Share of the needs it added when chosen.
  std::vector<Term> brings;             // Needs it covers best in the consortium.
  std::vector<MemberEvidence> members;  // Members that cover them.
};

struct Consortium {
  std::string call_id;
  std::string title;
  std::string funder;
  std::string deadline;
  bool open = true;
  float coverage = 0.0f;  // f(S), in [0, 1].
  std::vector<Need> needs;
  std::vector<ConsortiumCluster> clusters;  // In the order chosen.
  std::vector<Term> uncovered;              // Needs below the covered threshold.
};

struct CallMatch {
  std::string call_id;
  std::string title;
  std::string funder;
  std::string deadline;
  bool open = true;
  float score = 0.0f;
  std::vector<Term> terms;
  std::vector<MemberEvidence> members;
};

// A theme that the partner search takes into account (see themes.h).
struct ThemeSignal {
  std::string id;
  std::string label;
  Eigen::VectorXf centroid;  // Unit vector in the model space.
  double z = 0.0;            // Trend statistic; only rising themes are passed.
};

struct PartnerCall {
  std::string call_id;
  std::string title;
  std::string deadline;
  float relevance = 0.0f;  // Of the call to the asking cluster.
  float gain = 0.0f;       // Coverage the partner adds to the asking cluster.
  std::vector<Term> brings;
};

struct PartnerTheme {
  std::string theme_id;
  std::string label;
  float affinity = 0.0f;  // min(affinity of both clusters).
  double z = 0.0;
};

struct Partner {
  std::string cluster_id;
  std::string name;
  float score = 0.0f;
  float relatedness = 0.0f;  // Cosine of the two profiles.
  std::vector<PartnerCall> calls;
  std::vector<PartnerTheme> themes;
  std::vector<MemberEvidence> members;
  std::vector<Term> terms;
};

class Recommender {
 public:
  // `surface` may be null (stems are shown as they are). `model` and
  // `surface` must outlive the recommender.
  Recommender(const Model& model, std::vector<ingest::TermVector> docs, const SurfaceForms* surface,
              RecommenderOptions options = {});

  const Model& model() const { return model_; }
  const std::vector<ingest::TermVector>& docs() const { return docs_; }
  // Row of record `id` in docs(), or -1.
  int32_t Find(absl::string_view id) const;
  // Unit embedding and TF-IDF weights (glossary applied) of docs()[row].
  const Eigen::VectorXf& Embedding(int32_t row) const { return unit_[static_cast<size_t>(row)]; }
  const TermWeights& Weights(int32_t row) const { return weights_[static_cast<size_t>(row)]; }
  // Cluster ids (records and clusters named by members), sorted.
  const std::vector<std::string>& cluster_ids() const { return cluster_ids_; }
  // Profile of cluster `id` (unit), or an empty vector if unknown.
  Eigen::VectorXf ClusterVector(absl::string_view id) const;
  // The cluster's display name (its record's name or title, else its id).
  std::string ClusterName(absl::string_view id) const;
  // Rows of the members of cluster `id`.
  std::vector<int32_t> Members(absl::string_view id) const;
  std::string Readable(absl::string_view stem) const;
  // True if `stem` may be shown to people as a reason or a label: some record
  // writes it as a word of its own (not the stem of a joined compound such as
  // "soustrait", nor a glossary-only term; any stem without surface forms)
  // and that word is a content word (IsContentWord(): no "2025", no "quand").
  bool Showable(absl::string_view stem) const;

  // Every cluster ranked for call `call_id`, with reasons. kNotFound if there
  // is no such record, kInvalidArgument if it is not a call.
  absl::StatusOr<std::vector<ClusterMatch>> RankClustersForCall(absl::string_view call_id) const;
  // Same for any document given by its row.
  std::vector<ClusterMatch> RankClusters(int32_t row) const;

  // The consortium for a call. kNotFound / kInvalidArgument as above;
  // kFailedPrecondition if there is no cluster at all. A closed call is still
  // answered (open = false): callers filter.
  absl::StatusOr<Consortium> ConsortiumForCall(absl::string_view call_id,
                                               absl::string_view as_of) const;

  // Calls ranked for a cluster, open on `as_of` unless include_closed.
  // kNotFound if the cluster is unknown.
  absl::StatusOr<std::vector<CallMatch>> CallsForCluster(absl::string_view cluster_id,
                                                         absl::string_view as_of,
                                                         bool include_closed) const;

  // Partner clusters for `cluster_id`: score = sum over the open calls on
  // as_of (the options' partner_calls most relevant to the cluster) of
  // relevance(cluster, call)+ * gain(partner | cluster, call), plus sum over
  // the rising `themes` of affinity(cluster)+ * affinity(partner)+.
  absl::StatusOr<std::vector<Partner>> PartnersForCluster(
      absl::string_view cluster_id, absl::string_view as_of,
      const std::vector<ThemeSignal>& themes) const;

 private:
  struct Coverage {
    std::vector<float> degree;  // Per need.
    std::vector<int32_t> unit;  // Row of the unit giving it (-1: none).
  };
  struct Needs {
    std::vector<int32_t> terms;
    std::vector<float> weights;  // Sum to 1.
  };
  // Per cluster: relevance to docs()[row] for consortia, the mean of the
  // embedding cosine (RankClusters()) and the TF-IDF cosine with the glossary
  // (exact words: the rare, specific terms the rank-k space blurs), clipped
  // at 0. Both are cosines of unit vectors, so the mean needs no weight.
  std::map<std::string, float, std::less<>> ConsortiumRelevance(int32_t row) const;
  Needs NeedsOf(int32_t call_row) const;
  Coverage CoverageOf(absl::string_view cluster_id, const Needs& needs) const;
  std::vector<Term> ContributingTerms(int32_t row, const Eigen::VectorXf& profile) const;
  std::vector<MemberEvidence> MemberEvidenceFor(int32_t row, absl::string_view cluster_id) const;
  Term MakeTerm(int32_t term, float weight) const;
  float UnitWeight(int32_t unit, int32_t term) const;

  const Model& model_;
  std::vector<ingest::TermVector> docs_;
  const SurfaceForms* surface_;
  RecommenderOptions options_;
  absl::flat_hash_map<std::string, int32_t> index_;
  std::vector<TermWeights> weights_;
  std::vector<Eigen::VectorXf> unit_;
  std::vector<Eigen::VectorXf> raw_;
  std::vector<std::string> cluster_ids_;
  std::map<std::string, std::vector<int32_t>, std::less<>> members_;
  std::map<std::string, int32_t, std::less<>> cluster_record_;
  std::map<std::string, Eigen::VectorXf, std::less<>> profiles_;
  std::map<std::string, TermWeights, std::less<>> sparse_profiles_;  // SparseClusterProfile().
  std::vector<uint8_t> known_to_units_;  // Per model term: in a cluster's or a member's record.
  std::vector<uint8_t> showable_;        // Per model term.
  std::vector<float> call_idf_;          // Per model term: smooth idf among the calls.
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RECOMMENDER_H_
