// Transverse themes: news and calls grouped in the embedding space.
//
// - Grouping: spherical k-means (cosine), seeded by k-means++ from
//   std::mt19937_64(seed), best of `restarts` runs. k is the value in
//   [2, floor(sqrt(m / 2))] (the classic rule-of-thumb bound) with the largest
//   mean silhouette (cosine distance; Rousseeuw 1987) of the k-means of m =
//   min(n, 2,000) documents picked deterministically (every step-th); when
//   n > 2,000 every document is then grouped with that k.
// - Label: the stems with the highest class-based TF-IDF (c-TF-IDF, as
//   BERTopic: tf(t, theme) / words(theme) * ln(1 + A / f(t)), A the mean
//   number of words per theme, f(t) the count of t in all themes), shown as
//   the word that most often produced them in the theme's documents.
//   Each label word then carries the phrase that the most of the theme's
//   documents write around it (see ThemeOptions::label_phrases), as
//   BERTopic's n-gram labels, read as noun phrases.
// - Transversality: every member is assigned to its nearest theme; a theme's
//   spread over clusters comes from its members' cluster links (a member in
//   two clusters counts half in each), or, for a theme that no member is
//   nearest to, from the positive cosines of the cluster profiles. It is the
//   entropy of that spread divided by ln(number of clusters): 0 = one
//   cluster, 1 = all clusters evenly; `effective_clusters` = exp(entropy).
// - Trend: documents in the last `recent_weeks` weeks up to as_of against the
//   `baseline_weeks` weeks before. Under "the theme's share is constant", its
//   recent count x given its count n in both windows is Binomial(n, p0), p0
//   the share of all themed documents that fall in the recent window. We
//   report z = (x - n p0) / sqrt(n p0 (1 - p0)) and the exact one-sided
//   p-value P(X >= x); a theme is rising when p < 0.05 and its share grew.
// - Stable ids: each theme carries a signature (its mean TF-IDF weights over
//   the 40 strongest stems, unit length), which does not depend on the SVD
//   basis. New themes are matched to the previous run's by the Hungarian
//   algorithm on signature cosine; a pair with cosine >= 0.5 keeps the old id,
//   other themes get fresh ids ("T" + number, never reused).
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_THEMES_H_
#define MEUTE_RECOMMEND_THEMES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/parts_of_speech.h"
#include "recommend/recommender.h"
#include "recommend/types.h"

namespace meute::recommend {

struct ThemeOptions {
  // Date of the run (YYYY-MM-DD): later documents are ignored; windows end
  // here. REQUIRED.
  std::string as_of;
  // Trend windows. Default: the last 8 weeks against the 26 weeks before.
  int recent_weeks = 8;
  int baseline_weeks = 26;
  // Fixed number of themes; 0 chooses k by silhouette. Default: 0.
  int k = 0;
  uint64_t seed = 42;
  int restarts = 5;
  int max_iterations = 100;
  int label_terms = 5;
  // Group by what the documents say whatever their language: terms that only
  // English documents write (no French or other document does) are left out
  // of the vectors that are grouped, so an English call lands with the French
  // documents on its subject through the words the glossary maps and the
  // words both languages share, instead of with the other English
  // documents. Default: true.
  bool language_neutral = true;
  // Labels name subjects: a word most often written with a capital (a
  // name: "Mipyrail", "Castres", "Team") is never a label word; with a
  // thesaurus, a label word is one it knows as a noun, or a word it does not
  // know that ends like a French noun ("cybersécurité"), so that no news
  // verb ("lève", "recruter") labels a theme. Null: no part-of-speech
  // check. Typically PartsOfSpeech::French().
  const PartsOfSpeech* parts_of_speech = nullptr;
  // Label phrases: each label word is shown in the phrase around it that
  // the most of the theme's documents write (at least two of its 100 nearest
  // the centroid, French ones), phrases read as need phrases are
  // (need_phrases.h, Recommender::PhraseRulesFor()): "fuites d'eau",
  // "réutilisation des eaux usées". A word that a better word's phrase holds
  // is not shown again. Needs the recommender's tokenizer; without one, or
  // false: words only. Default: true.
  bool label_phrases = true;
  int top_documents = 5;
  int top_clusters = 5;
  // Signature cosine from which a theme keeps a previous id. Default: 0.5.
  float match_threshold = 0.5f;
};

struct TrendStat {
  int recent = 0;           // Theme documents in the recent window.
  int before = 0;           // In the baseline window.
  double recent_share = 0;  // recent / all themed documents of the recent window.
  double before_share = 0;
  double z = 0;
  double p_value = 1;  // One-sided, for growth.
  bool rising = false;
};

struct ThemeDocument {
  std::string id;
  std::string title;
  std::string date;
  float score = 0.0f;  // Cosine with the centroid.
};

struct ThemeCluster {
  std::string id;
  std::string name;
  float share = 0.0f;
};

using Signature = std::vector<std::pair<std::string, float>>;  // Sorted by stem.

struct Theme {
  std::string id;
  std::vector<Term> label;
  int size = 0;
  int members = 0;  // Members nearest to this theme.
  double transversality = 0;
  double effective_clusters = 0;
  TrendStat trend;
  std::vector<ThemeDocument> documents;  // The top_documents nearest the centroid.
  std::vector<int32_t> rows;             // Every document's row in the recommender, nearest first.
  std::vector<ThemeCluster> clusters;
  Eigen::VectorXf centroid;  // Unit, model space.
  Signature signature;
};

struct SavedTheme {
  std::string id;
  Signature signature;
};

struct ThemeState {
  int next_id = 1;
  std::vector<SavedTheme> themes;
};

struct ThemeRun {
  std::vector<Theme> themes;  // Largest first.
  int k = 0;
  double silhouette = 0;  // Mean silhouette of the chosen k.
  int documents = 0;
  ThemeState state;  // To save for the next run.
};

// A theme's label as people read it: its first `max_terms` label entries,
// each as its phrase or, without one, its word, joined by ", ".
std::string ThemeLabelText(const Theme& theme, size_t max_terms = 5);

// The themes of a set of documents without what depends on the day asked
// (trends) or on the previous run (ids): what `meute model build` stores
// (recommend/mapped_state.h) for the documents dated up to the newest one, so
// that the commands only date them. Valid for the records it was computed
// from, with theme options of fingerprint `options_fingerprint` and a
// recommender of options `recommender_fingerprint`
// (RecommenderOptionsFingerprint()), for exactly the documents `rows`, and
// for options.top_clusters up to `top_clusters` (each theme's clusters are
// then the first of the stored ones).
struct StoredThemes {
  uint64_t options_fingerprint = 0;
  int top_clusters = 0;
  uint64_t recommender_fingerprint = 0;
  std::vector<int32_t> rows;
  ThemeRun run;  // Themes without trend nor id; k, silhouette, documents.
};
std::string SerializeStoredThemes(const StoredThemes& stored);
// kDataLoss if `bytes` is not what SerializeStoredThemes() writes.
absl::StatusOr<StoredThemes> ParseStoredThemes(absl::string_view bytes);

// A fingerprint of every option but as_of and top_clusters
// (parts_of_speech: set or not).
uint64_t ThemeOptionsFingerprint(const ThemeOptions& options);

// The documents grouped on `as_of`: rows of the news and calls dated (or,
// undated, opening) on or before it, with a vector.
std::vector<int32_t> ThemeRows(const Recommender& rec, absl::string_view as_of);

// True when `stored` holds the themes DiscoverThemes() forms on
// options.as_of (same documents, options and recommender options).
bool StoredThemesApply(const StoredThemes& stored, const Recommender& rec,
                       const ThemeOptions& options);

// Groups the news and calls of `rec` dated on or before options.as_of.
// kInvalidArgument if as_of is not a date or fewer than 4 documents qualify.
// When `stored` applies (StoredThemesApply()), only the trends and ids are
// computed; otherwise everything, reading the documents' terms and texts
// from `records` when given (rec's rows with their terms and texts: rec's
// own records may come without them), else from rec.docs().
absl::StatusOr<ThemeRun> DiscoverThemes(const Recommender& rec, const ThemeOptions& options,
                                        const ThemeState& previous,
                                        const std::vector<ingest::TermVector>* records = nullptr,
                                        const StoredThemes* stored = nullptr);

// Spherical k-means of the unit rows of `x`: assignment per row. `centroids`
// gets the unit centroids. Deterministic for a seed.
std::vector<int> SphericalKMeans(const DenseMatrix& x, int k, uint64_t seed, int restarts,
                                 int max_iterations, DenseMatrix* centroids);

// Mean silhouette with cosine distance of `assignment` over the rows of `x`.
double MeanSilhouette(const DenseMatrix& x, const std::vector<int>& assignment, int k);

// Maximum-weight assignment of rows to columns of `weights` (rows x cols):
// for each row, its column or -1.
std::vector<int> HungarianMaximize(const std::vector<std::vector<double>>& weights);

// P(X >= x) for X ~ Binomial(n, p).
double BinomialUpperTail(int x, int n, double p);

// The theme state file beside the model: DB/meute.themes.json.
std::string ThemeStatePath(absl::string_view db_dir);
std::string SerializeThemeState(const ThemeState& state);
// kDataLoss if `json` is not a theme state.
absl::StatusOr<ThemeState> ParseThemeState(absl::string_view json);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_THEMES_H_
