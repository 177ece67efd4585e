#include "digest/digest_html_common.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "digest/digest_text.h"

namespace meute::digest {

std::string HtmlLink(absl::string_view text, absl::string_view url, absl::string_view css_class) {
  const std::string cls =
      css_class.empty() ? "" : absl::StrCat(" class=\"", EscapeHtmlAttribute(css_class), "\"");
  const std::optional<std::string> href = SafeHttpUrl(url);
  if (!href) return absl::StrCat("<span", cls, ">", EscapeHtmlText(text), "</span>");
  return absl::StrCat("<a", cls, " href=\"", EscapeHtmlAttribute(*href),
                      "\" rel=\"noopener noreferrer nofollow\">", EscapeHtmlText(text), "</a>");
}

namespace {

// RFC 3986 percent-encoding of everything but the unreserved characters
// (and '@' when `keep_at`: an RFC 6068 mailto address keeps it).
std::string UrlEncode(absl::string_view s, bool keep_at = false) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_at && c == '@')) {
      out += c;
    } else {
      absl::StrAppendFormat(&out, "%%%02X", u);
    }
  }
  return out;
}

}  // namespace

std::string SuggestionIdOf(const Digest& d, feedback::SuggestionKind kind,
                           absl::string_view target) {
  return feedback::SuggestionId{d.cluster.id, kind, std::string(target)}.ToString();
}

std::string FeedbackHref(const DigestFeedbackLinks& links, absl::string_view verb,
                         absl::string_view id) {
  const std::string& t = links.url_template;
  if (absl::StartsWith(t, "https://") || absl::StartsWith(t, "http://")) {
    return absl::StrReplaceAll(t, {{"{id}", UrlEncode(id)}, {"{answer}", UrlEncode(verb)}});
  }
  if (links.mailto.empty()) return "";
  return absl::StrCat("mailto:", UrlEncode(links.mailto, /*keep_at=*/true),
                      "?subject=", UrlEncode(absl::StrCat("meute ", verb, " ", id)));
}

std::string HtmlFeedbackLine(const Digest& d, feedback::SuggestionKind kind,
                             absl::string_view target) {
  const std::string id = SuggestionIdOf(d, kind, target);
  std::string out = absl::StrCat("<p class=\"fb\">réf. ", EscapeHtmlText(id));
  static const std::pair<const char*, const char*> kVerbs[] = {
      {"accept", "utile"}, {"reject", "pas pour nous"}, {"known", "déjà connu"}};
  for (const auto& [verb, label] : kVerbs) {
    const std::string href = FeedbackHref(d.feedback_links, verb, id);
    if (href.empty()) continue;
    absl::StrAppend(&out, " · <a class=\"fbl\" href=\"", EscapeHtmlAttribute(href), "\">", label,
                    "</a>");
  }
  absl::StrAppend(&out, "</p>");
  return out;
}

}  // namespace meute::digest
