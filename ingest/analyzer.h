// French (and English) text analysis: one code path for documents and queries,
// so that what is indexed can be found.
//
// Steps, in order: ICU word boundaries; NFKC; case folding; ligatures (œ -> oe,
// æ -> ae); apostrophes unified (’ -> '); French elisions split (l' d' qu' n' s'
// c' j' m' t' jusqu' lorsqu' puisqu'; "aujourd'hui" stays whole); hyphenated
// compounds indexed joined and as parts; digit groups joined ("10 000" ->
// "10000"); dotted acronyms joined ("C.C.I." -> "cci"); e-mail addresses and
// URLs kept whole as well as split; accents folded; stop words marked; stems by
// Xapian's Snowball stemmer for the token's language.
//
// Terms (DO NOT CHANGE without bumping kAnalyzerVersion: indexes store it):
//   Token::form   accent-free, case-folded word: indexed with positions
//                 ("mobilite"); phrase queries match on it.
//   Token::stems  stemmed forms, indexed with the "Z" prefix and no positions:
//                 both stem(fold(w)) and fold(stem(w)) when they differ, so
//                 "mobilite" (-> "mobilit") finds "mobilité" (-> "mobil",
//                 "mobilit") and the reverse. Empty for stop words.
//
// Thread safety: immutable after Create(); Analyze() may run concurrently.

#ifndef MEUTE_INGEST_ANALYZER_H_
#define MEUTE_INGEST_ANALYZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::ingest {

// Bump whenever some input yields different tokens or terms.
inline constexpr int kAnalyzerVersion = 2;

enum class Language { kFrench, kEnglish };

// "fr" -> kFrench, "en" -> kEnglish; anything else (or empty) -> kFrench.
Language LanguageFromCode(absl::string_view code);
absl::string_view LanguageCode(Language lang);

struct Token {
  std::string surface;             // The bytes of the input, [byte_begin, byte_end).
  std::string form;                // Normalised, accent-free: "l’Hydrogène" -> "hydrogene".
  std::vector<std::string> stems;  // Distinct stems, no prefix; empty for stop words.
  uint32_t byte_begin = 0;         // Offsets into the analysed input.
  uint32_t byte_end = 0;
  uint32_t position = 0;  // Word ordinal; a joined compound shares its first part's.
  bool stopword = false;
  bool joined = false;  // An extra token made by joining parts ("midipyrenees").
};

struct AnalyzerOptions {
  // Extra stop words (normalised like forms). Default: none beyond the built-in
  // French (Snowball) and English lists.
  std::vector<std::string> extra_stopwords;
};

class Analyzer {
 public:
  // kInternal if ICU cannot create its break iterator or normalizers.
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(const AnalyzerOptions& options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Tokens of `text` in order. Invalid UTF-8 is analysed as U+FFFD (offsets
  // still refer to the input). Never fails on any byte string.
  std::vector<Token> Analyze(absl::string_view text, Language lang) const;

  // Lower-cases and normalises one word without folding accents, then stems
  // it: the "stemming step", checked against the Snowball reference vocabulary.
  std::string Stem(absl::string_view word, Language lang) const;

  // The accent-free normal form of one word, as Token::form.
  std::string Normalize(absl::string_view word) const;

  bool IsStopword(absl::string_view form, Language lang) const;

 private:
  struct Impl;  // ICU and Xapian objects stay out of this header.
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_ANALYZER_H_
