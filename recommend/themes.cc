#include "recommend/themes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "recommend/dates.h"
#include "recommend/need_phrases.h"
#include "recommend/surface_forms.h"
#include "zlib.h"

namespace meute::recommend {
namespace {

constexpr int kSignatureTerms = 40;
constexpr int kLabelPhraseDocuments = 100;
// Label words looked at beyond ThemeOptions::label_terms when phrases are on.
constexpr int kSpareLabelWords = 3;
constexpr int kSilhouetteSample = 2000;

// One k-means run from k-means++ seeds; returns the objective (sum of cosines).
double KMeansRun(const DenseMatrix& x, int k, std::mt19937_64& rng, int max_iterations,
                 std::vector<int>& assign, DenseMatrix& centroids) {
  const Eigen::Index n = x.rows();
  centroids.resize(k, x.cols());
  std::vector<double> dist(static_cast<size_t>(n), std::numeric_limits<double>::max());
  auto uniform = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  Eigen::Index first = static_cast<Eigen::Index>(uniform() * static_cast<double>(n));
  first = std::min(first, n - 1);
  centroids.row(0) = x.row(first);
  for (int c = 1; c < k; ++c) {
    double total = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = std::max(0.0, 1.0 - static_cast<double>(x.row(i).dot(centroids.row(c - 1))));
      dist[static_cast<size_t>(i)] = std::min(dist[static_cast<size_t>(i)], d * d);
      total += dist[static_cast<size_t>(i)];
    }
    Eigen::Index chosen = n - 1;
    if (total > 0) {
      double r = uniform() * total;
      for (Eigen::Index i = 0; i < n; ++i) {
        r -= dist[static_cast<size_t>(i)];
        if (r <= 0) {
          chosen = i;
          break;
        }
      }
    } else {
      chosen = static_cast<Eigen::Index>(uniform() * static_cast<double>(n));
      chosen = std::min(chosen, n - 1);
    }
    centroids.row(c) = x.row(chosen);
  }
  assign.assign(static_cast<size_t>(n), -1);
  double objective = 0;
  for (int iter = 0; iter < max_iterations; ++iter) {
    const DenseMatrix sims = x * centroids.transpose();
    bool changed = false;
    objective = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index best = 0;
      objective += sims.row(i).maxCoeff(&best);
      if (assign[static_cast<size_t>(i)] != static_cast<int>(best)) {
        assign[static_cast<size_t>(i)] = static_cast<int>(best);
        changed = true;
      }
    }
    DenseMatrix sums = DenseMatrix::Zero(k, x.cols());
    std::vector<int> counts(static_cast<size_t>(k), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      sums.row(assign[static_cast<size_t>(i)]) += x.row(i);
      ++counts[static_cast<size_t>(assign[static_cast<size_t>(i)])];
    }
    for (int c = 0; c < k; ++c) {
      const float norm = sums.row(c).norm();
      if (counts[static_cast<size_t>(c)] > 0 && norm > 0) {
        centroids.row(c) = sums.row(c) / norm;
      } else {
        // An empty cluster takes the point farthest from its centroid.
        Eigen::Index worst = 0;
        double worst_sim = 2;
        for (Eigen::Index i = 0; i < n; ++i) {
          const double s = sims(i, assign[static_cast<size_t>(i)]);
          if (s < worst_sim) {
            worst_sim = s;
            worst = i;
          }
        }
        centroids.row(c) = x.row(worst);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return objective;
}

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

bool HasDigit(absl::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double Cosine(const Signature& a, const Signature& b) {
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      dot += static_cast<double>(a[i].second) * b[j].second;
      ++i;
      ++j;
    }
  }
  return dot;
}

}  // namespace

std::vector<int> SphericalKMeans(const DenseMatrix& x, int k, uint64_t seed, int restarts,
                                 int max_iterations, DenseMatrix* centroids) {
  std::mt19937_64 rng(seed);
  std::vector<int> best_assign;
  DenseMatrix best_centroids;
  double best = -std::numeric_limits<double>::max();
  for (int r = 0; r < std::max(1, restarts); ++r) {
    std::vector<int> assign;
    DenseMatrix c;
    const double objective = KMeansRun(x, k, rng, max_iterations, assign, c);
    if (objective > best) {
      best = objective;
      best_assign = std::move(assign);
      best_centroids = std::move(c);
    }
  }
  if (centroids != nullptr) *centroids = std::move(best_centroids);
  return best_assign;
}

double MeanSilhouette(const DenseMatrix& x, const std::vector<int>& assignment, int k) {
  const Eigen::Index n = x.rows();
  if (n < 2 || k < 2) return 0;
  const DenseMatrix sims = x * x.transpose();
  std::vector<int> counts(static_cast<size_t>(k), 0);
  for (int a : assignment) ++counts[static_cast<size_t>(a)];
  double total = 0;
  std::vector<double> sum(static_cast<size_t>(k));
  for (Eigen::Index i = 0; i < n; ++i) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j == i) continue;
      sum[static_cast<size_t>(assignment[static_cast<size_t>(j)])] +=
          1.0 - static_cast<double>(sims(i, j));
    }
    const int own = assignment[static_cast<size_t>(i)];
    if (counts[static_cast<size_t>(own)] <= 1) continue;  // s(i) = 0 for singletons.
    const double a = sum[static_cast<size_t>(own)] / (counts[static_cast<size_t>(own)] - 1);
    double b = std::numeric_limits<double>::max();
    for (int c = 0; c < k; ++c) {
      if (c == own || counts[static_cast<size_t>(c)] == 0) continue;
      b = std::min(b, sum[static_cast<size_t>(c)] / counts[static_cast<size_t>(c)]);
    }
    if (b == std::numeric_limits<double>::max()) continue;
    const double m = std::max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return total / static_cast<double>(n);
}

std::vector<int> HungarianMaximize(const std::vector<std::vector<double>>& weights) {
  const int rows = static_cast<int>(weights.size());
  const int cols = rows > 0 ? static_cast<int>(weights[0].size()) : 0;
  const int n = std::max(rows, cols);
  std::vector<int> out(static_cast<size_t>(rows), -1);
  if (n == 0) return out;
  double max_w = 0;
  for (const auto& r : weights) {
    for (double w : r) max_w = std::max(max_w, w);
  }
  // Minimise cost = max_w - weight on a square matrix padded with max_w.
  auto cost = [&](int i, int j) {
    if (i < rows && j < cols)
      return max_w - weights[static_cast<size_t>(i)][static_cast<size_t>(j)];
    return max_w;
  };
  const double inf = std::numeric_limits<double>::max() / 4;
  std::vector<double> u(static_cast<size_t>(n + 1)), v(static_cast<size_t>(n + 1));
  std::vector<int> p(static_cast<size_t>(n + 1)), way(static_cast<size_t>(n + 1));
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(static_cast<size_t>(n + 1), inf);
    std::vector<char> used(static_cast<size_t>(n + 1), false);
    do {
      used[static_cast<size_t>(j0)] = true;
      const int i0 = p[static_cast<size_t>(j0)];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[static_cast<size_t>(j)]) continue;
        const double cur =
            cost(i0 - 1, j - 1) - u[static_cast<size_t>(i0)] - v[static_cast<size_t>(j)];
        if (cur < minv[static_cast<size_t>(j)]) {
          minv[static_cast<size_t>(j)] = cur;
          way[static_cast<size_t>(j)] = j0;
        }
        if (minv[static_cast<size_t>(j)] < delta) {
          delta = minv[static_cast<size_t>(j)];
          j1 = j;
        }
      }
      for (int j = 0; j <= n; ++j) {
        if (used[static_cast<size_t>(j)]) {
          u[static_cast<size_t>(p[static_cast<size_t>(j)])] += delta;
          v[static_cast<size_t>(j)] -= delta;
        } else {
          minv[static_cast<size_t>(j)] -= delta;
        }
      }
      j0 = j1;
    } while (p[static_cast<size_t>(j0)] != 0);
    do {
      const int j1 = way[static_cast<size_t>(j0)];
      p[static_cast<size_t>(j0)] = p[static_cast<size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  for (int j = 1; j <= n; ++j) {
    const int i = p[static_cast<size_t>(j)] - 1;
    if (i >= 0 && i < rows && j - 1 < cols) out[static_cast<size_t>(i)] = j - 1;
  }
  return out;
}

double BinomialUpperTail(int x, int n, double p) {
  if (x <= 0) return 1.0;
  if (x > n) return 0.0;
  if (p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  double total = 0;
  for (int i = x; i <= n; ++i) {
    const double log_term = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) +
                            i * std::log(p) + (n - i) * std::log1p(-p);
    total += std::exp(log_term);
  }
  return std::min(1.0, total);
}

uint64_t ThemeOptionsFingerprint(const ThemeOptions& o) {
  const nlohmann::json j = {o.recent_weeks,  o.baseline_weeks,   o.k,
                            o.seed,          o.restarts,         o.max_iterations,
                            o.label_terms,   o.language_neutral, o.parts_of_speech != nullptr,
                            o.label_phrases, o.top_documents,    o.match_threshold};
  const std::string bytes = j.dump();
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                          static_cast<uInt>(bytes.size()));
  return (static_cast<uint64_t>(crc) << 32) ^ bytes.size();
}

std::string SerializeStoredThemes(const StoredThemes& stored) {
  nlohmann::json j;
  j["format"] = "meute-stored-themes";
  j["version"] = 1;
  j["options"] = stored.options_fingerprint;
  j["top_clusters"] = stored.top_clusters;
  j["recommender"] = stored.recommender_fingerprint;
  j["rows"] = stored.rows;
  j["k"] = stored.run.k;
  j["silhouette"] = stored.run.silhouette;
  j["documents"] = stored.run.documents;
  j["themes"] = nlohmann::json::array();
  for (const Theme& t : stored.run.themes) {
    nlohmann::json e;
    e["label"] = nlohmann::json::array();
    for (const Term& l : t.label) e["label"].push_back({l.stem, l.word, l.weight, l.phrase});
    e["size"] = t.size;
    e["members"] = t.members;
    e["transversality"] = t.transversality;
    e["effective_clusters"] = t.effective_clusters;
    e["top"] = nlohmann::json::array();
    for (const ThemeDocument& d : t.documents) e["top"].push_back({d.id, d.title, d.date, d.score});
    e["rows"] = t.rows;
    e["clusters"] = nlohmann::json::array();
    for (const ThemeCluster& c : t.clusters) e["clusters"].push_back({c.id, c.name, c.share});
    e["centroid"] = std::vector<float>(t.centroid.data(), t.centroid.data() + t.centroid.size());
    e["signature"] = nlohmann::json::array();
    for (const auto& [stem, w] : t.signature) e["signature"].push_back({stem, w});
    j["themes"].push_back(std::move(e));
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<StoredThemes> ParseStoredThemes(absl::string_view bytes) {
  const nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "meute-stored-themes") {
    return absl::DataLossError("stored themes: not a stored themes object");
  }
  StoredThemes out;
  try {
    out.options_fingerprint = j.at("options").get<uint64_t>();
    out.top_clusters = j.at("top_clusters").get<int>();
    out.recommender_fingerprint = j.at("recommender").get<uint64_t>();
    out.rows = j.at("rows").get<std::vector<int32_t>>();
    out.run.k = j.at("k").get<int>();
    out.run.silhouette = j.at("silhouette").get<double>();
    out.run.documents = j.at("documents").get<int>();
    for (const nlohmann::json& e : j.at("themes")) {
      Theme t;
      for (const nlohmann::json& l : e.at("label")) {
        t.label.push_back(Term{l.at(0).get<std::string>(), l.at(1).get<std::string>(),
                               l.at(2).get<float>(), l.at(3).get<std::string>()});
      }
      t.size = e.at("size").get<int>();
      t.members = e.at("members").get<int>();
      t.transversality = e.at("transversality").get<double>();
      t.effective_clusters = e.at("effective_clusters").get<double>();
      for (const nlohmann::json& d : e.at("top")) {
        t.documents.push_back({d.at(0).get<std::string>(), d.at(1).get<std::string>(),
                               d.at(2).get<std::string>(), d.at(3).get<float>()});
      }
      t.rows = e.at("rows").get<std::vector<int32_t>>();
      for (const nlohmann::json& c : e.at("clusters")) {
        t.clusters.push_back(
            {c.at(0).get<std::string>(), c.at(1).get<std::string>(), c.at(2).get<float>()});
      }
      const std::vector<float> centroid = e.at("centroid").get<std::vector<float>>();
      t.centroid = Eigen::Map<const Eigen::VectorXf>(centroid.data(),
                                                     static_cast<Eigen::Index>(centroid.size()));
      for (const nlohmann::json& g : e.at("signature")) {
        t.signature.emplace_back(g.at(0).get<std::string>(), g.at(1).get<float>());
      }
      out.run.themes.push_back(std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::DataLossError(absl::StrCat("stored themes: ", e.what()));
  }
  return out;
}

std::string ThemeStatePath(absl::string_view db_dir) {
  return absl::StrCat(db_dir, "/meute.themes.json");
}

std::string SerializeThemeState(const ThemeState& state) {
  nlohmann::json j;
  j["format"] = "meute-themes";
  j["version"] = 1;
  j["next_id"] = state.next_id;
  j["themes"] = nlohmann::json::array();
  for (const SavedTheme& t : state.themes) {
    nlohmann::json sig = nlohmann::json::array();
    for (const auto& [stem, w] : t.signature) sig.push_back({stem, w});
    j["themes"].push_back({{"id", t.id}, {"signature", sig}});
  }
  return j.dump(1) + "\n";
}

absl::StatusOr<ThemeState> ParseThemeState(absl::string_view json) {
  const nlohmann::json j = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  auto bad = [](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("corrupt theme state: ", why));
  };
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (j.value("format", "") != "meute-themes") return bad("not a theme state file");
  ThemeState state;
  if (!j.contains("next_id") || !j["next_id"].is_number_integer()) return bad("no next_id");
  state.next_id = j["next_id"].get<int>();
  if (!j.contains("themes") || !j["themes"].is_array()) return bad("no themes");
  for (const nlohmann::json& t : j["themes"]) {
    if (!t.is_object() || !t.contains("id") || !t["id"].is_string() || !t.contains("signature") ||
        !t["signature"].is_array()) {
      return bad("malformed theme");
    }
    SavedTheme saved;
    saved.id = t["id"].get<std::string>();
    for (const nlohmann::json& e : t["signature"]) {
      if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number()) {
        return bad("malformed signature");
      }
      saved.signature.emplace_back(e[0].get<std::string>(), e[1].get<float>());
    }
    std::sort(saved.signature.begin(), saved.signature.end());
    state.themes.push_back(std::move(saved));
  }
  return state;
}

namespace {

// True if `word` (as most often written) may label a theme: not a name, and
// with a thesaurus a noun (see ThemeOptions::parts_of_speech); `stem` is
// its stem, `domain_stems` the glossary's French targets.
bool NamesASubject(const std::string& word, const std::string& stem, const PartsOfSpeech* pos,
                   const std::set<std::string>& domain_stems) {
  const auto b0 = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
  const auto b1 = static_cast<unsigned char>(word.size() > 1 ? word[1] : 0);
  // A-Z, or U+00C0..U+00DE (À..Þ) in UTF-8.
  if ((b0 >= 'A' && b0 <= 'Z') || (b0 == 0xC3 && b1 >= 0x80 && b1 <= 0x9E)) return false;
  if (pos == nullptr) return true;
  if (pos->MayBeNoun(word)) return true;
  if (pos->Known(word)) return false;
  // Unknown to the thesaurus: a domain term (a French target of the
  // glossary: "hydrogène"), or a French noun suffix.
  if (domain_stems.count(stem) > 0) return true;
  for (absl::string_view suffix :
       {"ité", "ités", "tion", "tions", "ment", "ments", "age", "ages", "isme", "ismes", "ure",
        "ures", "ique", "iques", "eur", "eurs"}) {
    if (word.size() > suffix.size() + 3 && absl::EndsWith(word, suffix)) return true;
  }
  return false;
}

// Per model term: 1 if some English document weighs it and no document in
// another language does; empty if the records are not in two languages.
std::vector<uint8_t> EnglishOnlyTerms(const Recommender& rec) {
  const size_t terms = static_cast<size_t>(rec.model().vocabulary().size());
  std::vector<uint8_t> english(terms, 0), other(terms, 0);
  bool both = false, any_english = false, any_other = false;
  for (size_t i = 0; i < rec.docs().size(); ++i) {
    const bool en = rec.docs()[i].record.lang == "en";
    (en ? any_english : any_other) = true;
    std::vector<uint8_t>& seen = en ? english : other;
    for (const auto& [t, w] : rec.Weights(static_cast<int32_t>(i))) {
      if (static_cast<size_t>(t) < terms) seen[static_cast<size_t>(t)] = 1;
    }
  }
  both = any_english && any_other;
  if (!both) return {};
  for (size_t t = 0; t < terms; ++t) english[t] = english[t] != 0 && other[t] == 0;
  return english;
}

// True if one of the words of `phrase` has the stem `stem`.
bool PhraseHolds(const PhraseTokenizer& tokenize, const std::string& phrase,
                 const std::string& stem) {
  for (const PhraseToken& t : tokenize(phrase, "fr")) {
    if (std::find(t.stems.begin(), t.stems.end(), stem) != t.stems.end()) return true;
  }
  return false;
}

// True if normalised forms `a` and `b` are one word, up to a final plural
// "s" or "x".
bool SameWord(absl::string_view a, absl::string_view b) {
  auto singular = [](absl::string_view w) {
    return w.size() > 3 && (absl::EndsWith(w, "s") || absl::EndsWith(w, "x"))
               ? w.substr(0, w.size() - 1)
               : w;
  };
  return singular(a) == singular(b);
}

// The first word of `phrase`, lower case.
std::string FirstWord(absl::string_view phrase) {
  return Lower(phrase.substr(0, std::min(phrase.size(), phrase.find_first_of(" -'"))));
}

// `phrase` as a label shows it, or "" when it is no subject: a word after the
// first written as a name ("Pôle Mer", "Port-la-Nouvelle", "Syndicat des
// Eaux") or a word of one letter makes it a name or a cut; a capital that
// only starts a title or a sentence ("Fuites d'eau") is lowered. With
// `morphology`, a phrase holding a form that reads only as a verb is none.
std::string LabelForm(const Recommender& rec, const FrenchMorphology* morphology,
                      absl::Span<const PhraseToken> tokens, std::string phrase) {
  if (tokens.empty()) return "";
  for (size_t i = 0; i < tokens.size(); ++i) {
    const PhraseToken& t = tokens[i];
    if (t.stopword) continue;
    if (t.form.size() < 2) return "";
    if (i > 0 && IsTitleCase(t.surface)) return "";
    // A form hunspell-fr reads only as a verb ends no noun phrase ("région
    // soutient").
    if (morphology != nullptr) {
      const uint8_t c = morphology->Classes(absl::AsciiStrToLower(t.surface));
      if ((c & kVerbReading) != 0 && (c & (kNounReading | kAdjectiveReading)) == 0) return "";
    }
  }
  if (IsTitleCase(tokens[0].surface)) {
    if (tokens[0].stems.empty() || IsTitleCase(rec.Readable(tokens[0].stems.front()))) return "";
    const auto c0 = static_cast<unsigned char>(phrase[0]);
    if (c0 < 0x80) {
      phrase[0] = static_cast<char>(absl::ascii_tolower(c0));
    } else if (c0 == 0xC3 && phrase.size() > 1) {
      const auto c1 = static_cast<unsigned char>(phrase[1]);
      if (c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) phrase[1] = static_cast<char>(c1 + 0x20);
    }
  }
  return phrase;
}

// Gives each label word of `theme` the phrase around it that most of the
// theme's first `max_documents` documents write (see
// ThemeOptions::label_phrases), then drops a word that a better word's phrase
// already shows, and a word the documents write more often inside a name
// than in lower case.
void AddLabelPhrases(const Recommender& rec, const std::vector<ingest::TermVector>& records,
                     const FrenchMorphology* morphology, int max_documents, Theme* theme) {
  const PhraseTokenizer& tokenize = rec.tokenizer();
  std::vector<Term>& label = theme->label;
  if (!tokenize || label.empty()) return;
  const PhraseRules rules = rec.PhraseRulesFor("fr");
  // Per label word: phrase (lower case) -> documents; written form -> times.
  std::vector<std::map<std::string, int>> documents(label.size());
  std::vector<std::map<std::string, std::map<std::string, int>>> written(label.size());
  std::vector<std::string> label_forms;  // Each label word, normalised as tokens are.
  for (const Term& t : label) {
    const std::vector<PhraseToken> w = tokenize(t.word, "fr");
    label_forms.push_back(w.empty() ? Lower(t.word) : w.front().form);
  }
  // Per label word: the documents that write it inside a name (capitalised,
  // next to another capitalised word: "Robotics Place", "Agri Sud-Ouest"),
  // and those that write it in lower case.
  std::vector<int> name_documents(label.size(), 0), lower_documents(label.size(), 0);
  int read = 0;
  for (int32_t row : theme->rows) {
    if (read >= max_documents) break;
    const ingest::Document& d = records[static_cast<size_t>(row)].record;
    if (d.lang == "en") continue;  // Label words are French.
    ++read;
    std::vector<std::set<std::string>> in_document(label.size());
    std::vector<bool> in_name(label.size(), false), in_lower(label.size(), false);
    for (absl::string_view text : {absl::string_view(d.title), absl::string_view(d.text)}) {
      const PhraseField field{text, tokenize(text, "fr")};
      const std::vector<PhraseToken>& tokens = field.tokens;
      // Capitalised tokens j and j + 1 one space or hyphen apart.
      auto name_pair = [&](size_t j) {
        return j + 1 < tokens.size() && IsTitleCase(tokens[j].surface) &&
               IsTitleCase(tokens[j + 1].surface) &&
               tokens[j + 1].byte_begin == tokens[j].byte_end + 1 &&
               (text[tokens[j].byte_end] == ' ' || text[tokens[j].byte_end] == '-');
      };
      for (size_t j = 0; j < tokens.size(); ++j) {
        for (size_t i = 0; i < label.size(); ++i) {
          if (!SameWord(tokens[j].form, label_forms[i])) continue;
          if (Lower(tokens[j].surface) == tokens[j].surface) {
            in_lower[i] = true;
          } else if ((j > 0 && name_pair(j - 1)) || name_pair(j)) {
            in_name[i] = true;
          }
        }
      }
      for (size_t i = 0; i < label.size(); ++i) {
        for (PhraseSpan& p : PhrasesAround(field, {label[i].stem}, rules)) {
          const auto words =
              absl::MakeConstSpan(field.tokens).subspan(p.first, p.last - p.first + 1);
          // The label word itself (or its plural or singular), not another
          // word of its stem ("mobiles" for "mobilité").
          if (std::none_of(words.begin(), words.end(), [&](const PhraseToken& w) {
                return SameWord(w.form, label_forms[i]);
              })) {
            continue;
          }
          std::string shown = LabelForm(rec, morphology, words, std::move(p.text));
          if (shown.empty()) continue;
          const std::string key = Lower(shown);
          ++written[i][key][shown];
          in_document[i].insert(key);
        }
      }
    }
    for (size_t i = 0; i < label.size(); ++i) {
      for (const std::string& key : in_document[i]) ++documents[i][key];
      name_documents[i] += in_name[i] ? 1 : 0;
      lower_documents[i] += in_lower[i] ? 1 : 0;
    }
  }
  for (size_t i = 0; i < label.size(); ++i) {
    const std::string* best = nullptr;
    int best_documents = 1;  // A label phrase recurs: two documents at least.
    for (const auto& [key, n] : documents[i]) {
      if (n > best_documents ||
          (best != nullptr && n == best_documents && key.size() < best->size())) {
        best = &key;
        best_documents = n;
      }
    }
    if (best == nullptr) continue;
    const std::map<std::string, int>& forms = written[i][*best];
    auto form = std::max_element(forms.begin(), forms.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    label[i].phrase = form->first;
  }
  // A word already in a better word's phrase is not shown again; a phrase
  // that starts with the same word as a better one is shown as its word
  // alone ("atelier", not "cybersécurité des ateliers" after "cybersécurité
  // des systèmes").
  // A word the theme's documents write more often in a name than in lower
  // case is a piece of that name ("place" of Robotics Place): not shown.
  std::vector<Term> kept;
  for (size_t i = 0; i < label.size(); ++i) {
    Term& t = label[i];
    if (name_documents[i] > lower_documents[i]) continue;
    const bool shown = std::any_of(kept.begin(), kept.end(), [&](const Term& k) {
      return !k.phrase.empty() && (k.phrase == t.phrase || PhraseHolds(tokenize, k.phrase, t.stem));
    });
    if (shown) continue;
    if (!t.phrase.empty() && std::any_of(kept.begin(), kept.end(), [&](const Term& k) {
          return !k.phrase.empty() && FirstWord(k.phrase) == FirstWord(t.phrase);
        })) {
      t.phrase.clear();
    }
    kept.push_back(std::move(t));
  }
  label = std::move(kept);
}

}  // namespace

std::string ThemeLabelText(const Theme& theme, size_t max_terms) {
  std::vector<std::string> shown;
  for (const Term& t : theme.label) {
    if (shown.size() >= max_terms) break;
    shown.push_back(t.phrase.empty() ? t.word : t.phrase);
  }
  return absl::StrJoin(shown, ", ");
}

std::vector<int32_t> ThemeRows(const Recommender& rec, absl::string_view as_of) {
  // Documents: news and calls dated on or before as_of, with a vector.
  std::vector<int32_t> rows;
  for (size_t i = 0; i < rec.docs().size(); ++i) {
    const ingest::Document& d = rec.docs()[i].record;
    if (d.kind != ingest::Kind::kNews && d.kind != ingest::Kind::kCall) continue;
    const std::string& date = !d.date.empty() ? d.date : d.opens;
    if (!date.empty() && absl::string_view(date) > as_of) continue;
    if (rec.Embedding(static_cast<int32_t>(i)).squaredNorm() == 0.0f) continue;
    rows.push_back(static_cast<int32_t>(i));
  }
  return rows;
}

bool StoredThemesApply(const StoredThemes& stored, const Recommender& rec,
                       const ThemeOptions& options) {
  if (stored.options_fingerprint != ThemeOptionsFingerprint(options) ||
      options.top_clusters > stored.top_clusters ||
      stored.recommender_fingerprint != rec.options_fingerprint() ||
      stored.rows != ThemeRows(rec, options.as_of)) {
    return false;
  }
  size_t rows = 0;  // Every document in one theme.
  for (const Theme& t : stored.run.themes) {
    rows += t.rows.size();
    for (int32_t row : t.rows) {
      if (row < 0 || static_cast<size_t>(row) >= rec.docs().size()) return false;
    }
  }
  return rows == stored.rows.size();
}

namespace {

// The themes of `rows` without trends nor ids, largest first (see
// StoredThemes), their terms and texts read from `records`.
ThemeRun UndatedThemes(const Recommender& rec, const std::vector<ingest::TermVector>& records,
                       const ThemeOptions& options, const std::vector<int32_t>& rows) {
  const Model& model = rec.model();
  const int k_dims = model.k();
  const int n = static_cast<int>(rows.size());
  DenseMatrix x(n, k_dims);
  const std::vector<uint8_t> english_only =
      options.language_neutral ? EnglishOnlyTerms(rec) : std::vector<uint8_t>();
  for (int i = 0; i < n; ++i) {
    const int32_t row = rows[static_cast<size_t>(i)];
    if (english_only.empty()) {
      x.row(i) = rec.Embedding(row).transpose();
      continue;
    }
    TermWeights kept;
    for (const auto& [t, w] : rec.Weights(row)) {
      if (english_only[static_cast<size_t>(t)] == 0) kept.emplace_back(t, w);
    }
    Eigen::VectorXf e = model.EmbedUnit(kept);
    // A document made only of English-only words keeps its own vector.
    x.row(i) = (e.squaredNorm() > 0.0f ? e : rec.Embedding(row)).transpose();
  }

  ThemeRun run;
  run.documents = n;
  DenseMatrix centroids;
  std::vector<int> assign;
  if (options.k > 0) {
    run.k = std::min(options.k, n);
    assign = SphericalKMeans(x, run.k, options.seed, options.restarts, options.max_iterations,
                             &centroids);
    run.silhouette = MeanSilhouette(x, assign, run.k);
  } else {
    // Silhouette on a deterministic sample (every step-th row) when large.
    const int step = std::max(1, (n + kSilhouetteSample - 1) / kSilhouetteSample);
    std::vector<int> sample_rows;
    for (int i = 0; i < n; i += step) sample_rows.push_back(i);
    DenseMatrix sample(static_cast<Eigen::Index>(sample_rows.size()), k_dims);
    for (size_t i = 0; i < sample_rows.size(); ++i) {
      sample.row(static_cast<Eigen::Index>(i)) = x.row(sample_rows[i]);
    }
    // k is chosen on the sample (k-means and silhouette), then every
    // document is grouped with that k: the search over k costs the same for
    // 2,000 or 100,000 documents.
    const int m = static_cast<int>(sample_rows.size());
    const int max_k = std::max(2, static_cast<int>(std::floor(std::sqrt(m / 2.0))));
    double best = -2;
    for (int k = 2; k <= max_k; ++k) {
      DenseMatrix c;
      std::vector<int> a =
          SphericalKMeans(sample, k, options.seed, options.restarts, options.max_iterations, &c);
      const double s = MeanSilhouette(sample, a, k);
      if (s > best) {
        best = s;
        run.k = k;
        run.silhouette = s;
        assign = std::move(a);
        centroids = std::move(c);
      }
    }
    if (step > 1) {
      assign = SphericalKMeans(x, run.k, options.seed, options.restarts, options.max_iterations,
                               &centroids);
    }
  }

  // Raw counts per theme for c-TF-IDF labels, and signatures.
  const int k = run.k;
  std::vector<std::map<std::string, double>> counts(static_cast<size_t>(k));
  std::vector<double> theme_words(static_cast<size_t>(k), 0);
  std::map<std::string, double> all_counts;
  std::vector<std::map<int32_t, double>> sig_sums(static_cast<size_t>(k));
  std::vector<int> sizes(static_cast<size_t>(k), 0);
  for (int i = 0; i < n; ++i) {
    const int t = assign[static_cast<size_t>(i)];
    ++sizes[static_cast<size_t>(t)];
    const int32_t row = rows[static_cast<size_t>(i)];
    for (const auto& [stem, c] : records[static_cast<size_t>(row)].terms) {
      if (stem.size() < 2 || HasDigit(stem)) continue;
      counts[static_cast<size_t>(t)][stem] += c;
      theme_words[static_cast<size_t>(t)] += c;
      all_counts[stem] += c;
    }
    for (const auto& [term, w] : rec.Weights(row)) sig_sums[static_cast<size_t>(t)][term] += w;
  }
  double mean_words = 0;
  for (double w : theme_words) mean_words += w;
  mean_words /= std::max(1, k);

  // Members -> nearest theme; clusters spread.
  std::vector<std::map<std::string, double>> spread(static_cast<size_t>(k));
  std::vector<int> member_counts(static_cast<size_t>(k), 0);
  for (size_t i = 0; i < rec.docs().size(); ++i) {
    const ingest::Document& d = rec.docs()[i].record;
    if (d.kind != ingest::Kind::kMember || d.clusters.empty()) continue;
    const Eigen::VectorXf& e = rec.Embedding(static_cast<int32_t>(i));
    if (e.squaredNorm() == 0.0f) continue;
    Eigen::Index best = 0;
    const Eigen::VectorXf sims = centroids * e;
    sims.maxCoeff(&best);
    ++member_counts[static_cast<size_t>(best)];
    for (const std::string& c : d.clusters) {
      spread[static_cast<size_t>(best)][c] += 1.0 / static_cast<double>(d.clusters.size());
    }
  }
  const size_t num_clusters = rec.cluster_ids().size();

  std::set<std::string> domain_stems;
  for (const GlossaryEntry& e : model.glossary().entries()) {
    domain_stems.insert(e.targets.begin(), e.targets.end());
  }
  std::vector<Theme> themes(static_cast<size_t>(k));
  for (int t = 0; t < k; ++t) {
    Theme& theme = themes[static_cast<size_t>(t)];
    theme.size = sizes[static_cast<size_t>(t)];
    theme.members = member_counts[static_cast<size_t>(t)];
    theme.centroid = centroids.row(t).transpose();
    // Label by c-TF-IDF, one word per surface form.
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& [stem, c] : counts[static_cast<size_t>(t)]) {
      const double tf = c / std::max(1.0, theme_words[static_cast<size_t>(t)]);
      scored.emplace_back(tf * std::log(1.0 + mean_words / all_counts[stem]), stem);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    // With phrases, a few more words than shown: AddLabelPhrases() drops
    // some (a word in a better one's phrase, a piece of a name).
    const bool phrases = options.label_phrases && rec.tokenizer();
    const int candidates = options.label_terms + (phrases ? kSpareLabelWords : 0);
    std::set<std::string> words;
    for (const auto& [s, stem] : scored) {
      if (static_cast<int>(theme.label.size()) >= candidates) break;
      // Labels are words people read: no stem without a surface form, no
      // function word ("son", "sous", "least"), no number.
      if (!rec.Showable(stem)) continue;
      const std::string word = rec.Readable(stem);
      if (!NamesASubject(word, stem, options.parts_of_speech, domain_stems)) continue;
      if (!words.insert(Lower(word)).second) continue;
      theme.label.push_back(Term{stem, word, static_cast<float>(s), ""});
    }
    // Signature.
    std::vector<std::pair<double, int32_t>> sig;
    for (const auto& [term, w] : sig_sums[static_cast<size_t>(t)]) sig.emplace_back(w, term);
    std::sort(sig.begin(), sig.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (sig.size() > static_cast<size_t>(kSignatureTerms)) sig.resize(kSignatureTerms);
    double norm = 0;
    for (const auto& [w, term] : sig) norm += w * w;
    norm = std::sqrt(norm);
    for (const auto& [w, term] : sig) {
      theme.signature.emplace_back(model.vocabulary().term(term),
                                   static_cast<float>(norm > 0 ? w / norm : 0));
    }
    std::sort(theme.signature.begin(), theme.signature.end());
    // Spread over clusters.
    std::map<std::string, double> dist = spread[static_cast<size_t>(t)];
    if (dist.empty()) {
      for (const std::string& c : rec.cluster_ids()) {
        const Eigen::VectorXf p = rec.ClusterVector(c);
        const double s = p.size() == theme.centroid.size() ? p.dot(theme.centroid) : 0.0;
        if (s > 0) dist[c] = s;
      }
    }
    double total = 0;
    for (const auto& [c, w] : dist) total += w;
    double entropy = 0;
    std::vector<std::pair<double, std::string>> shares;
    for (const auto& [c, w] : dist) {
      const double p = w / total;
      if (p > 0) entropy -= p * std::log(p);
      shares.emplace_back(p, c);
    }
    theme.transversality =
        num_clusters > 1 ? entropy / std::log(static_cast<double>(num_clusters)) : 0.0;
    theme.effective_clusters = total > 0 ? std::exp(entropy) : 0.0;
    std::sort(shares.begin(), shares.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [p, c] : shares) {
      if (static_cast<int>(theme.clusters.size()) >= options.top_clusters) break;
      theme.clusters.push_back({c, rec.ClusterName(c), static_cast<float>(p)});
    }
    // Top documents.
    std::vector<std::pair<float, int32_t>> docs;
    for (int i = 0; i < n; ++i) {
      if (assign[static_cast<size_t>(i)] != t) continue;
      docs.emplace_back(x.row(i).dot(centroids.row(t)), rows[static_cast<size_t>(i)]);
    }
    std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [s, row] : docs) {
      theme.rows.push_back(row);
      if (static_cast<int>(theme.documents.size()) >= options.top_documents) continue;
      const ingest::Document& d = rec.docs()[static_cast<size_t>(row)].record;
      theme.documents.push_back({d.id, d.title, !d.date.empty() ? d.date : d.opens, s});
    }
    if (options.label_phrases) {
      AddLabelPhrases(rec, records,
                      options.parts_of_speech != nullptr ? FrenchMorphology::French() : nullptr,
                      kLabelPhraseDocuments, &theme);
      if (theme.label.size() > static_cast<size_t>(options.label_terms)) {
        theme.label.resize(static_cast<size_t>(options.label_terms));
      }
    }
  }
  std::stable_sort(themes.begin(), themes.end(), [](const Theme& a, const Theme& b) {
    if (a.size != b.size) return a.size > b.size;
    return a.signature < b.signature;
  });
  run.themes = std::move(themes);
  return run;
}

}  // namespace

absl::StatusOr<ThemeRun> DiscoverThemes(const Recommender& rec, const ThemeOptions& options,
                                        const ThemeState& previous,
                                        const std::vector<ingest::TermVector>* records,
                                        const StoredThemes* stored) {
  const std::optional<int64_t> today = DayNumber(options.as_of);
  if (!today) {
    return absl::InvalidArgumentError(absl::StrCat("themes: bad date \"", options.as_of, "\""));
  }
  const std::vector<int32_t> rows = ThemeRows(rec, options.as_of);
  const int n = static_cast<int>(rows.size());
  if (n < 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("themes: ", n, " news and calls up to ", options.as_of, ", need at least 4"));
  }
  const bool from_stored = stored != nullptr && StoredThemesApply(*stored, rec, options);
  ThemeRun run =
      from_stored ? stored->run
                  : UndatedThemes(rec, records != nullptr ? *records : rec.docs(), options, rows);
  std::vector<Theme>& themes = run.themes;
  if (from_stored) {
    for (Theme& t : themes) {
      if (t.clusters.size() > static_cast<size_t>(std::max(0, options.top_clusters))) {
        t.clusters.resize(static_cast<size_t>(std::max(0, options.top_clusters)));
      }
    }
  }

  // Trend windows: every document is in one theme's rows.
  const int64_t recent_start = *today - 7 * options.recent_weeks;  // exclusive
  const int64_t before_start = recent_start - 7 * options.baseline_weeks;
  std::vector<int> recent(themes.size(), 0), before(themes.size(), 0);
  int recent_total = 0, before_total = 0;
  for (size_t t = 0; t < themes.size(); ++t) {
    for (int32_t row : themes[t].rows) {
      const ingest::Document& d = rec.docs()[static_cast<size_t>(row)].record;
      const std::optional<int64_t> day = DayNumber(!d.date.empty() ? d.date : d.opens);
      if (!day) continue;
      if (*day > recent_start && *day <= *today) {
        ++recent[t];
        ++recent_total;
      } else if (*day > before_start && *day <= recent_start) {
        ++before[t];
        ++before_total;
      }
    }
  }
  for (size_t t = 0; t < themes.size(); ++t) {
    TrendStat& tr = themes[t].trend;
    tr = TrendStat();
    tr.recent = recent[t];
    tr.before = before[t];
    tr.recent_share = recent_total > 0 ? static_cast<double>(tr.recent) / recent_total : 0;
    tr.before_share = before_total > 0 ? static_cast<double>(tr.before) / before_total : 0;
    const int both = tr.recent + tr.before;
    if (recent_total > 0 && before_total > 0 && both > 0) {
      const double p0 = static_cast<double>(recent_total) / (recent_total + before_total);
      tr.z = (tr.recent - both * p0) / std::sqrt(both * p0 * (1 - p0));
      tr.p_value = BinomialUpperTail(tr.recent, both, p0);
      tr.rising = tr.p_value < 0.05 && tr.recent_share > tr.before_share;
    }
  }

  // Stable ids.
  std::vector<std::vector<double>> sim(themes.size(),
                                       std::vector<double>(previous.themes.size(), 0.0));
  for (size_t i = 0; i < themes.size(); ++i) {
    for (size_t j = 0; j < previous.themes.size(); ++j) {
      sim[i][j] = Cosine(themes[i].signature, previous.themes[j].signature);
    }
  }
  const std::vector<int> match =
      previous.themes.empty() ? std::vector<int>(themes.size(), -1) : HungarianMaximize(sim);
  run.state.next_id = std::max(1, previous.next_id);
  for (size_t i = 0; i < themes.size(); ++i) {
    const int j = match[i];
    if (j >= 0 && sim[i][static_cast<size_t>(j)] >= options.match_threshold) {
      themes[i].id = previous.themes[static_cast<size_t>(j)].id;
    } else {
      themes[i].id = absl::StrCat("T", run.state.next_id++);
    }
    run.state.themes.push_back({themes[i].id, themes[i].signature});
  }
  return run;
}

}  // namespace meute::recommend
