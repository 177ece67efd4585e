// Web pages (news articles, calls for projects), with the page furniture
// removed so that only the article reaches the record's text.
//
// title:  og:title, else the first <h1> of the content, else <title> (without
//         a trailing " | Site" / " - Site").
// date:   meta article:published_time, og:published_time, datePublished,
//         dc.date, date, pubdate...; else the first <time datetime> (or its
//         text); else a date line at the top of the text ("Publié le 3 mars
//         2026").
// text:   the content root (the <article> with the most text, else
//         [itemprop=articleBody], <main>, [role=main], else <body>) without
//         scripts, styles, nav, header, footer, aside, forms, menus, share bars,
//         newsletter boxes and cookie banners (by element, ARIA role, class or
//         id); then blocks made mostly of links are dropped (menus, "related"
//         lists), and short lines that are menu, share, social network or
//         newsletter labels ("Menu", "Fermer le menu", "Twitter",
//         "Inscription – Newsletters"). A heading equal to the title is dropped.
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
