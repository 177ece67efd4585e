// One `meute index` run: reads input files and folders with the ingest
// readers, reports every diagnostic, and writes the records with an Indexer.
//
// Guarantees: every input is checked (exists, readable, known format) before
// anything is written; records are committed in batches, each complete; a
// fatal error stops the run and leaves the last committed state. Within one
// run, a record whose id was already seen replaces the earlier one, with a
// warning naming both places.
//
// Thread safety: one run at a time per database (the writer lock enforces it).

#ifndef MEUTE_INDEX_INDEX_FILES_H_
#define MEUTE_INDEX_INDEX_FILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/indexer.h"
#include "ingest/analyzer.h"
#include "ingest/diagnostic.h"
#include "ingest/jsonl_reader.h"

namespace meute::index {

struct IndexFilesOptions {
  // Reader for every file ("jsonl", ...); empty: by extension. Default: empty.
  std::string format;
  IndexerOptions indexer;
  ingest::ReaderOptions reader;
};

struct FileSummary {
  std::string file;
  int read = 0;        // Records seen.
  int indexed = 0;     // Records now in the index (new, replaced or unchanged).
  int unchanged = 0;   // Of `indexed`: same content as already indexed.
  int rejected = 0;    // Records skipped with an error.
  int duplicates = 0;  // Ids already seen in this run (the later record won).
  int warnings = 0;
};

struct IndexRunSummary {
  std::vector<FileSummary> files;
  FileSummary total;       // Sums; `file` is empty.
  uint64_t doc_count = 0;  // Records in the index after the run.
};

using DiagnosticSink = std::function<void(const ingest::Diagnostic&)>;
using FileDoneFn = std::function<void(const FileSummary&)>;

// Indexes `paths` (files, or folders searched recursively for the readers'
// extensions) into `db_dir`. `on_diagnostic` receives each problem as it is
// found; `on_file` each file's summary once it is committed.
// Errors: kNotFound (an input or folder does not exist), kInvalidArgument (an
// unknown format or extension; no input file), kPermissionDenied (unreadable
// input): nothing written. kUnavailable (writer lock held),
// kFailedPrecondition (built with another analyzer; use `rebuild`). Other
// errors while writing say how many records of this run were committed.
absl::StatusOr<IndexRunSummary> IndexFiles(absl::string_view db_dir,
                                           const std::vector<std::string>& paths,
                                           const ingest::Analyzer& analyzer,
                                           const IndexFilesOptions& options,
                                           const DiagnosticSink& on_diagnostic,
                                           const FileDoneFn& on_file);

}  // namespace meute::index

#endif  // MEUTE_INDEX_INDEX_FILES_H_
