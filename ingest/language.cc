#include "ingest/language.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "absl/strings/string_view.h"

namespace meute::ingest {
namespace {

// Positive: French; negative: English. Roughly the log-odds of the word in
// running text of one language against the other, rounded, and smaller for
// words that also occur in the other (names, loans: "de", "la", "plus").
const std::unordered_map<std::string, double>& WordWeights() {
  static const auto* kWeights = new std::unordered_map<std::string, double>{
      // French function words.
      {"le", 1.5},
      {"la", 1.2},
      {"les", 1.5},
      {"de", 1.0},
      {"des", 1.5},
      {"du", 1.5},
      {"un", 1.2},
      {"une", 1.5},
      {"et", 1.5},
      {"est", 1.5},
      {"en", 1.0},
      {"dans", 1.5},
      {"pour", 1.5},
      {"par", 1.2},
      {"sur", 1.5},
      {"au", 1.2},
      {"aux", 1.5},
      {"avec", 1.5},
      {"ce", 1.2},
      {"cette", 1.5},
      {"ces", 1.5},
      {"cet", 1.5},
      {"qui", 1.5},
      {"que", 1.5},
      {"il", 1.2},
      {"elle", 1.5},
      {"ils", 1.5},
      {"elles", 1.5},
      {"nous", 1.5},
      {"vous", 1.5},
      {"son", 0.8},
      {"sa", 1.0},
      {"ses", 1.5},
      {"leur", 1.5},
      {"leurs", 1.5},
      {"pas", 1.2},
      {"plus", 0.8},
      {"mais", 1.5},
      {"ou", 1.2},
      {"o\xC3\xB9", 1.5},
      {"donc", 1.5},
      {"ni", 1.0},
      {"car", 0.8},
      {"sont", 1.5},
      {"ont", 1.5},
      {"fait", 1.2},
      {"comme", 1.5},
      {"tout", 1.5},
      {"tous", 1.5},
      {"toute", 1.5},
      {"toutes", 1.5},
      {"aussi", 1.5},
      {"entre", 1.2},
      {"depuis", 1.5},
      {"selon", 1.5},
      {"sans", 1.2},
      {"sous", 1.5},
      {"chez", 1.5},
      {"se", 1.2},
      {"ne", 1.0},
      {"lui", 1.5},
      {"dont", 1.5},
      {"sera", 1.5},
      {"avait", 1.5},
      {"peut", 1.5},
      {"deux", 1.5},
      {"trois", 1.5},
      {"lors", 1.5},
      {"ainsi", 1.5},
      {"notamment", 1.5},
      {"afin", 1.5},
      {"cela", 1.5},
      {"quand", 1.5},
      {"alors", 1.5},
      {"encore", 1.5},
      {"contre", 1.2},
      {"vers", 1.2},
      {"nos", 1.5},
      {"notre", 1.5},
      {"votre", 1.5},
      {"vos", 1.5},
      {"mon", 0.8},
      {"ma", 0.8},
      {"mes", 1.2},
      {"y", 0.6},
      {"avoir", 1.5},
      {"faire", 1.5},
      {"autres", 1.5},
      {"autre", 1.2},
      {"doit", 1.5},
      {"peuvent", 1.5},
      {"pendant", 1.2},
      {"apr\xC3\xA8s", 1.5},
      {"\xC3\xA9t\xC3\xA9", 1.5},
      {"\xC3\xAAtre", 1.5},
      {"tr\xC3\xA8s", 1.5},
      {"\xC3\xA0", 1.5},
      {"d\xC3\xA9j\xC3\xA0", 1.5},
      {"m\xC3\xAAme", 1.5},
      {"\xC3\xA9tait", 1.5},
      {"projet", 1.0},
      {"projets", 1.0},
      {"entreprises", 1.0},
      // English function words.
      {"the", -2.0},
      {"of", -1.5},
      {"and", -1.5},
      {"to", -1.5},
      {"in", -1.0},
      {"is", -1.5},
      {"that", -1.5},
      {"for", -1.5},
      {"it", -1.5},
      {"with", -1.5},
      {"as", -1.0},
      {"was", -1.5},
      {"by", -1.2},
      {"be", -1.5},
      {"are", -1.5},
      {"this", -1.5},
      {"from", -1.5},
      {"at", -1.2},
      {"or", -1.2},
      {"have", -1.5},
      {"has", -1.5},
      {"not", -1.5},
      {"but", -1.5},
      {"which", -1.5},
      {"their", -1.5},
      {"they", -1.5},
      {"his", -1.5},
      {"her", -1.2},
      {"its", -1.5},
      {"were", -1.5},
      {"been", -1.5},
      {"will", -1.5},
      {"would", -1.5},
      {"can", -1.2},
      {"could", -1.5},
      {"more", -1.5},
      {"than", -1.5},
      {"also", -1.5},
      {"into", -1.5},
      {"other", -1.5},
      {"new", -1.0},
      {"these", -1.5},
      {"such", -1.5},
      {"about", -1.5},
      {"we", -1.5},
      {"our", -1.5},
      {"all", -1.2},
      {"may", -1.0},
      {"should", -1.5},
      {"must", -1.5},
      {"each", -1.5},
      {"between", -1.5},
      {"through", -1.5},
      {"who", -1.5},
      {"what", -1.5},
      {"when", -1.5},
      {"where", -1.5},
      {"how", -1.5},
      {"there", -1.5},
      {"them", -1.5},
      {"he", -1.5},
      {"she", -1.5},
      {"you", -1.5},
      {"your", -1.5},
      {"one", -1.0},
      {"only", -1.5},
      {"any", -1.5},
      {"most", -1.2},
      {"some", -1.5},
      {"under", -1.2},
      {"over", -1.2},
      {"after", -1.5},
      {"before", -1.5},
      {"while", -1.5},
      {"during", -1.5},
      {"against", -1.5},
      {"within", -1.5},
      {"without", -1.5},
      {"across", -1.5},
      {"both", -1.5},
      {"well", -1.2},
      {"very", -1.2},
      {"so", -0.8},
      {"if", -1.2},
      {"up", -1.0},
      {"out", -1.2},
      {"do", -1.0},
      {"does", -1.5},
      {"did", -1.5},
      {"being", -1.5},
      {"had", -1.5},
      {"i", -0.6},
      {"my", -1.2},
      {"us", -0.6},
      {"those", -1.5},
      {"then", -1.2},
      {"an", -0.8},
      {"including", -1.5},
      {"towards", -1.5},
      {"funding", -1.0},
      {"research", -0.8},
      {"development", -0.8},
      {"projects", -0.6},
      {"call", -0.6},
      {"said", -1.2},
      {"year", -1.0},
      {"years", -1.0},
  };
  return *kWeights;
}

// Word endings, tested when the word itself is not in the table.
struct Ending {
  absl::string_view suffix;
  double weight;
};
constexpr Ending kEndings[] = {
    {"ing", -0.8},
    {"ness", -0.8},
    {"ship", -0.6},
    {"ity", -0.6},
    {"ies", -0.5},
    {"ly", -0.5},
    {"ed", -0.3},
    {"ical", -0.3},
    {"eau", 0.6},
    {"eaux", 0.8},
    {"eux", 0.8},
    {"euse", 0.8},
    {"ement", 0.6},
    {"ique", 0.6},
    {"iques", 0.8},
    {"aux", 0.5},
    {"ais", 0.5},
    {"ait", 0.6},
    {"aient", 0.8},
    {"er", 0.2},
    {"\xC3\xA9", 0.6},
    {"\xC3\xA9s", 0.6},
    {"\xC3\xA9"
     "e",
     0.6},
    {"\xC3\xA9"
     "es",
     0.6},
    {"it\xC3\xA9", 0.8},
    {"tions", 0.1},
};

// Elided French forms before an apostrophe: l'usine, qu'il, d'un.
bool IsFrenchElision(absl::string_view w) {
  return w == "l" || w == "d" || w == "qu" || w == "n" || w == "s" || w == "c" || w == "j" ||
         w == "m" || w == "t" || w == "jusqu" || w == "lorsqu" || w == "puisqu";
}

// English contraction endings after an apostrophe: it's, don't, we're.
bool IsEnglishContraction(absl::string_view w) {
  return w == "s" || w == "t" || w == "re" || w == "ve" || w == "ll" || w == "m";
}

bool EndsWith(absl::string_view s, absl::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Decodes one code point at s[*i] (advancing *i); invalid bytes yield -1.
int32_t NextCodePoint(absl::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  if (b < 0x80) {
    ++*i;
    return b;
  }
  size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return -1;
  }
  int32_t cp = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += len;
  return cp;
}

bool IsLetter(int32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool IsApostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }

// Accented letters of French orthography (lower case).
bool IsFrenchAccent(int32_t cp) {
  switch (cp) {
    case 0xE0:
    case 0xE2:
    case 0xE7:
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEB:
    case 0xEE:
    case 0xEF:
    case 0xF4:
    case 0xF9:
    case 0xFB:
    case 0x153:
      return true;
    default:
      return false;
  }
}

void AppendUtf8(int32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int32_t ToLower(int32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp == 0x152) return 0x153;
  return cp;
}

class Scorer {
 public:
  void Word(const std::string& w, bool before_apostrophe, bool after_apostrophe,
            absl::string_view previous) {
    if (w.empty()) return;
    if (before_apostrophe && IsFrenchElision(w)) {
      Add(1.5);
      return;
    }
    if (after_apostrophe && IsEnglishContraction(w) && !IsFrenchElision(previous)) {
      Add(-1.5);
      return;
    }
    const auto& table = WordWeights();
    if (auto it = table.find(w); it != table.end()) {
      Add(it->second);
      return;
    }
    if (w.size() < 4) return;
    for (const Ending& e : kEndings) {
      if (EndsWith(w, e.suffix)) {
        Add(e.weight);
        return;
      }
    }
  }
  void Accent() { Add(0.4); }
  void Letters(int32_t a, int32_t b) {
    // "th" and "w" are rare in French words, "qu" is more frequent in French.
    if (a == 't' && b == 'h') Add(-0.25);
    if (a == 'w' || b == 'w') Add(-0.15);
    if (a == 'q' && b == 'u') Add(0.15);
  }
  double score() const { return score_; }
  int evidence() const { return evidence_; }

 private:
  void Add(double w) {
    score_ += w;
    ++evidence_;
  }
  double score_ = 0;
  int evidence_ = 0;
};

}  // namespace

LanguageGuess DetectLanguage(absl::string_view text) {
  text = text.substr(0, 16 * 1024);
  Scorer scorer;
  std::string word, previous;
  bool word_after_apostrophe = false;
  int32_t last = 0;
  size_t i = 0;
  while (i <= text.size()) {
    const int32_t cp = i < text.size() ? ToLower(NextCodePoint(text, &i)) : (++i, ' ');
    if (IsLetter(cp)) {
      AppendUtf8(cp, &word);
      if (IsFrenchAccent(cp)) scorer.Accent();
      if (IsLetter(last)) scorer.Letters(last, cp);
      last = cp;
      continue;
    }
    const bool apostrophe = IsApostrophe(cp) && !word.empty() && i < text.size();
    scorer.Word(word, apostrophe, word_after_apostrophe, previous);
    if (!word.empty()) previous = word;
    word_after_apostrophe = apostrophe;
    word.clear();
    last = cp;
  }
  LanguageGuess guess;
  guess.score = scorer.score();
  guess.evidence = scorer.evidence();
  // A margin of 2 (about two decisive function words) is required.
  if (guess.score >= 2.0) {
    guess.code = "fr";
  } else if (guess.score <= -2.0) {
    guess.code = "en";
  }
  return guess;
}

std::string DetectLanguageCode(absl::string_view text) { return DetectLanguage(text).code; }

}  // namespace meute::ingest
