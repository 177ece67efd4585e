// HTML pieces shared by the digest page and the regional map page.
//
// Thread safety: pure functions and constants.

#ifndef MEUTE_DIGEST_DIGEST_HTML_COMMON_H_
#define MEUTE_DIGEST_DIGEST_HTML_COMMON_H_

#include <string>

#include "absl/strings/string_view.h"

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

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_HTML_COMMON_H_
