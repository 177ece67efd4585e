// Function words (articles, pronouns, prepositions, conjunctions, auxiliaries,
// number words) of French and English, so that labels shown to people (theme
// labels, document keyphrases) are made of content words only.
//
// The analyzer's own stop lists (Snowball) decide what is indexed and cannot
// grow without a new analyzer version (indexes would have to be rebuilt); this
// longer list only filters what is displayed. It is the union of the Snowball
// French list, common French function words it lacks ("son", "sous", "entre",
// "plus", "très", ...) and scikit-learn's English list (from the Glasgow
// Information Retrieval Group's stop list, BSD-licensed).
//
// Thread safety: pure function.

#ifndef MEUTE_RECOMMEND_FUNCTION_WORDS_H_
#define MEUTE_RECOMMEND_FUNCTION_WORDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace meute::recommend {

// `word` lower-cased (ASCII and the accented capitals of French) with its
// accents removed (Latin-1 letters in UTF-8; other bytes kept):
// "Médicaments" -> "medicaments".
std::string FoldAccents(absl::string_view word);

// True if `word` (any case, with or without French accents, UTF-8) is a
// French or English function word.
bool IsFunctionWord(absl::string_view word);

// True if `word` can be shown as what something is about: it has a letter
// (not "2025", "12,5") and is not a function word.
bool IsContentWord(absl::string_view word);

namespace internal {
// For the test: the list is sorted and has no duplicate (binary search).
bool FunctionWordsAreSorted();
}  // namespace internal

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_FUNCTION_WORDS_H_
