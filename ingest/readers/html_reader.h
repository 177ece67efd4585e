// Web pages (news articles, calls for projects), with the page furniture
// removed so that only the article reaches the record's text. Every decision
// is in doc/html-extraction.md.
//
// title:  JSON-LD name/headline, meta dc:title / og:title / title /
//         twitter:title..., else <title> cut at its site separator as
//         Readability does; a trailing " | <og:site_name>" is removed.
// date:   meta article:published_time, og:published_time, datePublished,
//         dc.date, date, pubdate...; else the first <time datetime> (or its
//         text); else a date line of the article ("Publié le 3 mars 2026").
// text:   the article as Mozilla Readability 0.6 finds it
//         (html_readability.h), without tag lists, author boxes, newsletter,
//         cookie and "related" boxes, menu/share/social labels, date-only lines
//         and a first line repeating the title. Script, style, noscript,
//         template, svg and iframe content never reaches any field.
// url:    <link rel=canonical>, else og:url. lang: <html lang>. source:
//         og:site_name. id: the url, else the path of the file.
// Charset: BOM, then valid UTF-8, then <meta charset>, else Windows-1252.
//
// Thread safety: free function.

#ifndef MEUTE_INGEST_READERS_HTML_READER_H_
#define MEUTE_INGEST_READERS_HTML_READER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Parses the page bytes `content` into one record (or none, with an error).
ReadResult ParseHtmlPage(absl::string_view content, absl::string_view file_name,
                         const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

namespace internal {
// True if `line` is a short menu, share, social or newsletter label. Exposed
// for tests.
bool IsBoilerplateLine(absl::string_view line);
}  // namespace internal

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_HTML_READER_H_
