// News feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0, read with
// libxml2 configured for hostile input (see libxml_util.h).
//
// Security: the DOCTYPE never reaches libxml2. NeutralizeDoctype() removes it
// and substitutes the references to its entities itself: an internal entity
// whose value is plain text is expanded, within a budget of max_field_bytes
// for the whole file (so neither "billion laughs" nor quadratic blowup can
// grow memory); entities that are external (SYSTEM/PUBLIC: files, URLs),
// parameter entities and entities whose value holds references or markup are
// never expanded, each named in a warning. Undeclared HTML entities (&eacute;,
// &nbsp;, &rsquo;...), common in hand-made feeds, become their characters. No
// file other than the feed is opened and no network connection is made.
//
// Each item/entry becomes a `news` record (unless the mapping's defaults say
// otherwise): title; text from content:encoded / Atom content, or the
// description / summary, HTML turned into text; date from pubDate (RFC 822),
// dc:date, published or updated; url from link; id from guid / Atom id, else
// the link, else a stable hash; categories as themes; the feed's title as
// source and its language as lang. Broken XML is read in recover mode: what
// parses is kept and each problem is reported with its line.
//
// Semantics (issue 17): only RSS's and Atom's own elements (no namespace, or
// theirs) give title, link, id, description and content; media:title,
// itunes:title, dc:title stand in for a missing title, never replace it.
// Atom text constructs follow `type` (text keeps literal "<...>", html,
// xhtml; Atom 0.3's MIME types) and Atom 0.3's `mode` (base64 decoded); an
// RSS title is HTML only if it looks like HTML (an end tag or an escaped
// entity). Links are resolved against xml:base (libxml2's xmlNodeGetBase,
// xmlBuildURI); only http, https and mailto links are stored, others
// (javascript:, data:, unresolved relative links) are left out with a
// warning. C1 controls become their Windows-1252 characters.
//
// Thread safety: free function.

#ifndef MEUTE_INGEST_READERS_RSS_ATOM_READER_H_
#define MEUTE_INGEST_READERS_RSS_ATOM_READER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {

namespace internal {
// Removes the DOCTYPE of `xml` (keeping line numbers) and replaces entity
// references as described above. `problems` receives (line, message) pairs.
// Exposed for tests.
std::string NeutralizeDoctype(absl::string_view xml, size_t expansion_budget,
                              std::vector<std::pair<int, std::string>>* problems);

// Decodes the bytes of an XML document to UTF-8 as XML 1.0 appendix F says:
// a BOM (UTF-8, UTF-16, UTF-32), else the first four bytes (UTF-16 and
// UTF-32 without BOM, EBCDIC) give the family, and the encoding declaration
// names the charset within it (EBCDIC code pages, Mac, DOS and Windows code
// pages: ICU converters, under ICU's names and the ones of Python's codecs).
// Bytes that are valid UTF-8 are read as UTF-8 whatever an ASCII-compatible
// declaration says; anything else falls back to DecodeText().
DecodedText DecodeXml(absl::string_view bytes);
}  // namespace internal

// Parses the feed bytes `content`. `mapping` (may be null) supplies defaults.
ReadResult ParseFeed(absl::string_view content, absl::string_view file_name,
                     const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_RSS_ATOM_READER_H_
