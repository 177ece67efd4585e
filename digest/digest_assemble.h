// Assembles the Digest (digest.h) of one cluster for one ISO week from the
// corpus records and from what the recommender says about them.
//
// The recommender is reached through DigestEvidence, a narrow interface of
// plain values: digest_evidence.h implements it on meute_recommend's
// Recommender and themes; tests implement it by hand. So the choices made
// here (which calls are shown, which news, which buyers) are tested without
// a model.
//
// Choices (DigestOptions gives the numbers):
// - today = the Monday of the week; the week runs Monday..Sunday.
// - A call matches the cluster when the recommender ranks the cluster among
//   the call's `max_cluster_rank` best clusters and the call-cluster score is
//   at least `min_call_score`. Calls open on the Monday and calls opening
//   during the week are considered. Shown, in this order: calls closing
//   within `closing_window_days` (soonest first), calls new this week (opens,
//   or else date, within the week; best first), then the best other open
//   calls, at most `max_calls` in all, one place (two from five on) kept for
//   new calls when many calls close. The `max_consortia` best-scored shown
//   calls that more than one cluster answers get a suggested consortium.
// - Partners: as the recommender ranks them; the calls shown for a partner
//   are only those that also match the digest's cluster.
// - Themes: rising themes in which the cluster has a share, most involved
//   first; then the cluster's themes (share >= `min_growing_share`) that grow
//   without passing the significance test yet (z >= `min_growing_z`), shown
//   as "to confirm"; then other rising themes that span three clusters or
//   more.
// - News: news dated in the `news_window_days` days that end on the Sunday,
//   not near-duplicates, not buyer items, ranked by relevance to the cluster.
// - Buyers: news of the last `buyer_window_days` days (to the Sunday) in
//   which a buyer states a need (DigestEvidence::BuyerFor(), on the
//   recommender recommend/buyers.h), whose answer holds the cluster among its
//   best `max_buyer_cluster_rank` clusters with a share of at least
//   `min_news_score`, with at least one of its members;
//   the need is shown as the buyer's phrase, the members with the words they
//   share with it, and the other clusters of the group.
// - A story told twice (SameStory() titles) is shown once, buyers first.
//
// Thread safety: DigestCorpus is immutable after construction; AssembleDigest
// may run concurrently if the DigestEvidence's const methods may.

#ifndef MEUTE_DIGEST_DIGEST_ASSEMBLE_H_
#define MEUTE_DIGEST_DIGEST_ASSEMBLE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "ingest/document.h"

namespace meute::digest {

// A call ranked for a cluster.
struct RankedCall {
  std::string call_id;
  double score = 0.0;  // Relevance to the cluster, 0..1.
  // Rank of the cluster among all clusters for this call (1 = the call's best
  // cluster); 0 when unknown.
  int cluster_rank = 0;
  std::vector<std::string> reasons;  // Readable words.
  std::string feedback_note;         // Why feedback moved it; empty if it did not.
};

// How a record (news, call) relates to a cluster.
struct RecordMatch {
  double score = 0.0;    // 0..1.
  int cluster_rank = 0;  // Rank of the cluster among all clusters for the record; 0 unknown.
  std::vector<std::string> reasons;   // Readable words that contributed.
  std::vector<DigestMember> members;  // The cluster's members who match it best.
};

struct ThemeEvidence {
  std::string id;
  std::string label;
  int size = 0;
  double transversality = 0.0;
  double trend = 1.0;  // Recent share / earlier share.
  double z = 0.0;      // Trend statistic (larger = more significant growth).
  bool rising = false;
  std::vector<std::pair<std::string, double>> clusters;  // (cluster id, share), largest first.
};

// A buyer's need read in a news item, answered for one cluster.
struct BuyerEvidence {
  std::string buyer;  // Who looks (as the news names it); may be empty.
  std::string need;   // The buyer's own phrase, literal.
  // The cluster's members who answer it, best first, each with the words of
  // substance its own texts share with the need (DigestMember::skills).
  std::vector<DigestMember> members;
  // Rank of the cluster in the need's cluster group (1: first); 0 if it is
  // not in it.
  int cluster_rank = 0;
  std::vector<std::string> group;  // Cluster ids of the group, best first.
  double score = 0.0;              // The cluster's share of the answer, 0..1.
};

// What the digest asks of the recommender. Errors are returned as Status;
// the assembly turns a failure to find partners or a consortium into an
// empty section, never into a failed digest.
class DigestEvidence {
 public:
  virtual ~DigestEvidence() = default;
  // Calls open on `as_of` (YYYY-MM-DD) ranked for the cluster, best first.
  virtual absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view cluster_id,
                                                           absl::string_view as_of) const = 0;
  // How record `record_id` relates to cluster `cluster_id`.
  virtual RecordMatch Match(absl::string_view record_id, absl::string_view cluster_id) const = 0;
  // The consortium suggested for a call.
  virtual absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view call_id,
                                                         absl::string_view as_of) const = 0;
  // Partner clusters for a cluster, best first. Calls need only id and title.
  virtual absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view cluster_id,
                                                                 absl::string_view as_of) const = 0;
  // The buyer need of news item `news` answered for `cluster_id` on `as_of`
  // (the digest's Monday); nullopt when the item states no need. Default:
  // DetectBuyer() for the need and Match() for the members (the cluster
  // group is the cluster alone).
  virtual std::optional<BuyerEvidence> BuyerFor(const ingest::Document& news,
                                                absl::string_view cluster_id,
                                                absl::string_view as_of) const;
  // The corpus's themes with their trend as of `as_of`.
  virtual std::vector<ThemeEvidence> Themes(absl::string_view as_of) const = 0;
  // What feedback hid from the cluster's digest made on `as_of` (see
  // digest_feedback.h). Default: nothing.
  virtual std::vector<DigestFeedbackNote> FeedbackNotes(absl::string_view cluster_id,
                                                        absl::string_view as_of) const {
    (void)cluster_id;
    (void)as_of;
    return {};
  }
};

// The records, indexed for the assembly.
class DigestCorpus {
 public:
  explicit DigestCorpus(std::vector<ingest::Document> records);

  const ingest::Document* Find(absl::string_view id) const;
  // Cluster ids: those of cluster records and those members name, sorted.
  const std::vector<std::string>& cluster_ids() const { return cluster_ids_; }
  // The cluster record, or null.
  const ingest::Document* Cluster(absl::string_view id) const;
  // Its name (record name, else title, else the id).
  std::string ClusterName(absl::string_view id) const;
  int MemberCount(absl::string_view id) const;
  // News records, newest first (ties by id).
  const std::vector<const ingest::Document*>& news() const { return news_; }
  const std::vector<ingest::Document>& records() const { return records_; }

 private:
  std::vector<ingest::Document> records_;
  std::map<std::string, size_t, std::less<>> by_id_;
  std::vector<std::string> cluster_ids_;
  std::map<std::string, int, std::less<>> member_counts_;
  std::vector<const ingest::Document*> news_;
};

struct DigestOptions {
  // Deadlines within this many days of the Monday count as closing. Default: 30.
  int closing_window_days = 30;
  // Section sizes, so that each fits one phone screen. Defaults: 4 calls (the
  // best of them with a consortium), 3 themes, 3 partners, 4 news, 3 buyers.
  int max_calls = 4;
  int max_consortia = 1;
  int max_themes = 3;
  int max_partners = 3;
  int max_news = 4;
  int max_buyers = 3;
  // A call matches when the cluster is among its best `max_cluster_rank`
  // clusters and scores at least `min_call_score`. Defaults: 4, 0.1.
  int max_cluster_rank = 4;
  double min_call_score = 0.1;
  // Open calls that are neither closing nor new fill the section only from
  // this score on. Default: 0.3.
  double min_other_call_score = 0.3;
  // Growing but not significant themes of the cluster. Defaults: a share of
  // 0.1 and z >= 0.5.
  double min_growing_share = 0.1;
  double min_growing_z = 0.5;
  // News and buyers windows, in days ending on the Sunday. Defaults: 14, 30.
  int news_window_days = 14;
  int buyer_window_days = 30;
  // Smallest relevance of a news or buyer item. Default: 0.1.
  double min_news_score = 0.1;
  // A buyer item is kept only when the cluster is among the item's best
  // `max_buyer_cluster_rank` clusters: the need lies in its trade. Default: 4.
  int max_buyer_cluster_rank = 4;
  // Excerpts, in characters. Default: 220.
  int excerpt_chars = 220;
  // Copied into the digest (Digest::feedback_links). Default: no links.
  DigestFeedbackLinks feedback_links;
};

// The digest of `cluster_id` for `week`. kNotFound if the corpus knows no
// such cluster; kInvalidArgument for bad options. Deterministic for the same
// corpus, evidence and week.
absl::StatusOr<Digest> AssembleDigest(const DigestCorpus& corpus, const DigestEvidence& evidence,
                                      absl::string_view cluster_id, const IsoWeek& week,
                                      const DigestOptions& options = {});

// AssembleDigest() for each of `cluster_ids`, on up to `threads` threads (the
// evidence's const methods must allow it); results in the order of
// `cluster_ids`, each as AssembleDigest() would return it.
std::vector<absl::StatusOr<Digest>> AssembleDigests(const DigestCorpus& corpus,
                                                    const DigestEvidence& evidence,
                                                    const std::vector<std::string>& cluster_ids,
                                                    const IsoWeek& week,
                                                    const DigestOptions& options, int threads);

// A buyer signal read from a news item: who looks for what.
struct BuyerSignal {
  std::string buyer;  // Who (as the title or text names it); may be empty.
  std::string need;   // The sentence that says what they look for.
};

// Reads `news` as a buyer item when its title says someone "cherche",
// "recherche", "lance un appel d'offres / une consultation / un appel à
// candidatures" (and the like), or its text has such a sentence aimed at
// suppliers, subcontractors, partners, integrators or providers. nullopt
// otherwise (including awards: "retient", "choisit", "attribue").
std::optional<BuyerSignal> DetectBuyer(const ingest::Document& news);

// True when two titles tell the same story: they share at least three words
// of four letters or more, and those make at least half of the shorter
// title's such words (accents kept, case and apostrophes folded).
bool SameStory(absl::string_view title_a, absl::string_view title_b);

// The first sentence (or two, up to `max_chars`) of `text`, whitespace
// collapsed.
std::string Excerpt(absl::string_view text, size_t max_chars);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_ASSEMBLE_H_
