// Problems found while reading input, reported as compilers do:
//   corpora/news.jsonl:12: field "date": expected YYYY-MM-DD, got "31/02/2026"
//
// Thread safety: plain value types.

#ifndef MEUTE_INGEST_DIAGNOSTIC_H_
#define MEUTE_INGEST_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace meute::ingest {

enum class Severity {
  kWarning,  // The record was kept (possibly repaired or truncated).
  kError,    // The record was rejected; the rest of the file goes on.
};

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem concerns the whole file.
  int column = 0;  // 1-based; 0 when unknown.
  Severity severity = Severity::kError;
  std::string message;  // Lower case, no final period; names the field.

  // "FILE:LINE[:COLUMN]: [warning: ]MESSAGE", always valid UTF-8: bytes of
  // `file` or `message` that are not UTF-8 are written as "\xFF".
  std::string ToString() const;
};

// Per-file counts, as printed in the summary of `meute index`.
struct ReadStats {
  std::string file;
  int read = 0;        // Records seen (valid or not).
  int accepted = 0;    // Records produced.
  int rejected = 0;    // Records skipped with an error.
  int warnings = 0;    // Warnings (repairs, truncations, duplicate ids).
  int duplicates = 0;  // Near-duplicates or repeated ids found.
  // Errors about the file rather than one record (it does not parse, is no
  // feed, its CSV header is broken...): the file was not read, or only in
  // part. `meute index` counts such a file as unreadable and exits 3.
  int file_errors = 0;
};

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_DIAGNOSTIC_H_
