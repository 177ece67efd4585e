// News feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0, read with
// libxml2 configured for hostile input (see libxml_util.h): no network, no
// DTD loading, external entities never expanded (each one named in a
// warning), internal entities expanded within max_field_bytes; an item whose
// expansion goes past that ("billion laughs") is rejected.
//
// Each item/entry becomes a `news` record (unless the mapping's defaults say
// otherwise): title; text from content:encoded / Atom content, or the
// description / summary, HTML turned into text; date from pubDate (RFC 822),
// dc:date, published or updated; url from link; id from guid / Atom id, else
// the link, else a stable hash; categories as themes; the feed's title as
// source and its language as lang. Broken XML is read in recover mode: what
// parses is kept and each problem is reported with its line.
//
// Thread safety: free function.

#ifndef MEUTE_INGEST_READERS_RSS_ATOM_READER_H_
#define MEUTE_INGEST_READERS_RSS_ATOM_READER_H_

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Parses the feed bytes `content`. `mapping` (may be null) supplies defaults.
ReadResult ParseFeed(absl::string_view content, absl::string_view file_name,
                     const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_RSS_ATOM_READER_H_
