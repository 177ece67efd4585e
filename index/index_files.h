// One `meute index` run: reads input files and folders with the ingest
// readers, reports every diagnostic, links near-duplicates, and writes the
// records through the ShardedWriter (index/sharded_writer.h), the write path
// `meute nightly` uses too: a record the index holds with the same
// RecordHash() is not analysed again, only counted unchanged.
//
// Guarantees: every input is checked (exists, readable, known format) before
// anything is written; records are committed in batches, each complete, and
// at the end of each file; a fatal error stops the run and leaves the last
// committed state; except that with more than one part
// (ShardedWriterOptions::build_parts, expected_records) a new or rebuilt
// database is written in parts in parallel and appears whole at the end, a
// fatal error leaving it empty (or the old one, with `rebuild`). Within one
// run, a record whose id was already seen replaces the earlier one, with a
// warning naming both places.
//
// Deletions: the index remembers which record ids each input file produced
// (user metadata, doc/formats.md). A record that a file given again no longer
// holds (removed, or now rejected) is deleted, unless another file still has
// it: one read in this run, or one not given this time whose last run listed
// it. Files not given are left alone, unless `prune`: then this run's inputs
// are the whole corpus, and the records of every other file the index knows
// are deleted (as rsync --delete does). Records written by `meute nightly`
// belong to no file and are never deleted here.
//
// Thread safety: one run at a time per database (the writer lock enforces it).

#ifndef MEUTE_INDEX_INDEX_FILES_H_
#define MEUTE_INDEX_INDEX_FILES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/sharded_writer.h"
#include "ingest/analyzer.h"
#include "ingest/diagnostic.h"
#include "ingest/jsonl_reader.h"

namespace meute::index {

struct IndexFilesOptions {
  // Reader for every file ("jsonl", ...); empty: by extension. Default: empty.
  std::string format;
  // Batch size, spelling, rebuild, analysis threads, build_parts. `shards`
  // and `expected_records` are ignored: the existing database keeps its shard
  // count, a new one has one shard; the run counts the records it read.
  ShardedWriterOptions writer;
  ingest::ReaderOptions reader;
  // Delete the records of the files the index knows that this run was not
  // given. Default: false.
  bool prune = false;
};

struct FileSummary {
  std::string file;
  int read = 0;        // Records seen.
  int indexed = 0;     // Records written: new ids, or new content for an id.
  int unchanged = 0;   // Records the index already held as they are: not written.
  int deleted = 0;     // Records indexed before that the file no longer holds: deleted.
  int rejected = 0;    // Records skipped with an error.
  int duplicates = 0;  // Ids already seen in this run (the later record won).
  int warnings = 0;
  bool pruned = false;  // A file not given this run whose records `prune` deleted.
  // 1 if a reader gave up on the file, or read it only in part (a file-level
  // error, ReadStats::file_errors); the total counts such files.
  int unreadable_files = 0;
};

struct SkippedFile {
  std::string file;
  std::string reason;  // ingest::NotARecordSource(): "documentation", "JSON schema"...
};

struct IndexRunSummary {
  std::vector<FileSummary> files;
  // Files found in the folders given that are not record sources (README,
  // schemas, glossaries, word lists), in path order: not read.
  std::vector<SkippedFile> skipped;
  FileSummary total;       // Sums; `file` is empty.
  uint64_t doc_count = 0;  // Records in the index after the run.
};

// Links the near-duplicates among `records`, in their order: verbatim copies
// (shingles), then stories retold by two outlets (dates and words), the later
// or shorter copy pointing to the kept one (ingest::LinkNearDuplicates()).
// The one linking of `meute index` and `meute nightly`: both link every
// record a run reads, so that the same input gives the same index. Returns
// the position of the record each link marked, one per link.
std::vector<size_t> LinkRecords(std::vector<ingest::Document>* records);

using DiagnosticSink = std::function<void(const ingest::Diagnostic&)>;
using FileDoneFn = std::function<void(const FileSummary&)>;

// Indexes `paths` (files, or folders searched recursively for the readers'
// extensions, less what ingest::NotARecordSource() says is none) into `db_dir`. `on_diagnostic`
// receives each problem as it is found; `on_file` each file's summary once it is committed. Errors:
// kNotFound (an input or folder does not exist), kInvalidArgument (an unknown format or extension;
// no input file), kPermissionDenied (unreadable input): nothing written. kUnavailable (writer lock
// held), kFailedPrecondition (built with another analyzer; use `rebuild`), or as
// ShardedWriter::Open(). Other
// errors while writing say how many records of this run were committed.
absl::StatusOr<IndexRunSummary> IndexFiles(absl::string_view db_dir,
                                           const std::vector<std::string>& paths,
                                           const ingest::Analyzer& analyzer,
                                           const IndexFilesOptions& options,
                                           const DiagnosticSink& on_diagnostic,
                                           const FileDoneFn& on_file);

}  // namespace meute::index

#endif  // MEUTE_INDEX_INDEX_FILES_H_
