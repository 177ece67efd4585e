// Writes records into a Meute database of one or more shards (index/shards.h)
// as a pipeline: the caller's thread queues records; worker threads run the
// French analysis (Indexer::Prepare); one writer thread per shard writes them
// with an Indexer, in the order they were queued. Analysis is CPU-bound and
// Xapian's writer is I/O- and CPU-bound, so on two cores the two overlap.
// The one write path of `meute index` (index_files.h) and `meute nightly`.
//
// A record the database already holds with the same RecordHash() is counted
// unchanged on the caller's thread, before any analysis: an unchanged re-run
// costs reading and hashing; the stored hashes and links of a database opened
// as it was are read in one pass by the first Add() or Stored() (two value
// streams and the id terms), not looked up record by record.
//
// Crash safety is the Indexer's: each shard commits in batches (one Xapian
// transaction each); killing the process at any moment leaves every shard at
// its last committed batch, readable. With `rebuild`, a whole new database
// (any shard count) is built beside the old one and swapped in by Finish();
// until then readers see the old one. A new database built in parts
// (ShardedWriterOptions::expected_records) is swapped in the same way over an
// empty one, which a crash leaves empty.
//
// Thread safety: Add(), Stored(), Delete(), SetMetadata(), Flush() and
// Finish() from one thread; counts() from any thread.

#ifndef MEUTE_INDEX_SHARDED_WRITER_H_
#define MEUTE_INDEX_SHARDED_WRITER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/indexer.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {

struct ShardedWriterOptions {
  // Number of shards of a new database (or of a rebuilt one). An existing
  // database with another count is refused unless `rebuild`. Default: 1.
  int shards = 1;
  // Analysis worker threads; 0: one per core. Default: 0.
  int analysis_threads = 0;
  // Records per committed batch and shard (IndexerOptions::batch_size): the
  // Xapian flush threshold; the parts of a build in parts share it.
  // Default: kDefaultBatchSize.
  int batch_size = kDefaultBatchSize;
  // Feed the spelling dictionary (IndexerOptions::spelling). Default: true.
  bool spelling = true;
  // Build a new database beside `db_dir` and swap it in at Finish().
  // Default: false.
  bool rebuild = false;
  // Records queued but not yet written, at most; Add() waits beyond.
  // Default: 1024.
  size_t max_in_flight = 1024;
  // Incremented for each record or deletion written (for a progress bar);
  // must outlive the writer. Default: null.
  std::atomic<uint64_t>* written_counter = nullptr;
  // How many records the caller will Add(), if it knows; 0: unknown.
  // Default: 0. With a count, a new (or rebuilt) database of one shard is
  // written as `build_parts` databases in parallel, one writer thread each,
  // and Finish() merges them into one with Xapian's compaction: the n-th new
  // id goes to part n * build_parts / expected_records, so that the merged
  // database numbers its documents as one writer would (a repeated id goes
  // to the part of its first record). Until Finish() readers see no record
  // of such a build (an empty database, or the old one with `rebuild`).
  uint64_t expected_records = 0;
  // Parts of such a build; 0: cores / 2, from 1 to 4; 1: one writer, no
  // compaction. Default: 0.
  int build_parts = 0;
};

struct WriterCounts {
  uint64_t added = 0;      // New ids.
  uint64_t updated = 0;    // Ids indexed before with other content.
  uint64_t unchanged = 0;  // Same content as in the database: not rewritten.
  uint64_t deleted = 0;    // Deletions of ids that were indexed.
  uint64_t analysed = 0;   // Records that went through the French analysis.
  uint64_t written = 0;    // Records (and deletions) handled, unchanged ones included.

  // Records written: added + updated.
  uint64_t indexed() const { return added + updated; }
};

// A record as the database held it when a writer opened it.
struct StoredRecord {
  std::string hash;          // RecordHash() of the record as written.
  std::string duplicate_of;  // Its near-duplicate link; empty if none.
};

class ShardedWriter {
 public:
  // Opens (creating if needed) the database at `db_dir` for writing.
  // `analyzer` must outlive the writer.
  // Errors: kUnavailable if another writer holds a shard's lock;
  // kFailedPrecondition if the database has another shard count than
  // options.shards (and not `rebuild`) or another analyzer or schema version;
  // kInvalidArgument for a bad shard count or path; others as Indexer::Open().
  static absl::StatusOr<std::unique_ptr<ShardedWriter>> Open(
      absl::string_view db_dir, const ingest::Analyzer& analyzer,
      const ShardedWriterOptions& options = {});

  // Stops the threads; what Finish() did not commit is discarded (each shard
  // keeps its last committed batch; a rebuild leaves the old database).
  ~ShardedWriter();
  ShardedWriter(const ShardedWriter&) = delete;
  ShardedWriter& operator=(const ShardedWriter&) = delete;

  // Queues `record` for its shard, unless the committed database holds its
  // id with the same RecordHash() and this writer has queued no write or
  // deletion of the id yet: then it only counts as unchanged. `hash` is
  // RecordHash(record) when the caller has it already, else empty. Waits
  // while max_in_flight records are pending. Returns the first error a writer
  // met (the pipeline then stops and nothing more is committed).
  absl::Status Add(ingest::Document record, std::string hash = "");

  // The record `id` as the database held it when the writer was opened;
  // nullopt if none (always so for a new or rebuilt database). Meaningless
  // for an id this writer was given already. The next Add() of `id` uses this
  // answer instead of looking it up again. Errors: kInternal, kDataLoss.
  absl::StatusOr<std::optional<StoredRecord>> Stored(absl::string_view id);

  // Queues the deletion of `id` after every record queued so far.
  absl::Status Delete(std::string id);

  // Queues setting the user metadata `key` of the first shard to `value`
  // (empty: remove the key) after everything queued so far; it is committed
  // by the next Flush() or Finish().
  absl::Status SetMetadata(std::string key, std::string value);

  // The user metadata `key` of the first shard, and the keys that start with
  // `prefix`, as the database held them when the writer was opened (nothing
  // for a new or rebuilt database). Errors: kInternal, kDataLoss.
  absl::StatusOr<std::string> StoredMetadata(absl::string_view key);
  absl::StatusOr<std::vector<std::string>> StoredMetadataKeys(absl::string_view prefix);

  // Waits until everything queued so far is written and commits each shard
  // that changed since the last Flush(), so that counts() are final for what
  // was queued. With `rebuild`, readers still see the old database. Returns
  // the first error.
  absl::Status Flush();

  // Waits until everything queued is written, then commits each shard that
  // changed (and swaps a rebuilt database in). Returns the first error.
  absl::Status Finish();

  // Snapshot of the counts so far.
  WriterCounts counts() const;

  // Shards of the database being written.
  int shards() const;

  // Records in the database once Finish() returned OK (all shards).
  uint64_t DocCount() const;

 private:
  struct Impl;
  explicit ShardedWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace meute::index

#endif  // MEUTE_INDEX_SHARDED_WRITER_H_
