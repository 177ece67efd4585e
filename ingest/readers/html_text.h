// HTML to plain text: the block walker the HTML page reader, the feed reader
// (descriptions, content:encoded) and mapped JSON fields (html = true) share.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_READERS_HTML_TEXT_H_
#define MEUTE_INGEST_READERS_HTML_TEXT_H_

#include <string>
#include <vector>

#include <libxml/tree.h>

#include "absl/strings/string_view.h"

namespace meute::ingest::internal {

struct HtmlBlock {
  std::string text;       // White space collapsed, never empty.
  size_t link_bytes = 0;  // Bytes of `text` that sit inside <a>.
  std::string tag;        // Innermost block element: "p", "h2", "li", "td", "div"...
};

struct BlockOptions {
  // Skip navigation and page furniture: nav, header, footer, aside, form,
  // menus, buttons; ARIA roles navigation/banner/contentinfo/complementary/
  // search; elements whose class or id names a menu, share bar, newsletter,
  // cookie banner, sidebar, breadcrumb or comments. Default: false (fragments).
  bool skip_page_furniture = false;
  // Stop once this many bytes of text were collected. Default: 4 MiB.
  size_t max_bytes = size_t{4} << 20;
};

// The text blocks under `root`, in document order. Scripts, styles, SVG,
// templates and other non-text elements are always skipped.
std::vector<HtmlBlock> ExtractBlocks(xmlNode* root, const BlockOptions& options);

// True if `tag` (lower case) is an HTML block element: text on either side
// of it is not one line.
bool IsBlockTag(absl::string_view tag);

// True if `element` is page furniture in the sense of skip_page_furniture.
bool IsPageFurniture(const xmlNode* element);

// Converts an HTML fragment (a feed description, an API field) to text: one
// line per block, entities decoded. Text without markup is only trimmed.
std::string HtmlFragmentToText(absl::string_view html);

// `markdown` without the raw HTML elements whose content is never text:
// script, style, noscript, template, svg and iframe, from their start tag to
// their end tag (to the end of the text when there is none, as in HTML).
// Fenced code blocks and `code spans` are left as they are (they show markup
// as text).
std::string StripNonTextHtml(absl::string_view markdown);

// Joins block texts with "\n".
std::string JoinBlocks(const std::vector<HtmlBlock>& blocks);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_READERS_HTML_TEXT_H_
