// Escaping and French wording shared by the digest and map renderers.
//
// Everything shown in a digest comes from the corpus, that is from the open
// web: every string goes through exactly one of these escapers for the
// context it lands in, and a URL is emitted only if it is http(s).
//
// Thread safety: pure functions.

#ifndef MEUTE_DIGEST_DIGEST_TEXT_H_
#define MEUTE_DIGEST_DIGEST_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace meute::digest {

// Text content of an HTML (or inline SVG) element: & < > become entities;
// control characters other than tab and newline are dropped; invalid UTF-8
// becomes U+FFFD. The result cannot open a tag, a comment or an entity.
std::string EscapeHtmlText(absl::string_view s);

// A quoted attribute value (always emit it between double quotes): as
// EscapeHtmlText, plus " ' and ` become entities and newlines and tabs become
// spaces. The result cannot close the attribute.
std::string EscapeHtmlAttribute(absl::string_view s);

// Returns `url` if it is an absolute http:// or https:// URL with a host
// (scheme case-insensitive, surrounding whitespace trimmed), with spaces,
// control characters, non-ASCII bytes and the characters " < > \ ^ ` { | }
// percent-encoded; nullopt for anything else (javascript:, data:, relative
// or protocol-relative URLs, empty). The result still needs
// EscapeHtmlAttribute() inside HTML (for & and ').
std::optional<std::string> SafeHttpUrl(absl::string_view url);

// Inline Markdown text: backslash-escapes \ ` * _ [ ] < > | ~ and entity-like
// "&name;", and turns newlines into spaces, so corpus text can neither format,
// link, nor embed HTML.
std::string EscapeMarkdown(absl::string_view s);

// SafeHttpUrl() with ( ) and spaces also percent-encoded, for a Markdown link
// destination; nullopt when the URL is not http(s).
std::optional<std::string> MarkdownUrl(absl::string_view url);

// Collapses runs of ASCII white space (space, tab, CR, LF) into one space and
// trims both ends; no-break spaces (U+00A0, U+202F) are typography and stay.
std::string CollapseSpaces(absl::string_view s);

// `s` (after CollapseSpaces) in lines of at most `max_chars` code points
// (at least 2), broken at spaces; a word longer than a line is cut into
// pieces ending in "-". Nothing is dropped: joining the lines with spaces
// (and the cut pieces without their "-") gives CollapseSpaces(s) back.
std::vector<std::string> WrapText(absl::string_view s, size_t max_chars);

// At most `max_chars` code points of `s` (after CollapseSpaces): cut at a
// word boundary when one is near and ended with "…". Never splits a UTF-8
// sequence.
std::string Shorten(absl::string_view s, size_t max_chars);

// Number of code points of valid UTF-8 `s`.
size_t Utf8Length(absl::string_view s);

// French amounts: 2500000 -> "2,5 M€", 800000 -> "800 000 €" (U+202F narrow
// no-break space between groups and before €), 1000000 -> "1 M€".
std::string FrenchEuros(double amount);

// "J-12"; 0 -> "Jour J"; negative -> "clos".
std::string Countdown(int days_left);

// A ratio as French percent growth: 2.4 -> "+140 %", 0.8 -> "−20 %" (narrow
// no-break space before %).
std::string FrenchGrowth(double ratio);

// `s` lower-cased (ASCII and the accented capitals French uses) with
// apostrophes (’ -> ') and no-break spaces unified, so that patterns can be
// plain lower-case strings; origin[i] is the byte of `s` that folded byte i
// came from.
struct FoldedText {
  std::string text;
  std::vector<size_t> origin;
};
FoldedText FoldWithOrigin(absl::string_view s);
// FoldWithOrigin(s).text.
std::string FoldForMatching(absl::string_view s);

// Position of `needle` in `haystack` where it starts a word (first byte or
// after a space, apostrophe or punctuation) and, if `whole_word`, also ends
// one (followed by the end or a byte that is not an ASCII letter or digit);
// npos if none.
size_t FindWord(absl::string_view haystack, absl::string_view needle, bool whole_word = false);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_TEXT_H_
