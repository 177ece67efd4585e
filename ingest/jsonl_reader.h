// Reads canonical records from JSON Lines (one JSON object per line).
//
// A broken line never stops the file: it is reported with its file, line and
// field, and every valid record of the file is still returned. Invalid UTF-8
// is repaired (U+FFFD) with a warning; a UTF-8 BOM and CRLF line ends are
// accepted; objects nested deeper than `max_depth` are rejected without
// recursion.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_INGEST_JSONL_READER_H_
#define MEUTE_INGEST_JSONL_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/diagnostic.h"
#include "ingest/document.h"

namespace meute::ingest {

struct ReaderOptions {
  // Longer string fields are cut (with a warning). Default: 1 MiB.
  size_t max_field_bytes = size_t{1} << 20;
  // Deeper JSON nesting is rejected. Default: 32.
  int max_depth = 32;
  // The kind of records that have no kind field or column (`meute index
  // --kind`); none: such records are rejected. Default: none.
  std::optional<Kind> default_kind;
};

struct ReadResult {
  std::vector<Document> documents;      // In file order.
  std::vector<Diagnostic> diagnostics;  // In file order.
  ReadStats stats;
};

// Parses JSON Lines `content`; `file_name` only labels diagnostics.
ReadResult ParseJsonLines(absl::string_view content, absl::string_view file_name,
                          const ReaderOptions& options = {});

// Reads and parses the file at `path`. kNotFound / kPermissionDenied when it
// cannot be read; record problems are diagnostics, not errors.
absl::StatusOr<ReadResult> ReadJsonLinesFile(absl::string_view path,
                                             const ReaderOptions& options = {});

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_JSONL_READER_H_
