#include "recommend/own_words.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "recommend/surface_forms.h"

namespace meute::recommend {
namespace {

// The byte before `at` in `text` is an apostrophe ("'" or U+2019) that
// follows an elided determiner or preposition ("l'", "d'").
bool AfterElidedIntroducer(absl::string_view text, size_t at) {
  size_t p = at;
  if (p >= 1 && text[p - 1] == '\'') {
    p -= 1;
  } else if (p >= 3 && text.substr(p - 3, 3) == "\xE2\x80\x99") {
    p -= 3;
  } else {
    return false;
  }
  if (p < 1) return false;
  const char c = absl::ascii_tolower(static_cast<unsigned char>(text[p - 1]));
  const bool word_start = p < 2 || !absl::ascii_isalpha(static_cast<unsigned char>(text[p - 2]));
  return word_start && (c == 'l' || c == 'd');
}

// Lower case of the accented capitals of French (UTF-8, two bytes).
std::string LowerFrench(absl::string_view word) {
  std::string out = absl::AsciiStrToLower(word);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const auto c = static_cast<uint8_t>(out[i]);
    const auto d = static_cast<uint8_t>(out[i + 1]);
    if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
    if (c == 0xC5 && d == 0x92) out[i + 1] = static_cast<char>(0x93);  // Œ -> œ
  }
  return out;
}

}  // namespace

OwnWordMap OwnWordsOf(const ingest::Document& record, const PhraseTokenizer& tokenize,
                      const FrenchMorphology* morphology, const PartsOfSpeech* thesaurus) {
  const std::string lang = record.lang == "en" ? "en" : "fr";
  // stem -> word -> count
  absl::flat_hash_map<std::string, std::map<std::string, int>> counts;
  // The fields the index analyses as words: title, text, and the lists of
  // skills, sectors and themes (each item a text of its own).
  std::vector<absl::string_view> fields = {record.title, record.text};
  for (const std::vector<std::string>* list : {&record.skills, &record.sectors, &record.themes}) {
    for (const std::string& item : *list) fields.push_back(item);
  }
  for (absl::string_view text : fields) {
    if (text.empty()) continue;
    const std::vector<PhraseToken> tokens = tokenize(text, lang);
    for (size_t i = 0; i < tokens.size(); ++i) {
      const PhraseToken& t = tokens[i];
      if (t.stopword || t.stems.empty() || t.surface.empty()) continue;
      const std::string lower = LowerFrench(t.surface);
      bool introduced = AfterElidedIntroducer(text, t.byte_begin) ||
                        (i > 0 && tokens[i - 1].byte_end + 1 >= t.byte_begin &&
                         IsNounIntroducer(LowerFrench(tokens[i - 1].surface)));
      // A prenominal adjective stands between the determiner and its noun
      // ("des petites entreprises", "des mauvaises herbes").
      if (introduced && morphology != nullptr && lang == "fr" &&
          (morphology->Classes(lower) & kAdjectiveReading) != 0 && i + 1 < tokens.size() &&
          !tokens[i + 1].stopword && t.byte_end + 1 >= tokens[i + 1].byte_begin &&
          (morphology->Classes(LowerFrench(tokens[i + 1].surface)) & kNounReading) != 0) {
        introduced = false;
      }
      if (!IsWordOfSubstance(lower, introduced, lang, morphology, thesaurus)) {
        for (const std::string& stem : t.stems) counts[stem];  // Written, not as a noun.
        continue;
      }
      // Acronyms and inner capitals ("IA", "NewSpace") keep their spelling.
      const bool keep_case = HasUpperCase(t.surface) && !IsTitleCase(t.surface);
      for (const std::string& stem : t.stems) ++counts[stem][keep_case ? t.surface : lower];
    }
  }
  OwnWordMap out;
  for (const auto& [stem, words] : counts) {
    const std::pair<const std::string, int>* best = nullptr;
    for (const auto& w : words) {
      if (best == nullptr || w.second > best->second) best = &w;  // Ties: the smaller (map order).
    }
    out.emplace(stem, best != nullptr ? best->first : std::string());
  }
  return out;
}

bool FrenchMatchIsReliable(absl::string_view english, absl::string_view french,
                           const TranslationTable* table) {
  auto singular = [](std::string w) {
    if (w.size() > 3 && (absl::EndsWith(w, "s") || absl::EndsWith(w, "x"))) w.pop_back();
    return w;
  };
  const std::string e = singular(FoldAccents(english));
  const std::string f = singular(FoldAccents(french));
  if (e == f) return true;
  if (table == nullptr) return false;
  for (const std::string& key : {FoldAccents(english), e}) {
    auto it = table->find(key);
    if (it == table->end()) continue;
    for (const std::string& translation : it->second) {
      if (singular(FoldAccents(translation)) == f) return true;
    }
  }
  return false;
}

const TranslationTable* FreeDictEnglishToFrench() {
  static const TranslationTable* const table = []() -> const TranslationTable* {
    absl::StatusOr<std::vector<DictEntry>> eng_fra = ReadDictd("/usr/share/dictd/freedict-eng-fra");
    absl::StatusOr<std::vector<DictEntry>> fra_eng = ReadDictd("/usr/share/dictd/freedict-fra-eng");
    if (!eng_fra.ok() || !fra_eng.ok()) return nullptr;
    return new TranslationTable(EnglishToFrench(*eng_fra, *fra_eng));
  }();
  return table;
}

}  // namespace meute::recommend
