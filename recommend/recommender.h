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
// Relevance of a call to a cluster, for consortia, partners and calls:
//   p(c)   = (1 - a) * tfidf(call, c) + a * cos(e_call, p_c)
//   rel(c) = max(0, (1 - b) * p(c) + b * mean of the member_top best tfidf(call, m)),
// the TF-IDF cosine (glossary applied) of the call and the cluster's sparse
// profile, mixed with the embedding cosine by a = embedding_weight, then with
// the evidence of the cluster's members closest to the call (a cluster
// whose two members do exactly what the call asks is relevant even when the
// mean of its members is not) by b = member_weight.
//
// Coverage. A call's needs are its showable terms that some unit knows (a
// cluster's record or a member's profile), one per word shown, the max_needs
// best by w(t) * idf_calls(t): the call's TF-IDF weight times the smooth idf
// of t among the calls, so that what sets the call apart from the other calls
// counts, not the wording every call shares. A unit (a cluster's own record
// or one of its members) covers need t when it writes t itself (its own
// words, not a glossary expansion nor the rank-k reconstruction):
//   cov(u, t) = min(1, w_u(t) / typical(t)),
// typical(t) being the mean weight of t where it occurs: one ordinary mention
// counts as full coverage. A cluster covers t as well as its best unit.
//
// Consortia. Clusters are ranked by relevance; the most relevant leads, and
// each next one of the top max_clusters joins only if it adds at least
// min_gain to the coverage f(S) = sum_t w_t max_{c in S} cov(c, t) (weights
// normalised to sum 1), unless the call names it: a cluster whose name the
// call's title or text writes (as whole words, case and accents aside) is in
// the team whatever its rank, relevance or gain. A member shared by two clusters counts for both:
// what a cluster adds is measured against the others' units that it does not share. Coverage
// explains (what each cluster brings, by which member); it does not reorder.
//
// Partners. For each call published by as_of, its consortium and the
// clusters' ranking. Two clusters hunt together on a call when both are in
// its consortium and both rank in its top team_rank (3). A's partners are
// ranked by reciprocal rank fusion (k = 60) of two rankings: the relatedness
// of the two profiles (the relevance formula's profile part, profile against
// profile), and the evidence of the calls they share (sum of the partner's
// relevance), made mutual to counter hubs (a broad cluster is in many
// consortia): B's evidence rank for A is the geometric mean of B's rank in
// A's list and A's rank in B's list. Closed calls count as evidence (who
// answers together); the reasons are the shared calls (open ones first), what
// B brings to them and B's members that bring it, all in B's own words (or,
// without a shared call, the words both profiles weigh that B writes).
//
// Thread safety: immutable after construction; const methods may run
// concurrently.

#ifndef MEUTE_RECOMMEND_RECOMMENDER_H_
#define MEUTE_RECOMMEND_RECOMMENDER_H_

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ingest/term_vector.h"
#include "recommend/model.h"
#include "recommend/need_phrases.h"
#include "recommend/own_words.h"
#include "recommend/parts_of_speech.h"
#include "recommend/surface_forms.h"
#include "recommend/types.h"

namespace meute::recommend {

class MappedState;

struct RecommenderOptions {
  // Terms and members shown as the reasons of one recommendation. Default: 5, 3.
  int reason_terms = 5;
  int reason_members = 3;
  // A call's needs: its most salient known terms (see above). Default: 12
  // (meute eval-recommend's grid tries 12, 20, 30: the same on the dev half).
  int max_needs = 12;
  // Words never shown as a need (lower case, as written): the wording every
  // call shares, derived from many real calls (LoadWordList() of
  // corpora/glossary/call-boilerplate.txt). Default: none.
  std::set<std::string, std::less<>> boilerplate;
  // With a thesaurus, a need is a word it may read as a noun, a glossary
  // term, or a word it does not know (no verb such as "accéder"). Null: no
  // part-of-speech check. Typically PartsOfSpeech::French().
  const PartsOfSpeech* parts_of_speech = nullptr;
  // A need counts as covered from this coverage degree (half an ordinary
  // mention). Default: 0.5.
  float covered_threshold = 0.5f;
  // Consortium size and the smallest useful marginal gain (share of the
  // call's needs) for every cluster after the first. Default: 3 (chosen on
  // the dev half, see below), 0.05.
  int max_clusters = 3;
  float min_gain = 0.05f;
  // A call is shared by two partners when both are in its consortium and in
  // its top team_rank clusters. Default: 3.
  int team_rank = 3;
  // Calls already closed count as partner evidence (who answers together);
  // only open calls are shown as reasons. Default: true.
  bool closed_calls_as_evidence = true;
  // Relevance (see above): weight of the embedding cosine against the
  // TF-IDF cosine of the profiles, then weight of the member evidence (mean
  // TF-IDF cosine of the cluster's member_top best members). Chosen on the
  // dev half of the bundled ground truth (meute eval-recommend prints the
  // grid, on both halves): 0, 0.5, 2.
  float embedding_weight = 0.0f;
  float member_weight = 0.5f;
  int member_top = 2;
  // A cluster after the first joins a consortium only if its relevance is at
  // least this share of the leader's (and it adds min_gain). Default: 0.5,
  // chosen on the dev half as above.
  float team_relevance = 0.5f;
  // xQuAD's lambda for the first max_clusters places of a call's ranking:
  // weight of covering the needs the clusters placed before leave open
  // against relevance. 0: relevance alone. Chosen on the dev half as above.
  float diversity = 0.0f;
  // With a tokenizer, the needs of ConsortiumForCall() carry the call's own
  // phrase (Term::phrase, see need_phrases.h). Empty: words only.
  PhraseTokenizer tokenize;
};

// A term in both forms: the stem and the readable word.
struct Term {
  std::string stem;
  std::string word;
  float weight = 0.0f;
  // For a call's need: the call's own words for it ("réservoirs d'hydrogène
  // liquide"; English in an English call, `word` being the French match), or
  // "" when the call gives it no phrase of two meaningful words.
  std::string phrase;
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
  float score = 0.0f;                   // Relevance to the call.
  float gain = 0.0f;                    // Share of the needs it added when chosen.
  bool named = false;                   // The call names it (see NamedClusters()).
  std::vector<Term> brings;             // Needs it covers best in the consortium.
  std::vector<MemberEvidence> members;  // Members that cover them.
};

struct Consortium {
  std::string call_id;
  std::string title;
  std::string funder;
  std::string deadline;
  std::string lang;  // The call's ("en": needs are shown with their French match).
  bool open = true;
  float coverage = 0.0f;  // f(S), in [0, 1].
  std::vector<Need> needs;
  std::vector<ConsortiumCluster> clusters;  // In the order chosen.
  std::vector<Term> uncovered;              // Needs below the covered threshold.
  std::vector<std::string> ranking;         // Every cluster, by relevance.
};

struct CallMatch {
  std::string call_id;
  std::string title;
  std::string funder;
  std::string deadline;
  bool open = true;
  float score = 0.0f;    // Relevance of the call to the cluster.
  int cluster_rank = 0;  // The cluster's rank among the clusters for this call (1: first).
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

// A call both clusters are in the consortium of (and in its top team_rank).
struct PartnerCall {
  std::string call_id;
  std::string title;
  std::string deadline;
  bool open = true;        // Open on the day asked; else closed already.
  float relevance = 0.0f;  // Of the call to the asking cluster.
  float partner_relevance = 0.0f;
  float gain = 0.0f;         // Coverage the partner adds to the call's consortium.
  std::vector<Term> brings;  // Needs of the call the partner brings.
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
  float score = 0.0f;        // Fused mutual-rank score (see above).
  float relatedness = 0.0f;  // Cosine of the two profiles (as relevance).
  float evidence = 0.0f;     // Sum of the partner's relevance to the shared calls.
  std::vector<PartnerCall> calls;
  std::vector<PartnerTheme> themes;
  std::vector<MemberEvidence> members;
  std::vector<Term> terms;
};

// A fingerprint of every option above (the boilerplate's words; whether
// parts_of_speech and tokenize are set): relevance stored with one
// fingerprint (recommend/mapped_state.h) is used only by a recommender whose
// options have the same.
uint64_t RecommenderOptionsFingerprint(const RecommenderOptions& options);

// How needs are shown: each distinct phrase once, in order, followed by the
// words it stands for that it does not write itself (the French match of an
// English phrase, when `matches`): "fuel-cell stacks (pile, combustible)".
// Needs without a phrase are left out: a need is shown as the call's own
// words or not at all.
std::vector<std::string> NeedLabels(const std::vector<Term>& needs, bool matches);

class Recommender {
 public:
  // `surface` may be null (stems are shown as they are). `model` and
  // `surface` must outlive the recommender.
  Recommender(const Model& model, std::vector<ingest::TermVector> docs, const SurfaceForms* surface,
              RecommenderOptions options = {});
  // Same, with each record's weights (Model::Weigh() of its terms and
  // language) and own model terms (its terms found in the vocabulary, sorted)
  // computed beforehand (recommend/mapped_state.h): `docs` may then come
  // without their terms and, but for calls (whose text gives the needs'
  // phrases), without their text. One entry per record of `docs`.
  Recommender(const Model& model, std::vector<ingest::TermVector> docs,
              std::vector<TermWeights> weights, std::vector<std::vector<int32_t>> own_terms,
              const SurfaceForms* surface, RecommenderOptions options = {});
  // Same, reading each record's weights and own model terms in place from
  // `state` (recommend/mapped_state.h; its rows are the records of `docs`),
  // and the calls' relevance too when `state` holds it for options with the
  // fingerprint of `options` and for as many clusters (else it is computed).
  // `docs` may come without their terms and, but for calls, without text.
  Recommender(const Model& model, std::vector<ingest::TermVector> docs,
              std::shared_ptr<const MappedState> state, const SurfaceForms* surface,
              RecommenderOptions options = {});

  const Model& model() const { return model_; }
  const std::vector<ingest::TermVector>& docs() const { return docs_; }
  // Row of record `id` in docs(), or -1.
  int32_t Find(absl::string_view id) const;
  // Unit embedding and TF-IDF weights (glossary applied) of docs()[row].
  const Eigen::VectorXf& Embedding(int32_t row) const { return unit_[static_cast<size_t>(row)]; }
  WeightsView Weights(int32_t row) const { return weights_[static_cast<size_t>(row)]; }
  // Model terms docs()[row] writes itself, sorted.
  absl::Span<const int32_t> OwnTerms(int32_t row) const {
    return own_terms_[static_cast<size_t>(row)];
  }
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
  // and that word is a content word (IsContentWord(): no "2025", no "quand")
  // and not a name: a word the texts only ever write with a capital initial
  // ("Corse", "Garonne", "Alès"; surface_forms.h prefers any lower-case
  // spelling) names a place or an organisation, not what a call needs or a
  // partner brings. Acronyms ("IA", "H2") stay.
  bool Showable(absl::string_view stem) const;
  // The analysis of texts into phrases, for need phrases and theme labels:
  // the options' tokenizer (null when none was given) and the rules of a
  // phrase's words in language `lang` ("fr" or "en"): content words that are
  // neither names, conjugated verbs (French) nor call boilerplate; a French
  // phrase starts at a word the thesaurus may read as a noun.
  const PhraseTokenizer& tokenizer() const { return options_.tokenize; }
  PhraseRules PhraseRulesFor(absl::string_view lang) const;

  // Relevance (see above) of every cluster, in cluster_ids() order, to
  // docs()[row]: stored (see the constructor) or computed by Relevance().
  std::vector<float> ClusterRelevance(int32_t row) const;
  // True when the calls' relevance is read from the state file.
  bool stored_relevance() const { return !stored_relevance_.empty(); }
  // The sparse profile (SparseClusterProfile()) of cluster_ids()[i], and
  // whether the profiles were read from the state file.
  WeightsView SparseProfile(size_t i) const {
    return WeightsView(sparse_profiles_.at(cluster_ids_[i]));
  }
  bool stored_profiles() const { return stored_profiles_; }
  // The clusters of the consortium of call docs()[row], in the order chosen
  // (MakeConsortium()), each with its rank and relevance for the call: read
  // from the state file when the relevance is (see the constructor) and it
  // holds them, else computed. They do not depend on the day asked.
  std::vector<ConsortiumSeat> ConsortiumSeats(int32_t row) const;
  // Relatedness (the partners' profile-against-profile score, see above) of
  // cluster_ids()[i] to every cluster, 0 to itself: stored or computed as
  // ConsortiumSeats().
  std::vector<float> Relatedness(size_t i) const;
  // True when ConsortiumSeats() and Relatedness() are read from the state file.
  bool stored_teams() const { return stored_teams_; }
  // RecommenderOptionsFingerprint() of the options given.
  uint64_t options_fingerprint() const { return RecommenderOptionsFingerprint(options_); }

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

  // Every other cluster ranked as a partner of `cluster_id` on the open
  // calls of `as_of` (see above); `themes` (rising themes) are shown as
  // reasons, two clusters close to the same rising theme, and do not score.
  // With `limit` > 0, only the first `limit` partners (the others' reasons
  // are not computed). kNotFound if the cluster is unknown.
  absl::StatusOr<std::vector<Partner>> PartnersForCluster(absl::string_view cluster_id,
                                                          absl::string_view as_of,
                                                          const std::vector<ThemeSignal>& themes,
                                                          size_t limit = 0) const;

 private:
  struct Coverage {
    std::vector<float> degree;  // Per need.
    std::vector<int32_t> unit;  // Row of the unit giving it (-1: none).
  };
  struct Needs {
    std::vector<int32_t> terms;
    std::vector<float> weights;  // Sum to 1.
  };
  // What PartnersForCluster() needs of every open call of one day.
  struct CallTeams {
    std::vector<int32_t> calls;  // Rows of the calls published by then.
    std::vector<bool> open;      // Per call: open on that day.
    // Per call: its consortium's clusters that rank in its top team_rank.
    std::vector<std::vector<ConsortiumSeat>> team;
    std::vector<std::vector<float>> evidence;     // Cluster x cluster.
    std::vector<std::vector<float>> relatedness;  // Cluster x cluster.
    std::vector<std::vector<float>> fused;        // Cluster x cluster: the partner score.
    // Per call row: its consortium with the reasons, formed when a partner
    // shown shares the call.
    mutable std::mutex consortia_mutex;
    mutable std::map<int32_t, std::unique_ptr<const Consortium>> consortia;
  };
  // Relevance (see above) of every cluster, in cluster_ids() order, to
  // docs()[row].
  std::vector<float> Relevance(int32_t row) const;
  Needs NeedsOf(int32_t call_row) const;
  // Per cluster (cluster_ids() order): the call at `call_row` writes its name.
  std::vector<bool> NamedClusters(int32_t call_row) const;
  // Coverage of `needs` by the units of `cluster_id`, leaving out those also
  // members of `except` (when not empty).
  Coverage CoverageOf(absl::string_view cluster_id, const Needs& needs,
                      absl::string_view except = "") const;
  // `phrases`: fill Term::phrase of the needs (options_.tokenize);
  // `reasons` false: the clusters chosen only (no needs, brings, members).
  Consortium MakeConsortium(int32_t row, absl::string_view as_of, bool phrases = false,
                            bool reasons = true) const;
  // The consortium of teams.calls[k] with its reasons, formed once.
  const Consortium& TeamConsortium(const CallTeams& teams, size_t k, absl::string_view as_of) const;
  // The call's phrase of each of `needs` (see need_phrases.h); empty without
  // options_.tokenize.
  std::vector<std::string> PhrasesOf(int32_t call_row, const Needs& needs) const;
  // Showable terms of both profiles that some unit of `b` writes, by the
  // product of their weights: why two clusters without a shared call are
  // related.
  std::vector<Term> SharedProfileTerms(absl::string_view a, absl::string_view b) const;
  std::shared_ptr<const CallTeams> TeamsOn(absl::string_view as_of) const;
  // True if docs()[unit] writes model term `term` itself.
  bool Writes(int32_t unit, int32_t term) const;
  // True if `term`'s word is, for the thesaurus, a verb or an adjective and
  // never a noun, or an inflected verb form (PartsOfSpeech::IsInflectedVerb());
  // glossary targets excepted. Such words are not shown as needs or reasons.
  bool VerbOrAdjective(int32_t term) const;
  // The words of substance docs()[row] writes (own_words.h), computed once
  // per row; null without options_.tokenize.
  const OwnWordMap* OwnWords(int32_t row) const;
  // The word shown for `term` as docs()[row]'s: "" if the term is not
  // Showable(); without a tokenizer its Readable() word; for a term the row
  // writes, its own word of substance for it ("" if it writes it only as a
  // verb, an adjective...); for a term it does not write (a glossary
  // target), the Readable() word if that is a word of substance.
  std::string ShownWord(int32_t row, int32_t term) const;
  std::vector<Term> ContributingTerms(int32_t row, const Eigen::VectorXf& profile) const;
  std::vector<MemberEvidence> MemberEvidenceFor(int32_t row, absl::string_view cluster_id) const;
  Term MakeTerm(int32_t term, float weight) const;
  float LiteralWeight(int32_t unit, int32_t term) const;
  // The constructors' work once weights_ and own_terms_ are set.
  void Build();
  // The postings Relevance() reads; built on its first use (not at all when
  // every call's relevance is stored).
  void BuildPostings() const;

  const Model& model_;
  std::vector<ingest::TermVector> docs_;
  const SurfaceForms* surface_;
  RecommenderOptions options_;
  absl::flat_hash_map<std::string, int32_t> index_;
  // The per-record weights and own terms: owned, or in the state file.
  std::shared_ptr<const MappedState> state_;
  std::vector<TermWeights> owned_weights_;
  std::vector<std::vector<int32_t>> owned_own_terms_;
  std::vector<WeightsView> weights_;
  std::vector<Eigen::VectorXf> unit_;
  std::vector<float> raw_norm_;  // Norm of each record's embedding before normalisation.
  std::vector<std::string> cluster_ids_;
  // Per cluster: its name as SpacedWords() (in recommender.cc), "" if too short to look for.
  std::vector<std::string> spaced_names_;
  std::map<std::string, std::vector<int32_t>, std::less<>> members_;
  std::map<std::string, int32_t, std::less<>> cluster_record_;
  std::map<std::string, Eigen::VectorXf, std::less<>> profiles_;
  std::map<std::string, TermWeights, std::less<>> sparse_profiles_;  // SparseClusterProfile().
  std::vector<uint8_t> known_to_units_;  // Per model term: in a cluster's or a member's record.
  std::vector<uint8_t> showable_;        // Per model term.
  std::vector<float> call_idf_;          // Per model term: smooth idf among the calls.
  std::set<int32_t> domain_terms_;       // Model terms that are French glossary targets.
  std::vector<absl::Span<const int32_t>> own_terms_;  // Per doc: its own model terms, sorted.
  // Per doc: its index in state_'s stored relevance, or -1; empty when none.
  std::vector<int32_t> stored_relevance_;
  bool stored_profiles_ = false;
  bool stored_teams_ = false;  // Consortium seats and relatedness in state_.
  std::map<std::string, size_t, std::less<>> cluster_index_;  // Into cluster_ids_.
  // Per model term: (cluster index, weight) of the sparse profiles holding
  // it, and (member slot, weight) of the members with clusters.
  mutable std::once_flag postings_once_;
  mutable std::vector<std::vector<std::pair<uint32_t, float>>> profile_postings_;
  mutable std::vector<std::vector<std::pair<uint32_t, float>>> member_postings_;
  mutable std::vector<std::vector<uint32_t>> member_clusters_;  // Per member slot: clusters.
  const FrenchMorphology* morphology_ = nullptr;                // With options_.parts_of_speech.
  const TranslationTable* translations_ = nullptr;              // FreeDict, with options_.tokenize.
  mutable std::mutex own_words_mutex_;
  mutable std::map<int32_t, std::unique_ptr<const OwnWordMap>> own_words_;
  mutable std::mutex teams_mutex_;
  mutable std::map<std::string, std::shared_ptr<const CallTeams>, std::less<>> teams_;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RECOMMENDER_H_
