#include "recommend/buyers.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "recommend/function_words.h"
#include "recommend/surface_forms.h"
#include "recommend/text_analysis.h"

namespace meute::recommend {
namespace {

// Need verbs, lower case, each followed by what is looked for.
constexpr absl::string_view kNeedVerbs[] = {
    "lance un appel d'offres ",
    "lance un appel d’offres ",
    "lance un appel à manifestation d'intérêt ",
    "lance un appel à manifestation d’intérêt ",
    "lance un appel à candidatures ",
    "lance une nouvelle consultation ",
    "lance une consultation ",
    "a lancé un appel d'offres ",
    "a lancé un appel d’offres ",
    "a lancé une consultation ",
    "recherchent ",
    "recherche ",
    "cherchent ",
    "cherche ",
    "souhaitent ",
    "souhaite ",
    "sollicite ",
    "consulte ",
    "veulent ",
    "veut ",
};

// Whom a request wants (folded, singular and plural): never a reason.
constexpr absl::string_view kRequestWords[] = {
    "candidat", "candidats", "entreprise",    "entreprises",    "fournisseur",   "fournisseurs",
    "offre",    "offres",    "partenaire",    "partenaires",    "prestataire",   "prestataires",
    "solution", "solutions", "sous-traitant", "sous-traitants", "soustraitant",  "soustraitants",
    "acteur",   "acteurs",   "industriel",    "industriels",    "besoin",        "besoins",
    "projet",   "projets",   "appel",         "consultation",   "manifestation", "interet",
    "cherche",  "recherche", "souhaite",      "lance",          "capable",       "capables",
    "possible", "futur",     "futurs",        "future",         "futures",       "nouveau",
    "nouveaux", "nouvelle",  "nouvelles",
};

std::string Collapse(absl::string_view s) {
  std::string out;
  for (absl::string_view w : absl::StrSplit(s, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty())) {
    if (!out.empty()) out.push_back(' ');
    absl::StrAppend(&out, w);
  }
  return out;
}

std::vector<std::string> Sentences(absl::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      if (!current.empty()) out.push_back(Collapse(current));
      current.clear();
      continue;
    }
    current.push_back(c);
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ')) {
      out.push_back(Collapse(current));
      current.clear();
    }
  }
  if (!Collapse(current).empty()) out.push_back(Collapse(current));
  return out;
}

// True if the token starting at `begin` of `text` opens a sentence (only
// spaces, quotes or dashes between it and the start, a full stop, a colon or
// a line break).
bool OpensSentence(absl::string_view text, size_t begin) {
  size_t i = begin;
  while (i > 0) {
    const unsigned char c = static_cast<unsigned char>(text[i - 1]);
    if (c == ' ' || c == '"' || c == '(' || c == '-' || c == '\t') {
      --i;
      continue;
    }
    if (c >= 0x80) {  // « » – — and no-break spaces, skipped whole.
      size_t j = i - 1;
      while (j > 0 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
      const absl::string_view ch = text.substr(j, i - j);
      if (ch == "«" || ch == "»" || ch == "\u00a0" || ch == "\u202f" || ch == "–" || ch == "—") {
        i = j;
        continue;
      }
      return false;
    }
    return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == ';';
  }
  return true;
}

std::string Lower(absl::string_view word) {
  std::string out = absl::AsciiStrToLower(word);
  // Accented capitals French uses at a sentence start.
  static constexpr std::pair<absl::string_view, absl::string_view> kMap[] = {
      {"É", "é"}, {"È", "è"}, {"À", "à"}, {"Ê", "ê"}, {"Ç", "ç"}, {"Ô", "ô"}, {"Î", "î"}};
  for (const auto& [from, to] : kMap) {
    if (absl::StartsWith(out, from)) out = absl::StrCat(to, out.substr(from.size()));
  }
  return out;
}

// The hyphenated compound around the token at [begin, end) of `text`
// ("sous-traitants" for "traitants"), or "" if it is not part of one.
absl::string_view CompoundAround(absl::string_view text, size_t begin, size_t end) {
  const bool before = begin > 0 && text[begin - 1] == '-';
  const bool after = end < text.size() && text[end] == '-';
  if (!before && !after) return "";
  auto separator = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == ','; };
  while (begin > 0 && !separator(text[begin - 1])) --begin;
  while (end < text.size() && !separator(text[end])) ++end;
  return text.substr(begin, end - begin);
}

bool IsSubstanceToken(absl::string_view text, const ingest::Token& t,
                      const ingest::Analyzer& analyzer, const PartsOfSpeech* pos) {
  if (t.stopword || t.joined || t.stems.empty()) return false;
  if (!IsContentWord(t.surface) || t.form.size() < 2) return false;
  if (IsRequestWord(analyzer.Normalize(t.surface))) return false;
  const absl::string_view compound = CompoundAround(text, t.byte_begin, t.byte_end);
  if (!compound.empty() && IsRequestWord(analyzer.Normalize(compound))) return false;
  if (pos != nullptr) {
    const std::string lower = Lower(t.surface);
    if (pos->Known(lower) && !pos->MayBeNoun(lower)) return false;
  }
  return true;
}

// A member's answer: its score and its max_words best reason words, best
// first, each once.
BuyerMember Scored(const std::string& id, const std::string& organisation,
                   const std::vector<std::string>& clusters, float score,
                   std::vector<std::pair<float, std::string>> reasons, int max_words) {
  std::sort(reasons.begin(), reasons.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  BuyerMember b{id, organisation, clusters, score, {}};
  for (const auto& [part, word] : reasons) {
    if (static_cast<int>(b.words.size()) >= max_words) break;
    if (std::find(b.words.begin(), b.words.end(), word) == b.words.end()) b.words.push_back(word);
  }
  return b;
}

// The max_members best of `scored` into answer.members, and the cluster
// groups they make (sum of their scores) into answer.clusters.
void Rank(std::vector<BuyerMember> scored, int max_members, BuyerAnswer& answer) {
  std::sort(scored.begin(), scored.end(), [](const BuyerMember& a, const BuyerMember& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (scored.size() > static_cast<size_t>(max_members)) {
    scored.resize(static_cast<size_t>(max_members));
  }
  answer.members = std::move(scored);
  std::map<std::string, float> groups;
  for (const BuyerMember& b : answer.members) {
    for (const std::string& c : b.clusters) groups[c] += b.score;
  }
  answer.clusters.assign(groups.begin(), groups.end());
  std::stable_sort(answer.clusters.begin(), answer.clusters.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
}

}  // namespace

bool IsRequestWord(absl::string_view folded_word) {
  for (absl::string_view w : kRequestWords) {
    if (w == folded_word) return true;
  }
  return false;
}

std::string NeedClause(absl::string_view sentence) {
  const std::string lower = absl::StrCat(" ", absl::AsciiStrToLower(sentence), " ");
  size_t best = std::string::npos, verb_size = 0;
  for (absl::string_view verb : kNeedVerbs) {
    const size_t at = lower.find(absl::StrCat(" ", verb));
    if (at != std::string::npos && (best == std::string::npos || at < best)) {
      best = at;
      verb_size = verb.size() + 1;
    }
  }
  if (best == std::string::npos) return "";
  // `lower` is `sentence` with one leading space, byte for byte (ASCII
  // lower-casing keeps lengths).
  const size_t from = best + verb_size - 1;
  if (from >= sentence.size()) return "";
  std::string clause(absl::StripAsciiWhitespace(sentence.substr(from)));
  while (!clause.empty() && (clause.back() == '.' || clause.back() == ' ')) clause.pop_back();
  // "à convertir…", "des partenaires pour…": at least two words.
  if (std::count(clause.begin(), clause.end(), ' ') < 1) return "";
  return Collapse(clause);
}

std::string NeedPhrase(absl::string_view title, absl::string_view text) {
  for (const std::string& s : Sentences(text)) {
    // A quotation is someone's remark, not the buyer's request.
    if (absl::StartsWith(s, "«") || absl::StartsWith(s, "\"")) continue;
    std::string clause = NeedClause(s);
    if (!clause.empty()) return clause;
  }
  return NeedClause(Collapse(title));
}

BuyerMatcher::BuyerMatcher(const ingest::Analyzer& analyzer,
                           const std::vector<ingest::TermVector>& docs, BuyerOptions options)
    : analyzer_(analyzer), options_(options) {
  for (const ingest::TermVector& d : docs) {
    ++n_docs_;
    for (const auto& [stem, count] : d.terms) ++df_[stem];
  }
  for (const ingest::TermVector& d : docs) {
    const ingest::Document& r = d.record;
    if (r.kind != ingest::Kind::kMember) continue;
    MemberTerms m;
    m.id = r.id;
    m.organisation = r.organisation.empty() ? r.title : r.organisation;
    m.clusters = r.clusters;
    double norm = 0;
    for (const auto& [stem, count] : d.terms) {
      const float w = (1.0f + std::log(static_cast<float>(count))) * Idf(stem);
      m.unit[stem] = w;
      norm += static_cast<double>(w) * w;
    }
    const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (auto& [stem, w] : m.unit) w *= inv;
    const ingest::Language lang = RecordLanguageCode(r.lang);
    std::vector<std::string> own = {r.title, r.text};
    own.insert(own.end(), r.skills.begin(), r.skills.end());
    for (const std::string& text : own) {
      for (const ingest::Token& t : analyzer_.Analyze(text, lang)) {
        if (t.stems.empty() || t.joined) continue;
        if (IsTitleCase(t.surface) && !OpensSentence(text, t.byte_begin)) continue;  // A name.
        m.common.insert(t.stems[0]);
      }
    }
    members_.push_back(std::move(m));
  }
}

BuyerMatcher::~BuyerMatcher() = default;

float BuyerMatcher::Idf(const std::string& stem) const {
  const auto it = df_.find(stem);
  const int df = it == df_.end() ? 0 : it->second;
  return std::log((1.0f + static_cast<float>(n_docs_)) / (1.0f + static_cast<float>(df))) + 1.0f;
}

void BuyerMatcher::Substance(absl::string_view text, ingest::Language lang,
                             std::map<std::string, std::pair<float, std::string>>* out,
                             float weight) const {
  for (const ingest::Token& t : analyzer_.Analyze(text, lang)) {
    if (!IsSubstanceToken(text, t, analyzer_, options_.parts_of_speech)) continue;
    const bool opens = OpensSentence(text, t.byte_begin);
    if (IsTitleCase(t.surface) && !opens) continue;  // A name.
    auto [it, added] = out->try_emplace(t.stems[0], 0.0f, opens ? Lower(t.surface) : t.surface);
    it->second.first += weight;
  }
}

BuyerAnswer BuyerMatcher::Match(const ingest::Document& news) const {
  const std::string need = NeedPhrase(news.title, news.text);
  if (need.empty()) return {};
  return Match(news, need);
}

BuyerAnswer BuyerMatcher::Match(const ingest::Document& news, absl::string_view need) const {
  if (options_.method == BuyerMethod::kTfidf) return MatchTfidf(news, need);
  const ingest::Language lang = RecordLanguageCode(news.lang);
  // The need: its phrase and the title's need clause; then the context.
  std::map<std::string, std::pair<float, std::string>> phrase, context;
  Substance(need, lang, &phrase, 1.0f);
  const std::string title_clause = NeedClause(Collapse(news.title));
  Substance(title_clause, lang, &phrase, 1.0f);
  if (options_.context_weight > 0) {
    Substance(news.title, lang, &context, 1.0f);
    Substance(news.text, lang, &context, 1.0f);
  }
  // Sublinear weights: the need's own words, then the context's at
  // context_weight.
  auto sublinear = [](float count) { return count > 0 ? 1.0f + std::log(count) : 0.0f; };
  std::map<std::string, float> q;
  for (const auto& [stem, c] : phrase) q[stem] += sublinear(c.first);
  for (const auto& [stem, c] : context) q[stem] += options_.context_weight * sublinear(c.first);
  double norm = 0;
  for (auto& [stem, w] : q) {
    w *= Idf(stem);
    norm += static_cast<double>(w) * w;
  }
  const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;

  BuyerAnswer answer;
  answer.need = std::string(need);
  std::vector<BuyerMember> scored;
  for (const MemberTerms& m : members_) {
    float score = 0;
    std::vector<std::pair<float, std::string>> reasons;
    for (const auto& [stem, w] : q) {
      if (!m.common.contains(stem)) continue;
      const auto it = m.unit.find(stem);
      if (it == m.unit.end()) continue;
      const float part = w * inv * it->second;
      score += part;
      if (auto p = phrase.find(stem); p != phrase.end())
        reasons.emplace_back(part, p->second.second);
    }
    if (reasons.empty() || score <= 0) continue;
    scored.push_back(
        Scored(m.id, m.organisation, m.clusters, score, std::move(reasons), options_.max_words));
  }
  Rank(std::move(scored), options_.max_members, answer);
  return answer;
}

BuyerAnswer BuyerMatcher::MatchTfidf(const ingest::Document& news, absl::string_view need) const {
  const ingest::TermVector tv = AnalyzeRecord(analyzer_, news);
  std::map<std::string, float> q;
  double norm = 0;
  for (const auto& [stem, count] : tv.terms) {
    const float w = (1.0f + std::log(static_cast<float>(count))) * Idf(stem);
    q[stem] = w;
    norm += static_cast<double>(w) * w;
  }
  const float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
  // Readable words of the news, for the reasons.
  std::map<std::string, std::string> word_of;
  for (const ingest::Token& t : analyzer_.Analyze(absl::StrCat(news.title, "\n", news.text),
                                                  RecordLanguageCode(news.lang))) {
    if (!t.stems.empty() && !t.joined && IsContentWord(t.surface)) {
      word_of.try_emplace(t.stems[0], t.surface);
    }
  }
  BuyerAnswer answer;
  answer.need = std::string(need);
  std::vector<BuyerMember> scored;
  for (const MemberTerms& m : members_) {
    float score = 0;
    std::vector<std::pair<float, std::string>> reasons;
    for (const auto& [stem, w] : q) {
      const auto it = m.unit.find(stem);
      if (it == m.unit.end()) continue;
      const float part = w * inv * it->second;
      score += part;
      if (auto word = word_of.find(stem); word != word_of.end()) {
        reasons.emplace_back(part, word->second);
      }
    }
    if (score <= 0) continue;
    scored.push_back(
        Scored(m.id, m.organisation, m.clusters, score, std::move(reasons), options_.max_words));
  }
  Rank(std::move(scored), options_.max_members, answer);
  return answer;
}

}  // namespace meute::recommend
