// A call's needs as the call's own phrases: "réservoirs d'hydrogène liquide"
// rather than "hydrogène", "balance of plant" rather than "balance".
//
// A need is a model term (a stem). Its phrase is a run of the call's words
// (title, then text) that holds the need and at least one other meaningful
// word, read as a noun phrase without a part-of-speech tagger:
//   - meaningful words (the caller's predicate: a content word, not call
//     boilerplate nor a number) joined by nothing but spaces, hyphens or an
//     elision ("d'", "l'"), or by up to two linking words (French "de", "du",
//     "des", "à", "au", "aux", "en", "la", "le", "les", "pour"; English "of",
//     "for", "the") that stand between two meaningful words;
//   - never across other punctuation or another stop word ("et", "and");
//   - at most max_words meaningful words, grown from the need one word at a
//     time, to the right first (French and English noun phrases mostly
//     extend rightwards from the head: "pile à combustible").
// Among the occurrences of the need, the phrase with the most other needs in
// it wins, then the longest, then the first (title before text).
//
// English calls. Members write French, so an English call's needs are often
// the French targets of the glossary ("aircraft" -> aéronef). Such a need is
// found in the call through the English words of the glossary entries that
// give it, so its phrase is English ("regional aircraft") and its word stays
// French: the French match shown beside it.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_NEED_PHRASES_H_
#define MEUTE_RECOMMEND_NEED_PHRASES_H_

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "recommend/glossary.h"

namespace meute::recommend {

// One word of a text as the analyzer gives it (see ingest::Token), without
// depending on the analyzer.
struct PhraseToken {
  std::string surface;             // As written ("Hydrogène").
  std::string form;                // Normalised, accent-free ("hydrogene").
  std::vector<std::string> stems;  // Empty for stop words.
  uint32_t byte_begin = 0;
  uint32_t byte_end = 0;
  bool stopword = false;
};

// Tokens of `text` in language `lang` ("fr" or "en"); joined compounds left out.
using PhraseTokenizer =
    std::function<std::vector<PhraseToken>(absl::string_view text, absl::string_view lang)>;

struct PhraseRules {
  // True if a token may be a word of a phrase (see above). Required.
  std::function<bool(const PhraseToken&)> meaningful;
  // True if a meaningful token may be the first word of a phrase (a French
  // noun phrase starts at a noun: "vise des réservoirs" reads as a verb and
  // its object). Empty: any.
  std::function<bool(const PhraseToken&)> may_start;
  int max_words = 4;
};

// The stems that stand for need `stem` in a text of language `lang`: the stem
// itself and, for "en", the source stems of the English glossary entries
// that have it as a target.
std::set<std::string> NeedAnchors(absl::string_view stem, absl::string_view lang,
                                  const Glossary& glossary);

// The phrase (see above) for each need of `anchors` (one set of anchor stems
// per need) in the fields of `fields` (each a text and its tokens), or ""
// where no occurrence of the need gives two meaningful words.
struct PhraseField {
  absl::string_view text;
  std::vector<PhraseToken> tokens;
};
std::vector<std::string> NeedPhrases(const std::vector<PhraseField>& fields,
                                     const std::vector<std::set<std::string>>& anchors,
                                     const PhraseRules& rules);

// Every phrase of `field` that holds a word of `anchors`, for counting
// phrases over many documents (theme labels): at each occurrence of an
// anchor, the anchor with its next meaningful word to the right (when the
// anchor may start a phrase), with the one to its left (when that one may),
// and the phrase NeedPhrases() would grow there; each once, as written, with
// the tokens it spans (field.tokens[first..last]).
struct PhraseSpan {
  size_t first = 0;
  size_t last = 0;
  std::string text;
};
std::vector<PhraseSpan> PhrasesAround(const PhraseField& field,
                                      const std::set<std::string>& anchors,
                                      const PhraseRules& rules);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_NEED_PHRASES_H_
