// Renders search, similar and evaluation results for people (text, with
// optional ANSI colour), for scripts (JSON) and for spreadsheets (CSV).
//
// The JSON schemas are documented in doc/formats.md ("Search output") and are
// stable: fields may be added, never renamed or removed without bumping
// "version".
//
// Thread safety: pure functions.

#ifndef MEUTE_INDEX_SEARCH_RENDER_H_
#define MEUTE_INDEX_SEARCH_RENDER_H_

#include <string>

#include "index/eval.h"
#include "index/searcher.h"

namespace meute::index {

inline constexpr int kSearchJsonVersion = 1;

std::string SearchToJson(const SearchRequest& request, const SearchResponse& response);
std::string SearchToCsv(const SearchResponse& response);
std::string SearchToText(const SearchRequest& request, const SearchResponse& response, bool color);

std::string SimilarToJson(const SimilarRequest& request, const SimilarResponse& response);
std::string SimilarToCsv(const SimilarResponse& response);
std::string SimilarToText(const SimilarResponse& response, bool color);

std::string EvalToJson(const EvalSummary& summary);
std::string EvalToCsv(const EvalSummary& summary);
std::string EvalToText(const EvalSummary& summary);

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string CsvField(absl::string_view value);

}  // namespace meute::index

#endif  // MEUTE_INDEX_SEARCH_RENDER_H_
