// Which French words are nouns, read from a real resource: the French
// thesaurus of LibreOffice (Debian's mythes-fr, /usr/share/mythes/
// th_fr_FR_v2.dat), whose every headword carries its parts of speech. Theme
// labels use it so that they name things ("irrigation", "batteries") rather
// than report news ("lève", "recruter").
//
// Format (MyThes): the first line names the encoding (UTF-8 for mythes-fr);
// then each entry is a headword line "word|N" followed by N lines
// "(Nom)|synonym|..." whose parenthesised head lists the parts of speech,
// several for an ambiguous word: "(Adjectif Nom Verbe)".
//
// Thread safety: immutable after loading.

#ifndef MEUTE_RECOMMEND_PARTS_OF_SPEECH_H_
#define MEUTE_RECOMMEND_PARTS_OF_SPEECH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::recommend {

// The file Debian's mythes-fr installs.
inline constexpr char kMythesFrenchPath[] = "/usr/share/mythes/th_fr_FR_v2.dat";

class PartsOfSpeech {
 public:
  // kNotFound if `path` does not exist; kDataLoss naming the line if an
  // entry is malformed; kInvalidArgument if the encoding is not UTF-8.
  static absl::StatusOr<PartsOfSpeech> LoadMythes(const std::string& path);
  // Adds `word` (lower case) with the parts of speech in `classes`, as a
  // MyThes head: "(Adjectif Nom)". For tests and extra vocabularies.
  void Add(absl::string_view word, absl::string_view classes);

  // True if the thesaurus has `word` (lower case) or its singular (a final
  // "s" or "x" left out).
  bool Known(absl::string_view word) const;
  // True if one of those entries may be a noun.
  bool MayBeNoun(absl::string_view word) const;
  // True if `word` (lower case) is unknown to the thesaurus but reads as an
  // inflected form of a verb it knows only as a verb: a conjugated form or a
  // participle ("attendent", "observe", "embarquée" from "attendre",
  // "observer", "embarquer"). MyThes lists infinitives, not their forms.
  // With `participles` false, participles ("embarquée", "traitées",
  // "roulant") are not counted: they read as adjectives in a noun phrase.
  bool IsInflectedVerb(absl::string_view word, bool participles = true) const;
  size_t size() const { return classes_.size(); }

  // The thesaurus Debian installs (kMythesFrenchPath), loaded once; null if it
  // is not installed (labels then keep every content word).
  static const PartsOfSpeech* French();

 private:
  enum : uint8_t { kNoun = 1, kOther = 2 };
  uint8_t Classes(absl::string_view word) const;
  absl::flat_hash_map<std::string, uint8_t> classes_;
};

// French parts of speech of inflected forms, from Hunspell's morphological
// analysis with Debian's hunspell-fr (the Grammalecte dictionary), whose
// every form carries "po:" fields: "estime" reads "st:estime po:nom" and
// "st:estimer po:v1... po:ipre"; "combien" "po:mg po:advint"; "climatiques"
// "po:adj". MyThes (above) lists lemmas only; this reads the forms written.
//
// Thread safety: Classes() may run concurrently (one lock around Hunspell,
// which is not thread-safe, and its cache).
inline constexpr char kHunspellFrenchAff[] = "/usr/share/hunspell/fr_FR.aff";
inline constexpr char kHunspellFrenchDic[] = "/usr/share/hunspell/fr_FR.dic";

// Bits of a word's readings.
enum WordClass : uint8_t {
  kNounReading = 1,
  kAdjectiveReading = 2,
  kVerbReading = 4,  // Conjugated forms, infinitives and participles.
  kAdverbReading = 8,
  kFunctionReading = 16,  // po:mg (grammatical word), pronouns, determiners, ...
  kNameReading = 32,      // Proper names (po:npr, po:prn, po:patr).
};

// The classes of one Hunspell analysis line ("st:estime po:nom is:fem").
uint8_t ClassesOfAnalysis(absl::string_view analysis);

class FrenchMorphology {
 public:
  // kNotFound if a file does not exist.
  static absl::StatusOr<std::unique_ptr<FrenchMorphology>> Load(const std::string& aff,
                                                                const std::string& dic);
  // The dictionary Debian installs (kHunspellFrench*), loaded once; null if
  // hunspell-fr is not installed.
  static const FrenchMorphology* French();
  ~FrenchMorphology();

  // Union of the classes of every reading of `word` (lower case); 0 if the
  // dictionary does not know it.
  uint8_t Classes(absl::string_view word) const;

 private:
  FrenchMorphology() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True if `word` (lower case) is a determiner, a preposition or an elided
// one ("l", "d"): a word after it is read as a noun ("l'estime", "des
// ports"; not "Hydroscope estime le volume").
bool IsNounIntroducer(absl::string_view word);

// True if this occurrence of `word` (lower case, language `lang`) may be
// shown as what a text is about, a word of substance: a content word (not a
// function word, interrogatives included: "combien"), and in French, by
// `morphology` (or `thesaurus` for words it does not know), a noun: never a
// form that reads only as a verb, an adjective or an adverb ("observe",
// "climatiques", "élevé"); a form that reads as a noun and as something else
// ("estime", "porte", "mobile") only right after a determiner or a
// preposition (`after_introducer`). A word neither resource knows (a
// technical term, an acronym) is one unless it reads as an inflected verb of
// the thesaurus. English words: content words (no English resource gives
// parts of speech).
bool IsWordOfSubstance(absl::string_view word, bool after_introducer, absl::string_view lang,
                       const FrenchMorphology* morphology, const PartsOfSpeech* thesaurus);

// The words of a list file, one per line, lower-cased (ASCII letters); blank
// lines and lines starting with # are left out. The read error, naming the
// file, if it cannot be read.
absl::StatusOr<std::set<std::string, std::less<>>> LoadWordList(const std::string& path);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_PARTS_OF_SPEECH_H_
