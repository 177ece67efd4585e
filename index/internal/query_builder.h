// Turns a parsed query into Xapian queries through the analyzer, the synonyms
// and the database's own vocabulary. Private to meute_index.
//
// Thread safety: BuildQuery() is reentrant; the database must not be used by
// another thread meanwhile.

#ifndef MEUTE_INDEX_INTERNAL_QUERY_BUILDER_H_
#define MEUTE_INDEX_INTERNAL_QUERY_BUILDER_H_

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/query_parser.h"
#include "index/synonyms.h"
#include "ingest/analyzer.h"

namespace meute::index::internal {

struct BuildContext {
  const ingest::Analyzer* analyzer = nullptr;
  const Synonyms* synonyms = nullptr;  // May be null: no synonyms.
  const Xapian::Database* db = nullptr;
  bool spelling = true;  // Look for "did you mean" corrections.
};

struct BuiltQuery {
  Xapian::Query strict;  // What the user asked for.
  // With at least two optional words joined by an implicit AND: the same
  // query with those words OR'ed (documents with some of the words), for
  // filling a page the strict query cannot fill. Otherwise empty.
  Xapian::Query relaxed;
  bool relaxable = false;
  // False when nothing in the query carries a weight (only filters or
  // negations): ranking by relevance then means nothing.
  bool weighted = true;
  // Forms and stems (no prefixes) of the positive query words, synonyms
  // included: what snippets highlight.
  std::set<std::string> highlight_forms;
  std::set<std::string> highlight_stems;
  std::vector<std::string> notices;     // Fallbacks taken, for the user.
  std::string suggestion;               // Corrected query text; empty if none.
  std::vector<std::string> expansions;  // "IA -> intelligence artificielle, ...".
};

// kInvalidArgument for a bad field value (unknown kind or language, a date or
// number that does not parse), naming the field and the value.
absl::StatusOr<BuiltQuery> BuildQuery(const ParsedQuery& parsed, absl::string_view raw_query,
                                      const BuildContext& ctx);

}  // namespace meute::index::internal

#endif  // MEUTE_INDEX_INTERNAL_QUERY_BUILDER_H_
