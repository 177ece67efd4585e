// Main-text extraction for web pages: a port of Mozilla Readability.js 0.6
// (https://github.com/mozilla/readability, Apache-2.0) to a small DOM built
// from libxml2's HTML tree. doc/html-extraction.md describes every decision:
// which element is the article, what is boilerplate, where the title comes
// from.
//
// Differences from Readability.js, all deliberate: script, style, noscript,
// template, svg, iframe, comments and IE conditional-comment markers
// (`<![if ...]>`, `<![endif]>`) never enter the DOM; lengths are counted in
// UTF-16 code units as JavaScript does; the DOM is depth-capped (kMaxDepth) so
// that every pass stays linear in the page size times that depth. Meute adds:
// boxes named as tags, author box, newsletter, cookie banner or related
// teasers are removed from the article; the <header> of an <article> is never
// an unlikely candidate; a single <h1> longer than a very short <title> stays
// the title.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_READERS_HTML_READABILITY_H_
#define MEUTE_INGEST_READERS_HTML_READABILITY_H_

#include <string>
#include <vector>

#include <libxml/tree.h>

#include "ingest/readers/html_text.h"

namespace meute::ingest::internal {

struct ReadabilityArticle {
  // The article's text blocks in document order ("" blocks never).
  std::vector<HtmlBlock> blocks;
  // The title: JSON-LD name/headline, dc:title, og:title, meta title,
  // twitter:title, parsely-title, else <title> cut at its site separator.
  std::string title;
  std::string byline;     // Author as the page states it ("" if none).
  std::string site_name;  // JSON-LD publisher name, else og:site_name.
  std::string excerpt;    // JSON-LD description, else meta descriptions.
  std::string published;  // JSON-LD datePublished, article:published_time...
  int attempts = 0;       // Passes run (1 to 4: flags relaxed when too short).
};

// Extracts the article of the HTML document whose root element is `root`.
// Text collection stops after `max_bytes`.
ReadabilityArticle ExtractArticle(xmlNode* root, size_t max_bytes);

// Readability's _getArticleTitle(): `title` (the <title> text) without its
// site part. `headings` are the texts of the page's h1 and h2 elements in
// order, `h1_count` the number of h1 elements and `first_h1` the text of the
// first.
std::string TitleFromTitleElement(const std::string& title,
                                  const std::vector<std::string>& headings, int h1_count,
                                  const std::string& first_h1);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_READERS_HTML_READABILITY_H_
