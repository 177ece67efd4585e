// DigestEvidence (digest_assemble.h) on meute_recommend: the Recommender for
// calls, consortia, partners and record-cluster matches, and one ThemeRun for
// the themes.
//
// Results the digests of one week ask again and again (the clusters ranked
// for a record, the consortium of a call) are computed once and cached, so
// `meute digest --all` costs little more than one digest.
//
// Thread safety: const methods may run concurrently (the caches are guarded).

#ifndef MEUTE_DIGEST_DIGEST_EVIDENCE_H_
#define MEUTE_DIGEST_DIGEST_EVIDENCE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "digest/digest_assemble.h"
#include "recommend/buyers.h"
#include "recommend/recommender.h"
#include "recommend/themes.h"

namespace meute::digest {

class RecommenderEvidence : public DigestEvidence {
 public:
  // `rec` must outlive this object. `themes` is the theme run of the period
  // the digests describe (for a week: DiscoverThemes() with as_of = its
  // Sunday): Themes() returns it whatever date is asked, and its rising
  // themes are the signals of the partner search.
  RecommenderEvidence(const recommend::Recommender& rec, recommend::ThemeRun themes);

  absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view cluster_id,
                                                   absl::string_view as_of) const override;
  RecordMatch Match(absl::string_view record_id, absl::string_view cluster_id) const override;
  absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view call_id,
                                                 absl::string_view as_of) const override;
  absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view cluster_id,
                                                         absl::string_view as_of) const override;
  std::vector<ThemeEvidence> Themes(absl::string_view as_of) const override;
  // With a matcher (SetBuyerMatcher()): the need phrase and the members whose
  // texts answer it (recommend/buyers.h), computed once per news item; the
  // buyer's name from DetectBuyer(). Without: DigestEvidence's default.
  std::optional<BuyerEvidence> BuyerFor(const ingest::Document& news, absl::string_view cluster_id,
                                        absl::string_view as_of) const override;
  // `matcher` (over rec's records) must outlive this object; null: none.
  void SetBuyerMatcher(const recommend::BuyerMatcher* matcher) { buyers_ = matcher; }

 private:
  // Clusters ranked for record `record_id` (cached); empty if unknown.
  const std::vector<recommend::ClusterMatch>& Ranked(absl::string_view record_id) const;

  const recommend::Recommender& rec_;
  recommend::ThemeRun run_;
  std::vector<recommend::ThemeSignal> rising_;
  std::vector<ThemeEvidence> themes_;

  mutable std::mutex mu_;
  mutable std::map<std::string, std::vector<recommend::ClusterMatch>, std::less<>> ranked_;
  mutable std::map<std::string, absl::StatusOr<DigestConsortium>, std::less<>> consortia_;
  const recommend::BuyerMatcher* buyers_ = nullptr;
  mutable std::map<std::string, recommend::BuyerAnswer, std::less<>> buyer_answers_;
};

// The themes of the records of `rec` on `as_of` (YYYY-MM-DD), for digests and
// the map: every cluster's share is kept (not only the top few), and theme ids
// are matched to the state saved beside the database in `db_dir` (see
// ThemeStatePath()), which is read but never written, so digests change no
// file. From `stored` when it applies (recommend/themes.h). Errors as
// DiscoverThemes(); kDataLoss if the saved state is corrupt.
absl::StatusOr<recommend::ThemeRun> DigestThemes(const recommend::Recommender& rec,
                                                 absl::string_view db_dir, absl::string_view as_of,
                                                 const recommend::StoredThemes* stored = nullptr);

// The records of `rec` (what the database holds), for DigestCorpus.
std::vector<ingest::Document> RecommenderRecords(const recommend::Recommender& rec);

// A theme is shared by two clusters when each holds at least this share of
// its documents (ThemeEvidence::clusters).
inline constexpr double kMinSharedThemeShare = 0.05;

// Labels of the themes that clusters `a` and `b` both hold (each a share of at
// least kMinSharedThemeShare), best first: the smaller of the two shares
// times log(1 + clusters / clusters holding the theme), so that a theme
// nearly every cluster holds comes last (ties by theme id); each label once. What the digest shows
// as a partner's shared themes when the recommender names none.
std::vector<std::string> SharedThemeLabels(const std::vector<ThemeEvidence>& themes,
                                           absl::string_view a, absl::string_view b);

// False for words a reader cannot use as a reason: numbers ("2026") and
// words of one or two letters other than acronyms ("IA", "H2").
bool IsShowableWord(absl::string_view word);

// The readable words of `terms` that IsShowableWord(), at most `max`, each
// once.
std::vector<std::string> TermWords(const std::vector<recommend::Term>& terms, size_t max);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_EVIDENCE_H_
