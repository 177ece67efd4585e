// Writes canonical records into a Meute Xapian database (layout: schema.h and
// doc/formats.md).
//
// Each record becomes one Xapian document keyed by its unique id term, so
// adding a record whose id is already indexed replaces it; a record whose
// content hash is unchanged is not rewritten at all. Changes are committed in
// batches, each batch in a Xapian transaction: if the process dies or Commit()
// is never reached, the database keeps its last committed state, with every
// record in it complete.
//
// Thread safety: an Indexer is thread-compatible (one thread at a time). One
// writer per database: a second Open() on the same directory, in this process
// or another, fails with kUnavailable while the first is alive. Readers keep
// working during writes and see each batch once it is committed.

#ifndef MEUTE_INDEX_INDEXER_H_
#define MEUTE_INDEX_INDEXER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {

// Records per committed batch unless configured. Xapian 1.4 keeps a batch's
// postings and positions in ordered maps until the commit; past a few thousand
// records, those maps cost more than the extra commits save. Measured with the
// bare TermGenerator program on 20,000 generated records (2 cores): batches
// of 500 and 1,000 took 26 s of CPU, 3,000 took 33 s, 10,000 (Xapian's own
// default) 46 s and 100,000 55 s; below 500 the commits' fsyncs dominate.
// See doc/bench-indexing.md.
inline constexpr int kDefaultBatchSize = 1000;

struct IndexerOptions {
  // Records per committed batch: what a crash can cost, and the Xapian flush
  // threshold. Default: kDefaultBatchSize.
  int batch_size = kDefaultBatchSize;
  // Add the forms of every record to the spelling dictionary used for "did
  // you mean" suggestions. Default: true.
  bool spelling = true;
  // Start from an empty database: the new one is built beside `db_dir` and
  // swapped in by Commit(), so readers see either the old or the new index.
  // Needed when the stored analyzer or schema version differs. Default: false.
  bool rebuild = false;
};

// A record analysed into the Xapian document that Indexer::Add() writes (see
// Indexer::Prepare()). Move-only; opaque outside meute_index.
class PreparedRecord {
 public:
  PreparedRecord(PreparedRecord&&) noexcept;
  PreparedRecord& operator=(PreparedRecord&&) noexcept;
  ~PreparedRecord();

 private:
  friend class Indexer;
  struct Impl;  // Holds the Xapian::Document.
  explicit PreparedRecord(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

enum class AddOutcome {
  kAdded,      // A new id.
  kReplaced,   // The id was indexed with other content; now replaced.
  kUnchanged,  // Same id, same content: nothing written.
};

class Indexer {
 public:
  // Opens (creating if needed) the database at `db_dir` for writing.
  // `analyzer` must outlive the Indexer.
  // Errors: kUnavailable if another writer holds the lock; kFailedPrecondition
  // if the database was built with another analyzer or schema version (and
  // `rebuild` is false); kInvalidArgument if `db_dir` is not a directory one
  // can create; kDataLoss if corrupt; kInternal otherwise.
  static absl::StatusOr<std::unique_ptr<Indexer>> Open(absl::string_view db_dir,
                                                       const ingest::Analyzer& analyzer,
                                                       const IndexerOptions& options = {});

  // Uncommitted changes are discarded (never half-committed).
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Adds `record`, replacing any record with the same id. REQUIRES: the record
  // is valid (non-empty id and title), as the readers guarantee. Commits when a
  // batch is full. Errors from Xapian (kInternal, kDataLoss, ...) leave the
  // last committed state on disk.
  absl::StatusOr<AddOutcome> Add(const ingest::Document& record);

  // Pipelining (meute nightly): Prepare() is the CPU-bound half of Add(), the
  // French analysis; it needs only the analyzer, so worker threads may run it
  // concurrently while one thread calls Add(PreparedRecord) on the Indexer.
  // `spelling` must equal IndexerOptions::spelling of that Indexer.
  static PreparedRecord Prepare(const ingest::Analyzer& analyzer, const ingest::Document& record,
                                bool spelling = true);
  // Add(record) with the analysis done by Prepare(): same outcomes, errors and
  // batching. An unchanged record is not rewritten. `new_id`: the caller knows
  // that no record with this id is in the database (committed or pending),
  // as in a database it created and has not written the id to: the id is not
  // looked up (kAdded).
  absl::StatusOr<AddOutcome> Add(PreparedRecord prepared, bool new_id = false);

  // Deletes the record with `id`. Returns false if there was none.
  absl::StatusOr<bool> Delete(absl::string_view id);

  // Sets the user metadata `key` to `value` (an empty value removes it) in
  // the pending batch.
  absl::Status SetMetadata(absl::string_view key, absl::string_view value);

  // Commits the pending batch. With `rebuild`, the new database stays beside
  // the old one until Commit().
  absl::Status Flush();

  // Flush(), then, with `rebuild`, swaps the new database in. After an error
  // nothing more of this run is committed.
  absl::Status Commit();

  // Records in the database, committed or not.
  uint64_t DocCount() const;

 private:
  struct Impl;  // Xapian objects stay out of this header.
  explicit Indexer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The content hash of a record as kSlotContentHash stores it (and `meute
// nightly`'s state remembers it): ContentHash() of the record's canonical JSON
// and the analyzer and schema versions, so that a new analyzer or schema makes
// every record differ. The one record hash of both write paths.
std::string RecordHash(const ingest::Document& record);

// The language a record is analysed in: its `lang` when "fr" or "en";
// otherwise guessed from the stop words of its title and text (French unless
// clearly English).
ingest::Language RecordLanguage(const ingest::Analyzer& analyzer, const ingest::Document& record);

}  // namespace meute::index

#endif  // MEUTE_INDEX_INDEXER_H_
