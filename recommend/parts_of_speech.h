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

// The words of a list file, one per line, lower-cased (ASCII letters); blank
// lines and lines starting with # are left out. The read error, naming the
// file, if it cannot be read.
absl::StatusOr<std::set<std::string, std::less<>>> LoadWordList(const std::string& path);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_PARTS_OF_SPEECH_H_
