// Snippets: the passage of a record's text that best shows why it matched,
// with the matching words marked. Made by re-analysing the stored text with
// the query's analyzer, so an accent-free query ("mobilite") marks accented
// text ("mobilité") and a stem marks every inflection.
//
// Thread safety: pure function (the analyzer is thread-safe).

#ifndef MEUTE_INDEX_SNIPPET_H_
#define MEUTE_INDEX_SNIPPET_H_

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"

namespace meute::index {

struct Highlight {
  size_t begin = 0;  // Byte offsets into Snippet::text, [begin, end).
  size_t end = 0;
};

struct Snippet {
  std::string text;                   // Whitespace runs folded to one space; "…" where cut.
  std::vector<Highlight> highlights;  // Sorted, not overlapping.
};

struct SnippetTerms {
  std::set<std::string> forms;  // Token::form values to mark.
  std::set<std::string> stems;  // Token::stems values to mark.
};

// Returns about `max_bytes` of `text` (cut at word boundaries): the window
// with the most distinct query terms, then the most matches; the start of the
// text when nothing matches. Only the first 256 KiB of `text` are searched.
Snippet MakeSnippet(const ingest::Analyzer& analyzer, absl::string_view text, ingest::Language lang,
                    const SnippetTerms& terms, size_t max_bytes = 240);

}  // namespace meute::index

#endif  // MEUTE_INDEX_SNIPPET_H_
