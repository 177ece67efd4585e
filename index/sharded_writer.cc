#include "index/sharded_writer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <xapian.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "index/indexer.h"
#include "index/internal/database.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/xapian_status.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;

using internal::OldDir;
using internal::RebuildDir;

// Finishes a swap that a crash interrupted. The swap renames DB to DB.old,
// then DB.rebuild to DB, then removes DB.old; it starts only once DB.rebuild
// is fully committed, so whichever step was cut, the newest complete database
// is kept.
absl::Status RecoverInterruptedSwap(const std::string& db_dir) {
  std::error_code ec;
  const std::string old_dir = OldDir(db_dir);
  if (!fs::exists(old_dir, ec)) return absl::OkStatus();
  if (!fs::exists(db_dir, ec)) {
    const std::string rebuilt = RebuildDir(db_dir);
    fs::rename(fs::exists(rebuilt, ec) ? rebuilt : old_dir, db_dir, ec);
    if (ec) {
      return absl::InternalError(absl::StrCat("restoring index \"", db_dir,
                                              "\" after an interrupted rebuild: ", ec.message()));
    }
  }
  fs::remove_all(old_dir, ec);
  return absl::OkStatus();
}

struct Item {
  enum class Op {
    kAdd,       // Analyse `record`, then write it.
    kDelete,    // Delete `delete_id`.
    kFlush,     // Commit the shard if it changed since its last commit.
    kMetadata,  // Set the user metadata `delete_id` to `value`.
  };
  Op op = Op::kAdd;
  int shard = 0;
  uint64_t seq = 0;  // Order within the shard.
  ingest::Document record;
  std::optional<PreparedRecord> prepared;
  bool new_id = false;    // kAdd: the shard was empty when opened and never had this id.
  std::string delete_id;  // kDelete: the id; kMetadata: the key.
  std::string value;
};

// Opens `dir` for writing with `flags` into `holders`, so that no other
// writer gets it; kUnavailable naming the index `db_dir` if one has it.
absl::Status HoldWriteLock(const std::string& dir, int flags, absl::string_view db_dir,
                           std::vector<Xapian::WritableDatabase>* holders) {
  absl::Status s = CallXapian(absl::StrCat("opening index \"", dir, "\" for writing"),
                              [&] { holders->emplace_back(dir, flags); });
  if (s.code() == absl::StatusCode::kUnavailable) {
    return absl::UnavailableError(
        absl::StrCat("index \"", db_dir, "\" is locked by another writer"));
  }
  return s;
}

}  // namespace

struct ShardedWriter::Impl {
  struct Shard {
    std::string dir;
    std::unique_ptr<Indexer> indexer;
    // Until its first commit: commit even without changes (writes the metadata).
    bool created = false;  // Writer thread only, once started.
    // Guarded by mu.
    std::mutex mu;
    std::condition_variable cv;
    std::map<uint64_t, Item> ready;
    bool closed = false;         // No more items will be assigned.
    uint64_t assigned = 0;       // Items given a sequence number (caller thread writes).
    uint64_t next_to_write = 0;  // Writer thread only.
    uint64_t uncommitted = 0;    // Writer thread only: changes since the last kFlush.
    std::thread thread;
  };

  Impl(std::string dir, const ingest::Analyzer& a, const ShardedWriterOptions& o)
      : db_dir(std::move(dir)), analyzer(a), options(o) {}

  void WorkerLoop();
  void WriterLoop(Shard* shard);
  // Writes `item` (not kAdd's analysis) with the shard's Indexer.
  absl::Status Write(Shard* shard, Item item);
  // ShardedWriter::Stored() of `id`, which is in shard `shard`.
  absl::StatusOr<std::optional<StoredRecord>> Lookup(int shard, absl::string_view id);
  void Fail(absl::Status s);
  absl::Status FirstError();
  absl::Status Enqueue(Item item);
  void StopThreads();
  // Compacts the committed parts into write_dir, one database.
  absl::Status MergeParts();
  absl::Status SwapIn();

  std::string db_dir;
  std::string write_dir;  // db_dir, or the rebuild directory.
  // A build in parts (ShardedWriterOptions::expected_records): `shards` are
  // the parts, in parts_dir, compacted into write_dir by Finish() and then
  // swapped in; part_of says where each id went.
  bool in_parts = false;
  std::string parts_dir;
  absl::flat_hash_map<std::string, int> part_of;
  uint64_t new_ids = 0;
  const ingest::Analyzer& analyzer;
  ShardedWriterOptions options;
  std::vector<std::unique_ptr<Shard>> shards;
  std::vector<Xapian::WritableDatabase> lock_holders;  // rebuild: keep other writers out.
  // Readers of the shards as they were opened (none for a new or rebuilt
  // database), and the ids queued for writing or deletion: caller thread only.
  std::vector<Xapian::Database> readers;
  absl::flat_hash_set<std::string> touched;
  // A database this writer created: the ids queued so far (for Item::new_id).
  bool created_empty = false;
  absl::flat_hash_set<std::string> queued_ids;
  // Answers of Stored() not yet used by an Add(): an index lookup is most of
  // what an unchanged record costs.
  absl::flat_hash_map<std::string, std::optional<StoredRecord>> answered;
  // Every record of each shard (by id term), read in one pass by the first
  // Stored() (LoadStored()): a caller that asks about every record (`meute
  // index`) then costs one sequential read of two value streams and the id
  // terms, not a B-tree descent and two value lookups per record. Empty
  // until then; Lookup() uses it once loaded.
  std::vector<absl::flat_hash_map<std::string, StoredRecord>> stored_by_term;
  bool stored_loaded = false;
  absl::Status LoadStored();

  std::mutex mu;
  std::condition_variable input_cv;  // Items to analyse, or closing.
  std::condition_variable space_cv;  // in_flight went down, or stop.
  std::deque<Item> input;
  size_t in_flight = 0;
  bool closing = false;
  absl::Status error;
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  bool finished = false;
  uint64_t doc_count = 0;

  std::atomic<uint64_t> added{0}, updated{0}, unchanged{0}, deleted{0}, analysed{0}, written{0};
};

void ShardedWriter::Impl::Fail(absl::Status s) {
  {
    std::lock_guard<std::mutex> lock(mu);
    if (error.ok()) error = std::move(s);
  }
  stop = true;
  input_cv.notify_all();
  space_cv.notify_all();
  for (auto& shard : shards) {
    std::lock_guard<std::mutex> lock(shard->mu);
    shard->cv.notify_all();
  }
}

absl::Status ShardedWriter::Impl::FirstError() {
  std::lock_guard<std::mutex> lock(mu);
  return error;
}

void ShardedWriter::Impl::WorkerLoop() {
  while (true) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu);
      input_cv.wait(lock, [&] { return stop || closing || !input.empty(); });
      if (stop || input.empty()) return;
      item = std::move(input.front());
      input.pop_front();
    }
    item.prepared.emplace(Indexer::Prepare(analyzer, item.record, options.spelling));
    item.record = ingest::Document();
    ++analysed;
    Shard& shard = *shards[static_cast<size_t>(item.shard)];
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      const uint64_t seq = item.seq;
      shard.ready.emplace(seq, std::move(item));
    }
    shard.cv.notify_one();
  }
}

void ShardedWriter::Impl::WriterLoop(Shard* shard) {
  while (true) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(shard->mu);
      shard->cv.wait(lock, [&] {
        return stop ||
               (!shard->ready.empty() && shard->ready.begin()->first == shard->next_to_write) ||
               (shard->closed && shard->next_to_write == shard->assigned);
      });
      if (stop) return;
      if (shard->ready.empty() || shard->ready.begin()->first != shard->next_to_write) break;
      item = std::move(shard->ready.begin()->second);
      shard->ready.erase(shard->ready.begin());
    }
    ++shard->next_to_write;
    if (absl::Status s = Write(shard, std::move(item)); !s.ok()) return Fail(std::move(s));
    {
      std::lock_guard<std::mutex> lock(mu);
      --in_flight;
    }
    space_cv.notify_all();  // Add() may wait for room, Flush() for nothing in flight.
  }
  // Everything of this shard is written: commit it (shards commit in
  // parallel). An unchanged shard is not committed, so its revision stays.
  if (shard->uncommitted > 0 || shard->created) {
    if (absl::Status s = shard->indexer->Commit(); !s.ok()) Fail(std::move(s));
  }
}

absl::Status ShardedWriter::Impl::Write(Shard* shard, Item item) {
  switch (item.op) {
    case Item::Op::kFlush:
      if (shard->uncommitted > 0 || shard->created) {
        MEUTE_RETURN_IF_ERROR(shard->indexer->Flush());
        shard->uncommitted = 0;
        shard->created = false;
      }
      return absl::OkStatus();
    case Item::Op::kMetadata:
      MEUTE_RETURN_IF_ERROR(shard->indexer->SetMetadata(item.delete_id, item.value));
      ++shard->uncommitted;
      return absl::OkStatus();
    case Item::Op::kDelete: {
      MEUTE_ASSIGN_OR_RETURN(const bool found, shard->indexer->Delete(item.delete_id));
      if (found) {
        ++deleted;
        ++shard->uncommitted;
      }
      break;
    }
    case Item::Op::kAdd: {
      MEUTE_ASSIGN_OR_RETURN(const AddOutcome outcome,
                             shard->indexer->Add(std::move(*item.prepared), item.new_id));
      switch (outcome) {
        case AddOutcome::kAdded:
          ++added;
          ++shard->uncommitted;
          break;
        case AddOutcome::kReplaced:
          ++updated;
          ++shard->uncommitted;
          break;
        case AddOutcome::kUnchanged:
          ++unchanged;
          break;
      }
      break;
    }
  }
  ++written;
  if (options.written_counter != nullptr) ++*options.written_counter;
  return absl::OkStatus();
}

absl::Status ShardedWriter::Impl::LoadStored() {
  if (stored_loaded || readers.empty()) return absl::OkStatus();
  stored_by_term.assign(readers.size(), {});
  for (size_t s = 0; s < readers.size(); ++s) {
    Xapian::Database& db = readers[s];
    absl::flat_hash_map<std::string, StoredRecord>& table = stored_by_term[s];
    absl::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      status = CallXapian("reading the records' hashes", [&] {
        table.clear();
        const Xapian::docid last = db.get_lastdocid();
        std::vector<std::string> hash(last + 1), key(last + 1);
        for (auto [slot, out] :
             {std::pair<Xapian::valueno, std::vector<std::string>*>{kSlotContentHash, &hash},
              {kSlotCollapse, &key}}) {
          for (Xapian::ValueIterator v = db.valuestream_begin(slot); v != db.valuestream_end(slot);
               ++v) {
            if (v.get_docid() <= last) (*out)[v.get_docid()] = *v;
          }
        }
        table.reserve(db.get_doccount());
        const std::string prefix(kPrefixId);
        for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix);
             ++t) {
          const std::string term = *t;
          // As Lookup(): the first document that has the id term.
          Xapian::PostingIterator p = db.postlist_begin(term);
          if (p == db.postlist_end(term) || *p > last) continue;
          StoredRecord record;
          record.hash = std::move(hash[*p]);
          // The collapse key is the link, or the record's own id.
          if (absl::string_view(key[*p]) != absl::string_view(term).substr(prefix.size())) {
            record.duplicate_of = std::move(key[*p]);
          }
          table.emplace(term, std::move(record));
        }
      });
      if (status.code() != absl::StatusCode::kAborted) break;
      MEUTE_RETURN_IF_ERROR(CallXapian("reopening the index", [&] { db.reopen(); }));
    }
    MEUTE_RETURN_IF_ERROR(status);
  }
  stored_loaded = true;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<StoredRecord>> ShardedWriter::Impl::Lookup(int shard,
                                                                        absl::string_view id) {
  if (readers.empty()) return std::nullopt;
  const std::string id_term = absl::StrCat(kPrefixId, id);
  if (stored_loaded) {
    const auto& table = stored_by_term[static_cast<size_t>(shard)];
    const auto it = table.find(id_term);
    if (it == table.end()) return std::nullopt;
    return it->second;
  }
  Xapian::Database& db = readers[static_cast<size_t>(shard)];
  std::optional<StoredRecord> stored;
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {
    status = CallXapian(absl::StrCat("looking up \"", id, "\""), [&] {
      stored.reset();
      Xapian::PostingIterator it = db.postlist_begin(id_term);
      if (it == db.postlist_end(id_term)) return;
      const Xapian::Document doc = db.get_document(*it);
      stored.emplace();
      stored->hash = doc.get_value(kSlotContentHash);
      // The collapse key is the link, or the record's own id.
      if (std::string key = doc.get_value(kSlotCollapse); key != id) {
        stored->duplicate_of = std::move(key);
      }
    });
    // This run's commits may have reused what the reader was reading: reopen
    // (the ids this run wrote are in `touched`, never looked up again).
    if (status.code() != absl::StatusCode::kAborted) break;
    MEUTE_RETURN_IF_ERROR(CallXapian("reopening the index", [&] { db.reopen(); }));
  }
  MEUTE_RETURN_IF_ERROR(status);
  return stored;
}

absl::Status ShardedWriter::Impl::Enqueue(Item item) {
  Shard& shard = *shards[static_cast<size_t>(item.shard)];
  item.seq = shard.assigned;
  const bool analyse = item.op == Item::Op::kAdd;
  {
    std::unique_lock<std::mutex> lock(mu);
    space_cv.wait(lock, [&] { return stop || in_flight < options.max_in_flight; });
    if (stop) return error;
    ++in_flight;
    if (analyse) input.push_back(std::move(item));
  }
  if (!analyse) {
    // Deletions and flushes need no analysis: straight to the shard, in order.
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      ++shard.assigned;
      const uint64_t seq = item.seq;
      shard.ready.emplace(seq, std::move(item));
    }
    shard.cv.notify_one();
  } else {
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      ++shard.assigned;
    }
    input_cv.notify_one();
  }
  return absl::OkStatus();
}

void ShardedWriter::Impl::StopThreads() {
  stop = true;
  input_cv.notify_all();
  space_cv.notify_all();
  for (auto& w : workers) {
    if (w.joinable()) w.join();
  }
  for (auto& shard : shards) {
    {
      std::lock_guard<std::mutex> lock(shard->mu);
      shard->cv.notify_all();
    }
    if (shard->thread.joinable()) shard->thread.join();
  }
}

absl::Status ShardedWriter::Impl::SwapIn() {
  // Close every database (releasing the locks) before moving directories.
  for (auto& shard : shards) shard->indexer.reset();
  MEUTE_RETURN_IF_ERROR(CallXapian("closing the old index", [&] {
    for (Xapian::WritableDatabase& db : lock_holders) db.close();
  }));
  lock_holders.clear();
  MEUTE_RETURN_IF_ERROR(internal::SwapInRebuilt(write_dir, db_dir));
  write_dir = db_dir;
  return absl::OkStatus();
}

absl::Status ShardedWriter::Impl::MergeParts() {
  for (auto& shard : shards) shard->indexer.reset();
  std::error_code ec;
  fs::remove_all(write_dir, ec);
  MEUTE_RETURN_IF_ERROR(
      CallXapian(absl::StrCat("merging the parts of index \"", db_dir, "\""), [&] {
        Xapian::Database parts;
        for (auto& shard : shards) parts.add_database(Xapian::Database(shard->dir));
        // Each part's documents keep their order, offset by the parts before it.
        parts.compact(write_dir, Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
      }));
  fs::remove_all(parts_dir, ec);
  return absl::OkStatus();
}

ShardedWriter::ShardedWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ShardedWriter::~ShardedWriter() {
  if (impl_ == nullptr) return;
  impl_->StopThreads();
  for (auto& shard : impl_->shards) shard->indexer.reset();
  (void)CallXapian("closing the old index", [&] {
    for (Xapian::WritableDatabase& db : impl_->lock_holders) db.close();
  });
  std::error_code ec;
  if ((impl_->options.rebuild || impl_->in_parts) && impl_->write_dir != impl_->db_dir) {
    fs::remove_all(impl_->write_dir, ec);
  }
  if (impl_->in_parts) fs::remove_all(impl_->parts_dir, ec);
}

absl::StatusOr<std::unique_ptr<ShardedWriter>> ShardedWriter::Open(
    absl::string_view db_dir, const ingest::Analyzer& analyzer,
    const ShardedWriterOptions& options) {
  if (db_dir.empty()) return absl::InvalidArgumentError("no index directory given");
  if (options.shards < 1 || options.shards > kMaxShards) {
    return absl::InvalidArgumentError(
        absl::StrCat("shards must be from 1 to ", kMaxShards, ", not ", options.shards));
  }
  auto impl = std::make_unique<Impl>(std::string(db_dir), analyzer, options);
  if (impl->options.max_in_flight < 1) impl->options.max_in_flight = 1;
  MEUTE_RETURN_IF_ERROR(RecoverInterruptedSwap(impl->db_dir));
  MEUTE_ASSIGN_OR_RETURN(const int existing, ShardCount(impl->db_dir));
  std::error_code ec;

  if (options.rebuild) {
    // Keep other writers out of the current database while the new one is
    // built: hold its shards' locks.
    for (const std::string& dir :
         existing == 0 ? std::vector<std::string>() : ShardDirs(impl->db_dir, existing)) {
      MEUTE_RETURN_IF_ERROR(HoldWriteLock(dir, Xapian::DB_OPEN, db_dir, &impl->lock_holders));
    }
    impl->write_dir = RebuildDir(impl->db_dir);
    fs::remove_all(impl->write_dir, ec);
  } else {
    if (existing != 0 && existing != options.shards) {
      return absl::FailedPreconditionError(absl::StrCat(
          "index \"", db_dir, "\" has ", existing, " shard", existing == 1 ? "" : "s", " but ",
          options.shards, " ", options.shards == 1 ? "is" : "are",
          " asked for: rebuild it (`meute nightly --rebuild`) to change the shard count"));
    }
    impl->write_dir = impl->db_dir;
  }

  const bool create = options.rebuild || existing == 0;
  if (create) {
    const fs::path parent = fs::path(impl->write_dir).parent_path();
    fs::create_directories(
        options.shards > 1 || parent.empty() ? fs::path(impl->write_dir) : parent, ec);
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot create index directory \"", impl->write_dir, "\": ", ec.message()));
    }
  }
  int parts = options.build_parts;
  // One part per two cores: a writer thread keeps a core busy, and the
  // analysis and the caller's reading about as much again (on 2 cores a
  // second part cost about 6 % more CPU for no gain in wall time under load:
  // doc/bench-indexing.md).
  if (parts <= 0) {
    parts = static_cast<int>(std::clamp(std::thread::hardware_concurrency() / 2, 1U, 4U));
  }
  impl->in_parts = create && options.shards == 1 && parts > 1 && options.expected_records > 0;
  if (impl->in_parts && !options.rebuild) {
    // A new database: an empty one holds the lock until the merged one is
    // swapped in (SwapIn() closes it).
    MEUTE_RETURN_IF_ERROR(
        HoldWriteLock(impl->db_dir, Xapian::DB_CREATE_OR_OPEN, db_dir, &impl->lock_holders));
    impl->write_dir = RebuildDir(impl->db_dir);
    fs::remove_all(impl->write_dir, ec);
  }
  if (impl->in_parts) {
    impl->parts_dir = absl::StrCat(impl->db_dir, ".parts");
    fs::remove_all(impl->parts_dir, ec);
  }
  IndexerOptions indexer_options;
  indexer_options.batch_size = options.batch_size;
  indexer_options.spelling = options.spelling;
  std::vector<std::string> dirs = ShardDirs(impl->write_dir, options.shards);
  if (impl->in_parts) {
    fs::create_directories(impl->parts_dir, ec);
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot create directory \"", impl->parts_dir, "\": ", ec.message()));
    }
    dirs.clear();
    for (int i = 0; i < parts; ++i) dirs.push_back(absl::StrCat(impl->parts_dir, "/part-", i));
    // The parts' batches are never seen: they share the batch size, and so
    // the memory one writer's batch takes.
    indexer_options.batch_size = std::max(1, options.batch_size / parts);
  }
  bool all_empty = create;
  for (const std::string& dir : dirs) {
    auto shard = std::make_unique<Impl::Shard>();
    shard->dir = dir;
    shard->created = create;
    MEUTE_ASSIGN_OR_RETURN(shard->indexer, Indexer::Open(dir, analyzer, indexer_options));
    if (create && shard->indexer->DocCount() != 0) all_empty = false;
    if (!create) {
      MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("opening index \"", dir, "\""),
                                       [&] { impl->readers.emplace_back(dir); }));
    }
    impl->shards.push_back(std::move(shard));
  }
  impl->created_empty = all_empty;
  // With the lock held: the parts a killed build in parts left behind.
  if (!impl->in_parts) fs::remove_all(absl::StrCat(impl->db_dir, ".parts"), ec);
  // The stub comes last: a database directory without it is not a database
  // yet, so a crash before this line leaves nothing half-made in sight.
  if (create && options.shards > 1) {
    MEUTE_RETURN_IF_ERROR(WriteShardStub(impl->write_dir, options.shards));
  }

  int threads = options.analysis_threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  Impl* raw = impl.get();
  for (int i = 0; i < threads; ++i) raw->workers.emplace_back([raw] { raw->WorkerLoop(); });
  for (auto& shard : raw->shards) {
    Impl::Shard* s = shard.get();
    s->thread = std::thread([raw, s] { raw->WriterLoop(s); });
  }
  return std::unique_ptr<ShardedWriter>(new ShardedWriter(std::move(impl)));
}

absl::Status ShardedWriter::Add(ingest::Document record, std::string hash) {
  if (impl_->finished) return absl::FailedPreconditionError("writer already finished");
  Item item;
  if (impl_->in_parts) {
    auto [it, first] = impl_->part_of.try_emplace(record.id, 0);
    if (first) {
      const uint64_t parts = impl_->shards.size();
      it->second = static_cast<int>(
          std::min(parts - 1, impl_->new_ids++ * parts / impl_->options.expected_records));
    }
    item.shard = it->second;
  } else {
    item.shard = ShardOf(record.id, static_cast<int>(impl_->shards.size()));
  }
  if (!impl_->readers.empty() && !impl_->touched.contains(record.id)) {
    MEUTE_RETURN_IF_ERROR(impl_->LoadStored());
    if (hash.empty()) hash = RecordHash(record);
    std::optional<StoredRecord> stored;
    if (auto it = impl_->answered.find(record.id); it != impl_->answered.end()) {
      stored = std::move(it->second);
      impl_->answered.erase(it);
    } else {
      MEUTE_ASSIGN_OR_RETURN(stored, impl_->Lookup(item.shard, record.id));
    }
    if (stored.has_value() && stored->hash == hash) {
      ++impl_->unchanged;
      ++impl_->written;
      if (impl_->options.written_counter != nullptr) ++*impl_->options.written_counter;
      return absl::OkStatus();
    }
  }
  if (!impl_->readers.empty()) impl_->touched.insert(record.id);
  if (impl_->created_empty) item.new_id = impl_->queued_ids.insert(record.id).second;
  item.record = std::move(record);
  return impl_->Enqueue(std::move(item));
}

absl::StatusOr<std::optional<StoredRecord>> ShardedWriter::Stored(absl::string_view id) {
  if (impl_->readers.empty()) return std::nullopt;
  MEUTE_RETURN_IF_ERROR(impl_->LoadStored());
  MEUTE_ASSIGN_OR_RETURN(std::optional<StoredRecord> stored,
                         impl_->Lookup(ShardOf(id, static_cast<int>(impl_->shards.size())), id));
  if (!impl_->touched.contains(id)) impl_->answered.insert_or_assign(std::string(id), stored);
  return stored;
}

absl::Status ShardedWriter::Delete(std::string id) {
  if (impl_->finished) return absl::FailedPreconditionError("writer already finished");
  Item item;
  item.op = Item::Op::kDelete;
  if (impl_->in_parts) {
    const auto it = impl_->part_of.find(id);
    item.shard = it == impl_->part_of.end() ? 0 : it->second;
  } else {
    item.shard = ShardOf(id, static_cast<int>(impl_->shards.size()));
  }
  if (!impl_->readers.empty()) impl_->touched.insert(id);
  if (impl_->created_empty) impl_->queued_ids.insert(id);
  impl_->answered.erase(id);
  item.delete_id = std::move(id);
  return impl_->Enqueue(std::move(item));
}

absl::Status ShardedWriter::SetMetadata(std::string key, std::string value) {
  if (impl_->finished) return absl::FailedPreconditionError("writer already finished");
  Item item;
  item.op = Item::Op::kMetadata;
  item.shard = 0;
  item.delete_id = std::move(key);
  item.value = std::move(value);
  return impl_->Enqueue(std::move(item));
}

absl::StatusOr<std::string> ShardedWriter::StoredMetadata(absl::string_view key) {
  if (impl_->readers.empty()) return std::string();
  std::string value;
  MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("reading metadata \"", key, "\""), [&] {
    value = impl_->readers[0].get_metadata(std::string(key));
  }));
  return value;
}

absl::StatusOr<std::vector<std::string>> ShardedWriter::StoredMetadataKeys(
    absl::string_view prefix) {
  std::vector<std::string> keys;
  if (impl_->readers.empty()) return keys;
  const std::string p(prefix);
  MEUTE_RETURN_IF_ERROR(CallXapian("listing metadata", [&] {
    Xapian::Database& db = impl_->readers[0];
    for (Xapian::TermIterator it = db.metadata_keys_begin(p); it != db.metadata_keys_end(p); ++it) {
      keys.push_back(*it);
    }
  }));
  return keys;
}

absl::Status ShardedWriter::Flush() {
  if (impl_->finished) return absl::FailedPreconditionError("writer already finished");
  for (size_t s = 0; s < impl_->shards.size(); ++s) {
    Item item;
    item.op = Item::Op::kFlush;
    item.shard = static_cast<int>(s);
    MEUTE_RETURN_IF_ERROR(impl_->Enqueue(std::move(item)));
  }
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    impl_->space_cv.wait(lock, [&] { return impl_->stop || impl_->in_flight == 0; });
  }
  return impl_->FirstError();
}

absl::Status ShardedWriter::Finish() {
  if (impl_->finished) return absl::FailedPreconditionError("writer already finished");
  impl_->finished = true;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->closing = true;
  }
  impl_->input_cv.notify_all();
  for (auto& w : impl_->workers) w.join();
  impl_->workers.clear();
  for (auto& shard : impl_->shards) {
    {
      std::lock_guard<std::mutex> lock(shard->mu);
      shard->closed = true;
    }
    shard->cv.notify_all();
  }
  for (auto& shard : impl_->shards) shard->thread.join();
  MEUTE_RETURN_IF_ERROR(impl_->FirstError());
  impl_->doc_count = 0;
  for (auto& shard : impl_->shards) impl_->doc_count += shard->indexer->DocCount();
  if (impl_->in_parts) MEUTE_RETURN_IF_ERROR(impl_->MergeParts());
  if (impl_->options.rebuild || impl_->in_parts) MEUTE_RETURN_IF_ERROR(impl_->SwapIn());
  return absl::OkStatus();
}

WriterCounts ShardedWriter::counts() const {
  WriterCounts c;
  c.added = impl_->added;
  c.updated = impl_->updated;
  c.unchanged = impl_->unchanged;
  c.deleted = impl_->deleted;
  c.analysed = impl_->analysed;
  c.written = impl_->written;
  return c;
}

int ShardedWriter::shards() const {
  return impl_->in_parts ? 1 : static_cast<int>(impl_->shards.size());
}

uint64_t ShardedWriter::DocCount() const { return impl_->doc_count; }

}  // namespace meute::index
