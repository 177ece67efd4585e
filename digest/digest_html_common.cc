#include "digest/digest_html_common.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
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

}  // namespace meute::digest
