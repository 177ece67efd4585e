// Term-making helpers shared by the indexer and the query builder, so that a
// filter value is normalised the same way on both sides.
//
// Thread safety: pure functions (the analyzer is thread-safe).

#ifndef MEUTE_INDEX_INTERNAL_TERMS_H_
#define MEUTE_INDEX_INTERNAL_TERMS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"

namespace meute::index::internal {

// The normalised form of a boolean field value (funder, source, theme, city,
// cluster): the forms of its words (stop words included, compound joins left
// out) separated by single spaces, at most kMaxTermBytes long.
// "Région Occitanie" -> "region occitanie"; "aerospace-valley" -> "aerospace valley".
std::string NormalizeValue(const ingest::Analyzer& analyzer, absl::string_view value);

// The other names a funder goes by, normalised as NormalizeValue() does, so
// that `financeur:ademe` finds "France 2030 (opérée par l'ADEME)" and "ADEME
// Occitanie": each part of `funder` cut at ( ) / , ; and a spaced dash, less a
// leading "opéré(e) par", "géré(e) par", "porté(e) par" or "via"; and, when
// any of these names holds a known acronym or its long form (ADEME, ANR,
// Bpifrance, FEDER...), every name of that funder. `funder` itself normalised
// is not among them; each name once.
// Example: "France 2030 (opérée par l'ADEME)" -> {"france 2030", "ademe",
//   "agence de la transition ecologique", ...}.
std::vector<std::string> FunderNames(const ingest::Analyzer& analyzer, absl::string_view funder);

// The kind name ("call", "member", "news", "cluster") for a kind or one of
// its French or plural aliases ("appel", "aap", "membre", "actualite",
// "pole"...); empty if unknown.
std::string KindFromAlias(const ingest::Analyzer& analyzer, absl::string_view text);

// Whether an unprefixed term (a form) goes to the spelling dictionary: 3 to 40
// bytes, no digit and no URL or e-mail punctuation.
bool IsSpellingWord(absl::string_view form);

}  // namespace meute::index::internal

#endif  // MEUTE_INDEX_INTERNAL_TERMS_H_
