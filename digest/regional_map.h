// The regional map: every cluster, how strongly each pair is linked by the
// transverse themes and the calls they share, and which strongly linked pairs
// have never worked together on a project yet. Data first (RegionalMap), then
// one self-contained HTML page with an SVG (RenderRegionalMapHtml).
//
// Link strength of clusters a and b, in [0, 1]:
//   themes(a, b) = sum over themes t of min(share_t(a), share_t(b))
//                  (how much of the same themes both hold; shares from the
//                  recommender's themes),
//   calls(a, b)  = number of calls for which the recommender ranks both a and
//                  b among the call's `call_top_clusters` best clusters,
//   strength     = (themes / max themes + calls / max calls) / 2 over all pairs.
//
// "Worked together" (documented in doc/digest.md): a news item names both
// clusters (by their names, or by the organisation names of their members)
// and reads as a joint, funded project: it holds one of the words "lauréat",
// "retenu", "financé", "financement", "subvention", "consortium",
// "appel à projets", "AAP", "projet commun", "projet collaboratif",
// "programme commun", "s'allient", "co-porté", "groupement", "partenariat".
// Sharing a member organisation (co-membership, frequent in Occitanie) is not
// working together: such members are listed as bridges, people who can make
// the introduction.
//
// Thread safety: pure functions.

#ifndef MEUTE_DIGEST_REGIONAL_MAP_H_
#define MEUTE_DIGEST_REGIONAL_MAP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "digest/digest.h"
#include "digest/digest_assemble.h"

namespace meute::digest {

struct MapCluster {
  std::string id;
  std::string name;
  std::string city;
  std::vector<std::string> sectors;
  int member_count = 0;
};

// A news item that shows two clusters working together.
struct MapEvidence {
  std::string news_id;
  std::string title;
  std::string date;
  std::string url;
};

struct MapLink {
  std::string a;  // Cluster ids, a < b.
  std::string b;
  double strength = 0.0;     // 0..1 (see the file comment).
  double theme_score = 0.0;  // Raw sum of min shares.
  int shared_call_count = 0;
  std::vector<std::string> shared_themes;   // Labels, strongest first (at most 3).
  std::vector<DigestCallRef> shared_calls;  // Open calls first, soonest deadline first (at most 3).
  bool worked_together = false;
  // strength >= RegionalMapOptions::min_strength: the map draws the pair and
  // may suggest bringing it together.
  bool linked = false;
  std::vector<MapEvidence> evidence;  // Newest first (at most 3).
  std::vector<std::string> bridges;   // Organisations members of both (at most 5).
};

struct MapTheme {
  std::string id;
  std::string label;
  double transversality = 0.0;
  bool rising = false;
  double trend = 1.0;
  std::vector<DigestClusterRef> clusters;  // With a share of at least 10 %, largest first.
};

struct RegionalMap {
  std::string as_of;                 // YYYY-MM-DD.
  std::vector<MapCluster> clusters;  // In drawing order around the circle.
  std::vector<MapLink> links;        // Every pair with strength > 0 (or that worked together),
                                     // strongest first; `linked` ones are drawn.
  double min_strength = 0.0;         // RegionalMapOptions::min_strength.
  std::vector<MapTheme> themes;      // Most transverse first.
};

struct RegionalMapOptions {
  // The date the map describes (YYYY-MM-DD); calls open on it come first and
  // themes' trends end there. Empty: DefaultMapDate().
  std::string as_of;
  // A call links the clusters ranked among its best `call_top_clusters`.
  // Default: 3.
  int call_top_clusters = 3;
  // The threshold: the map links (draws, and lists among the pairs to bring
  // together) only the pairs whose strength is at least this. Default: 0.4,
  // which keeps the map readable (a few links per cluster) however many
  // pairs share a little.
  double min_strength = 0.4;
};

// The date a map describes by default: the latest news date of the corpus
// (calls may open in the future), else the latest date of any record, else "".
std::string DefaultMapDate(const DigestCorpus& corpus);

// Builds the map from the corpus and the recommender's evidence. Deterministic.
// kInvalidArgument if as_of is not a date, kNotFound if there is no cluster.
absl::StatusOr<RegionalMap> BuildRegionalMap(const DigestCorpus& corpus,
                                             const DigestEvidence& evidence,
                                             const RegionalMapOptions& options = {});

// One self-contained HTML page (inline CSS and SVG, no script, no external
// resource, CSP meta tag): an arc diagram of the clusters (a row each, names
// wrapped, never cut; text 12 px on a 360 px screen) with an arc per linked
// pair (`linked`: strength >= min_strength), thicker when stronger, dashed
// when the pair never worked together; then the linked pairs to bring
// together, the pairs that already work together with their evidence, and
// the transverse themes. Every corpus string is escaped.
std::string RenderRegionalMapHtml(const RegionalMap& map);

// Returns true if `folded_text` (lower-case, apostrophes unified) reads as a
// joint funded project (the word list of the file comment).
bool MentionsJointProject(absl::string_view folded_text);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_REGIONAL_MAP_H_
