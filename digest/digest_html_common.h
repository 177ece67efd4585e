// HTML pieces shared by the digest page and the regional map page.
//
// Thread safety: pure functions and constants.

#ifndef MEUTE_DIGEST_DIGEST_HTML_COMMON_H_
#define MEUTE_DIGEST_DIGEST_HTML_COMMON_H_

#include <string>

#include "absl/strings/string_view.h"
#include "digest/digest.h"
#include "feedback/suggestion_id.h"

namespace meute::digest {

// Meta tags for <head>: a Content-Security-Policy that allows inline styles
// only (no script, no external resource of any kind, no form, no <base>) and
// no referrer. Defence in depth: the renderers escape everything anyway.
inline constexpr absl::string_view kHtmlSecurityMeta =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
    "<meta name=\"referrer\" content=\"no-referrer\">";

// `text` (raw) as a link to `url` (raw) when the URL is http(s), with class
// `css_class` (none if empty); otherwise the escaped text in a <span>. Both
// are escaped here.
std::string HtmlLink(absl::string_view text, absl::string_view url, absl::string_view css_class);

// The id of a suggestion of `d` (feedback/suggestion_id.h), e.g.
// "mipyrail/partner/automotech".
std::string SuggestionIdOf(const Digest& d, feedback::SuggestionKind kind,
                           absl::string_view target);

// The raw URL answering `verb` (accept, reject, known) to suggestion `id`:
// the http(s) template with {id} and {answer} replaced (URL-encoded), else
// mailto:ADDRESS?subject=meute%20VERB%20ID, else "" (no links configured).
std::string FeedbackHref(const DigestFeedbackLinks& links, absl::string_view verb,
                         absl::string_view id);

// A discreet HTML paragraph (class "fb"): the suggestion id, then links
// "utile · pas pour nous · déjà connu" when `d` has feedback links.
std::string HtmlFeedbackLine(const Digest& d, feedback::SuggestionKind kind,
                             absl::string_view target);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_HTML_COMMON_H_
