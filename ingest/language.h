// French / English detection for records that do not say their language.
//
// The model is ours and small, with no data files: a profile of function words
// (articles, prepositions, pronouns, auxiliaries), elided and contracted forms
// (l', qu', n't, 's), accented letters and a few word endings typical of each
// language, each with a hand-set log-odds weight. Their sum over the text picks
// the language. It needs a few words of running text: titles of two words or
// lists of names may stay undecided.
//
// Thread safety: free functions over immutable tables.

#ifndef MEUTE_INGEST_LANGUAGE_H_
#define MEUTE_INGEST_LANGUAGE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace meute::ingest {

struct LanguageGuess {
  std::string code;  // "fr", "en", or "" when the evidence is too weak.
  double score = 0;  // > 0 leans French, < 0 English (sum of log-odds).
  int evidence = 0;  // Number of words and letters that carried a weight.
};

// Guesses the language of `text` (UTF-8; invalid bytes are skipped). Looks at
// the first 16 KiB only. Never fails.
LanguageGuess DetectLanguage(absl::string_view text);

// Convenience: DetectLanguage(text).code.
std::string DetectLanguageCode(absl::string_view text);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_LANGUAGE_H_
