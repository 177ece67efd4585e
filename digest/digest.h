// The weekly digest of one cluster, as data: what the renderers (Markdown,
// HTML, e-mail, JSON: digest_render.h) show, and what digest_assemble.h fills
// from the corpus and the recommender.
//
// A digest is made for one cluster and one ISO week. Its "today" is the Monday
// of that week: countdowns ("J-12") count from it, "new this week" means
// opened (or published) between that Monday and the Sunday after it.
//
// Every string that comes from the corpus is kept raw here (never escaped):
// each renderer escapes for its own output.
//
// Thread safety: plain value types.

#ifndef MEUTE_DIGEST_DIGEST_H_
#define MEUTE_DIGEST_DIGEST_H_

#include <optional>
#include <string>
#include <vector>

namespace meute::digest {

// Bump when a field of the JSON rendering changes meaning or disappears
// (adding a field does not need a bump). DO NOT CHANGE without updating
// doc/digest.md.
inline constexpr int kDigestFormatVersion = 1;

// A reference to a cluster (by id, with its display name).
struct DigestClusterRef {
  std::string id;
  std::string name;
};

// A member of a cluster, as a consortium or a buyer match names it.
struct DigestMember {
  std::string id;
  std::string name;                 // The organisation.
  std::string cluster_id;           // The cluster it is suggested for.
  std::vector<std::string> skills;  // The skills that matched, in its own words.
};

// One cluster of a suggested consortium and what it brings.
struct DigestConsortiumPart {
  DigestClusterRef cluster;
  std::vector<DigestMember> members;  // Best first.
  std::vector<std::string> brings;    // Needs of the call it covers, readable words.
};

struct DigestConsortium {
  std::vector<DigestConsortiumPart> parts;  // The digest's own cluster first.
  std::vector<std::string> uncovered;       // Needs nobody covers.
};

struct DigestCall {
  std::string id;
  std::string title;
  std::string funder;
  std::string programme;
  std::string url;               // Raw; renderers keep only http(s) URLs.
  std::string opens;             // YYYY-MM-DD or empty.
  std::string deadline;          // YYYY-MM-DD or empty (rolling call).
  std::optional<int> days_left;  // deadline - today; absent without a deadline.
  std::optional<double> budget_eur;
  bool is_new = false;               // Opened (or published) during the digest's week.
  bool closing_soon = false;         // Deadline within the closing window (default 30 days).
  double score = 0.0;                // How well it matches the cluster, 0..1.
  std::vector<std::string> reasons;  // Readable words or theme labels that matched.
  std::optional<DigestConsortium> consortium;  // For the best calls only.
  // Why feedback moved it ("since you accepted ..."), raw text; empty if not.
  std::string feedback_note;
};

struct DigestTheme {
  std::string id;
  std::string label;                       // Readable words, e.g. "hydrogène, électrolyse".
  int size = 0;                            // Documents in the theme.
  double transversality = 0.0;             // 0 (one cluster) .. 1 (spread evenly).
  double trend = 0.0;                      // Growth ratio, recent weeks against before (1 = flat).
  bool rising = false;                     // The trend passed its significance test.
  double involvement = 0.0;                // How much the digest's cluster is in it, 0..1.
  std::vector<DigestClusterRef> clusters;  // Clusters it spans, most involved first.
};

struct DigestCallRef {
  std::string id;
  std::string title;
  std::string deadline;  // YYYY-MM-DD or empty.
  std::optional<int> days_left;
};

struct DigestPartner {
  DigestClusterRef cluster;
  double score = 0.0;                      // 0..1.
  std::vector<std::string> shared_themes;  // Theme labels (also drawn in the picture).
  std::vector<DigestCallRef> calls;        // Open calls they could answer together.
  std::vector<DigestMember> members;       // Its members that contributed most.
  std::vector<std::string> terms;          // Words the two clusters share.
  std::string feedback_note;               // As DigestCall::feedback_note.
};

struct DigestNews {
  std::string id;
  std::string title;
  std::string source;
  std::string date;  // YYYY-MM-DD.
  std::string url;
  std::string excerpt;               // A sentence or two, plain text.
  std::vector<std::string> reasons;  // Themes or words that made it relevant.
  double score = 0.0;
};

// A buyer (donneur d'ordres, public purchaser, integrator) who, in the news,
// looks for something that the cluster's members do.
struct DigestBuyer {
  std::string news_id;
  std::string title;
  std::string source;
  std::string date;
  std::string url;
  std::string buyer;                  // Who looks (as the news names it), may be empty.
  std::string need;                   // The buyer's phrase that says what they look for.
  std::vector<DigestMember> members;  // The cluster's members who could answer.
  // The other clusters of the group that answers the need, best first.
  std::vector<DigestClusterRef> group;
  double score = 0.0;
};

// Where the answers to the digest's suggestions go. Each call, partner and
// buyer shows its suggestion id (feedback/suggestion_id.h); in HTML and
// e-mail it gets accept / reject / already-known links.
struct DigestFeedbackLinks {
  // Address of a mailto: link whose subject is "meute VERB ID" (VERB:
  // accept, reject, known), which `meute feedback import` reads back from
  // the replies. Empty: no mailto link.
  std::string mailto;
  // A URL template in which "{id}" and "{answer}" are replaced (URL-encoded);
  // when set, it replaces the mailto link. Only http(s) templates are used.
  std::string url_template;
};

// A suggestion that feedback hid this week, said in the digest.
struct DigestFeedbackNote {
  std::string id;  // Suggestion id.
  std::string text;  // Raw text, e.g. "Automotech n’est plus suggéré depuis votre refus du 7 déc.".
};

struct Digest {
  int format_version = kDigestFormatVersion;
  std::string week;      // "2026-W48".
  std::string today;     // The Monday of the week, YYYY-MM-DD.
  std::string week_end;  // The Sunday, YYYY-MM-DD.
  int closing_window_days = 30;

  DigestClusterRef cluster;
  std::string city;
  std::vector<std::string> sectors;
  int member_count = 0;
  int open_calls = 0;  // Open calls that match the cluster at all (before limits).

  std::vector<DigestCall> calls;  // Closing soon (soonest first), then new ones.
  std::vector<DigestTheme> themes;
  std::vector<DigestPartner> partners;
  std::vector<DigestNews> news;
  std::vector<DigestBuyer> buyers;

  DigestFeedbackLinks feedback_links;
  std::vector<DigestFeedbackNote> feedback_notes;  // Suggestions feedback hid.
};

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_H_
