#include "index/sharded_writer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "gtest/gtest.h"
#include "index/schema.h"
#include "index/shards.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;

ingest::Document Record(int i, const std::string& extra = "") {
  ingest::Document d;
  d.id = "news-" + std::to_string(i);
  d.kind = ingest::Kind::kNews;
  d.lang = "fr";
  d.title = "Hydrogène vert numéro " + std::to_string(i);
  d.text = "L'hydrogène produit à Toulouse alimente les bus de la métropole. " + extra;
  return d;
}

class ShardedWriterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { analyzer_ = ingest::Analyzer::Create().value().release(); }
  static void TearDownTestSuite() { delete analyzer_; }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("meute_sharded_writer_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    db_ = (dir_ / "idx").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<ShardedWriter> Open(int shards, bool rebuild = false, int batch = 3) {
    ShardedWriterOptions options;
    options.shards = shards;
    options.rebuild = rebuild;
    options.batch_size = batch;
    options.analysis_threads = 2;
    options.max_in_flight = 4;
    absl::StatusOr<std::unique_ptr<ShardedWriter>> w =
        ShardedWriter::Open(db_, *analyzer_, options);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? *std::move(w) : nullptr;
  }

  static ingest::Analyzer* analyzer_;
  fs::path dir_;
  std::string db_;
};

ingest::Analyzer* ShardedWriterTest::analyzer_ = nullptr;

TEST_F(ShardedWriterTest, AddsUpdatesSkipsAndDeletes) {
  {
    auto w = Open(1);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
    ASSERT_TRUE(w->Finish().ok());
    EXPECT_EQ(w->counts().added, 10u);
    EXPECT_EQ(w->counts().analysed, 10u);
    EXPECT_EQ(w->DocCount(), 10u);
  }
  const std::string before = *DatabaseFingerprint(db_);
  {
    auto w = Open(1);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
    ASSERT_TRUE(w->Finish().ok());
    EXPECT_EQ(w->counts().unchanged, 10u);
    EXPECT_EQ(w->counts().added + w->counts().updated, 0u);
  }
  EXPECT_EQ(*DatabaseFingerprint(db_), before) << "an unchanged run must not commit";
  {
    auto w = Open(1);
    ASSERT_TRUE(w->Add(Record(3, "Modifié.")).ok());
    ASSERT_TRUE(w->Add(Record(10)).ok());
    ASSERT_TRUE(w->Delete("news-4").ok());
    ASSERT_TRUE(w->Delete("news-404").ok());
    ASSERT_TRUE(w->Finish().ok());
    EXPECT_EQ(w->counts().updated, 1u);
    EXPECT_EQ(w->counts().added, 1u);
    EXPECT_EQ(w->counts().deleted, 1u);
    EXPECT_EQ(w->DocCount(), 10u);
  }
  Xapian::Database db(db_);
  EXPECT_FALSE(db.term_exists("Qnews-4"));
  EXPECT_TRUE(db.term_exists("Qnews-10"));
  EXPECT_TRUE(db.term_exists("modifie"));
}

TEST_F(ShardedWriterTest, UnchangedRecordsAreNotAnalysedAgain) {
  {
    auto w = Open(2);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  auto w = Open(2);
  for (int i = 0; i < 10; ++i) {
    // The caller's hash, when given, is the one compared.
    ASSERT_TRUE(w->Add(Record(i), i % 2 == 0 ? RecordHash(Record(i)) : "").ok());
  }
  ASSERT_TRUE(w->Add(Record(3, "Modifié.")).ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->counts().unchanged, 10u);
  EXPECT_EQ(w->counts().updated, 1u);
  EXPECT_EQ(w->counts().indexed(), 1u);
  EXPECT_EQ(w->counts().analysed, 1u) << "only the changed record is analysed";
  EXPECT_EQ(w->counts().written, 11u);
}

TEST_F(ShardedWriterTest, StoredIsTheRecordHashAndLinkAsWritten) {
  ingest::Document copy = Record(2);
  copy.duplicate_of = "news-1";
  {
    auto w = Open(1);
    EXPECT_FALSE(w->Stored("news-1")->has_value()) << "a new database holds nothing";
    ASSERT_TRUE(w->Add(Record(1)).ok());
    ASSERT_TRUE(w->Add(copy).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  auto w = Open(1);
  absl::StatusOr<std::optional<StoredRecord>> one = w->Stored("news-1");
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->hash, RecordHash(Record(1)));
  EXPECT_EQ((*one)->duplicate_of, "");
  absl::StatusOr<std::optional<StoredRecord>> two = w->Stored("news-2");
  ASSERT_TRUE(two.ok() && two->has_value());
  EXPECT_EQ((*two)->hash, RecordHash(copy));
  EXPECT_EQ((*two)->duplicate_of, "news-1");
  EXPECT_FALSE(w->Stored("news-404")->has_value());
  // Add() uses what Stored() found: as stored, unchanged; otherwise written.
  ASSERT_TRUE(w->Add(Record(1)).ok());
  ASSERT_TRUE(w->Add(Record(2)).ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->counts().unchanged, 1u);
  EXPECT_EQ(w->counts().updated, 1u);
}

TEST_F(ShardedWriterTest, FlushCommitsWhatWasQueuedAndTheLaterRecordWins) {
  {
    auto w = Open(1);
    ASSERT_TRUE(w->Add(Record(1)).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  auto w = Open(1, /*rebuild=*/false, /*batch=*/100);
  // Changed, then back as the database holds it: the second is written too.
  ASSERT_TRUE(w->Add(Record(1, "Modifié.")).ok());
  ASSERT_TRUE(w->Add(Record(1)).ok());
  ASSERT_TRUE(w->Add(Record(2)).ok());
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(w->counts().updated, 2u);
  EXPECT_EQ(w->counts().added, 1u);
  {
    Xapian::Database db(db_);
    EXPECT_EQ(db.get_doccount(), 2u) << "flushed, not finished: committed all the same";
    EXPECT_FALSE(db.term_exists("modifie"));
  }
  const std::string flushed = *DatabaseFingerprint(db_);
  ASSERT_TRUE(w->Flush().ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(*DatabaseFingerprint(db_), flushed) << "nothing changed after the first flush";
}

TEST_F(ShardedWriterTest, RecordHashDependsOnContentOnlyAndIsWhatTheIndexStores) {
  const ingest::Document a = Record(1);
  ingest::Document b = a;
  EXPECT_EQ(RecordHash(a), RecordHash(b));
  EXPECT_EQ(RecordHash(a).size(), 16u);
  b.text = "changé";
  EXPECT_NE(RecordHash(a), RecordHash(b));
  b = a;
  b.duplicate_of = "news-2";
  EXPECT_NE(RecordHash(a), RecordHash(b)) << "a new link is a change";
  {
    auto w = Open(1);
    ASSERT_TRUE(w->Add(a).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  Xapian::Database db(db_);
  EXPECT_EQ(db.get_document(*db.postlist_begin("Qnews-1")).get_value(kSlotContentHash),
            RecordHash(a));
}

TEST_F(ShardedWriterTest, SpreadsRecordsOverShardsByIdHash) {
  auto w = Open(3);
  ASSERT_EQ(w->shards(), 3);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
  ASSERT_TRUE(w->Finish().ok());
  w.reset();
  EXPECT_EQ(*ShardCount(db_), 3);
  const std::vector<std::string> dirs = ShardDirs(db_, 3);
  for (int i = 0; i < 30; ++i) {
    const std::string id = "news-" + std::to_string(i);
    for (int s = 0; s < 3; ++s) {
      Xapian::Database shard(dirs[static_cast<size_t>(s)]);
      EXPECT_EQ(shard.term_exists("Q" + id), s == ShardOf(id, 3)) << id << " shard " << s;
    }
  }
  Xapian::Database all(db_);
  EXPECT_EQ(all.get_doccount(), 30u);
}

TEST_F(ShardedWriterTest, KeepsInsertionOrderWithinAShard) {
  auto w = Open(1);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
  ASSERT_TRUE(w->Finish().ok());
  w.reset();
  // Document ids follow the order records were queued, whatever thread
  // analysed them: runs are reproducible.
  Xapian::Database db(db_);
  for (int i = 0; i < 50; ++i) {
    Xapian::PostingIterator it = db.postlist_begin("Qnews-" + std::to_string(i));
    ASSERT_NE(it, db.postlist_end("Qnews-" + std::to_string(i)));
    EXPECT_EQ(*it, static_cast<Xapian::docid>(i + 1));
  }
}

TEST_F(ShardedWriterTest, RefusesAnotherShardCountUnlessRebuilding) {
  {
    auto w = Open(2);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  ShardedWriterOptions options;
  options.shards = 3;
  absl::StatusOr<std::unique_ptr<ShardedWriter>> w = ShardedWriter::Open(db_, *analyzer_, options);
  EXPECT_EQ(w.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(w.status().message().find("--rebuild"), absl::string_view::npos);
  {
    auto rebuilt = Open(3, /*rebuild=*/true);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(rebuilt->Add(Record(i)).ok());
    // Until Finish(), readers still see the 2-shard database.
    EXPECT_EQ(*ShardCount(db_), 2);
    ASSERT_TRUE(rebuilt->Finish().ok());
  }
  EXPECT_EQ(*ShardCount(db_), 3);
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 6u);
  EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
  EXPECT_FALSE(fs::exists(db_ + ".old"));
  {
    auto back = Open(1, /*rebuild=*/true);
    ASSERT_TRUE(back->Add(Record(1)).ok());
    ASSERT_TRUE(back->Finish().ok());
  }
  EXPECT_EQ(*ShardCount(db_), 1);
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 1u);
}

TEST_F(ShardedWriterTest, AbandonedRebuildLeavesTheOldDatabase) {
  {
    auto w = Open(1);
    ASSERT_TRUE(w->Add(Record(1)).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  {
    auto rebuilt = Open(2, /*rebuild=*/true, /*batch=*/1);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(rebuilt->Add(Record(i)).ok());
  }  // Destroyed without Finish().
  EXPECT_EQ(*ShardCount(db_), 1);
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 1u);
  EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
}

TEST_F(ShardedWriterTest, RecoversASwapCutBetweenItsRenames) {
  {
    auto w = Open(1);
    ASSERT_TRUE(w->Add(Record(1)).ok());
    ASSERT_TRUE(w->Finish().ok());
  }
  // As if killed after moving DB aside and before moving DB.rebuild in.
  fs::rename(db_, db_ + ".old");
  {
    Xapian::WritableDatabase rebuilt(db_ + ".rebuild", Xapian::DB_CREATE);
    rebuilt.commit();
  }
  auto w = Open(1);
  ASSERT_NE(w, nullptr);
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->DocCount(), 0u) << "the complete rebuilt database wins";
  EXPECT_FALSE(fs::exists(db_ + ".old"));
}

TEST_F(ShardedWriterTest, UncommittedRecordsAreDiscarded) {
  {
    auto w = Open(1, /*rebuild=*/false, /*batch=*/2);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(w->Add(Record(i)).ok());
    // Let the writer reach the fifth record, then drop without Finish().
    while (w->counts().written < 5) std::this_thread::yield();
  }
  Xapian::Database db(db_);
  EXPECT_EQ(db.get_doccount(), 4u) << "two full batches of two were committed, the fifth not";
}

TEST_F(ShardedWriterTest, SecondWriterIsRefused) {
  auto first = Open(2);
  ShardedWriterOptions options;
  options.shards = 2;
  absl::StatusOr<std::unique_ptr<ShardedWriter>> second =
      ShardedWriter::Open(db_, *analyzer_, options);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("locked"), absl::string_view::npos);
}

// Everything a reader can see of a database, document by document in docid
// order: data, values, terms with wdf and positions; then the spelling
// dictionary and the user metadata.
std::string Dump(const std::string& dir) {
  Xapian::Database db(dir);
  std::string out = "docs " + std::to_string(db.get_doccount()) + " last " +
                    std::to_string(db.get_lastdocid()) + " length " +
                    std::to_string(db.get_total_length()) + "\n";
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    Xapian::Document doc;
    try {
      doc = db.get_document(id);
    } catch (const Xapian::DocNotFoundError&) {
      continue;
    }
    out += "#" + std::to_string(id) + " " + doc.get_data() + "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      out += " v" + std::to_string(v.get_valueno()) + "=" + *v;
    }
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      out += " " + *t + ":" + std::to_string(t.get_wdf());
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        out += "," + std::to_string(*p);
      }
    }
    out += "\n";
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    out += " s:" + *w + ":" + std::to_string(w.get_termfreq());
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out += " m:" + *k + "=" + db.get_metadata(*k);
  }
  return out;
}

TEST_F(ShardedWriterTest, BuildInPartsGivesTheDatabaseOneWriterWrites) {
  std::vector<std::string> dumps;
  std::vector<WriterCounts> counts;
  for (int parts : {1, 3}) {
    fs::remove_all(db_);
    ShardedWriterOptions options;
    options.batch_size = 4;
    options.analysis_threads = 2;
    options.max_in_flight = 4;
    options.expected_records = 31;
    options.build_parts = parts;
    absl::StatusOr<std::unique_ptr<ShardedWriter>> w =
        ShardedWriter::Open(db_, *analyzer_, options);
    ASSERT_TRUE(w.ok()) << w.status();
    for (int i = 0; i < 30; ++i) ASSERT_TRUE((*w)->Add(Record(i, std::to_string(i % 7))).ok());
    // A repeated id replaces the first record in place; a deletion and the
    // metadata go where they belong.
    ASSERT_TRUE((*w)->Add(Record(5, "réécrit à Albi")).ok());
    ASSERT_TRUE((*w)->Delete("news-7").ok());
    ASSERT_TRUE((*w)->Delete("news-99").ok());
    ASSERT_TRUE((*w)->SetMetadata("meute.test", "value").ok());
    ASSERT_TRUE((*w)->Flush().ok());
    if (parts > 1) {
      // Until Finish(), readers see an empty database and writers a lock.
      EXPECT_EQ(Xapian::Database(db_).get_doccount(), 0u);
      absl::StatusOr<std::unique_ptr<ShardedWriter>> second =
          ShardedWriter::Open(db_, *analyzer_, ShardedWriterOptions());
      EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
    }
    ASSERT_TRUE((*w)->Finish().ok());
    EXPECT_EQ((*w)->DocCount(), 29u);
    EXPECT_EQ((*w)->shards(), 1);
    counts.push_back((*w)->counts());
    dumps.push_back(Dump(db_));
    EXPECT_FALSE(fs::exists(db_ + ".parts"));
    EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
  }
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_NE(dumps[0].find("réécrit"), std::string::npos);
  for (const WriterCounts& c : counts) {
    EXPECT_EQ(c.added, 30u);
    EXPECT_EQ(c.updated, 1u);
    EXPECT_EQ(c.deleted, 1u);
  }
}

TEST_F(ShardedWriterTest, AbandonedBuildInPartsLeavesAnEmptyDatabase) {
  {
    ShardedWriterOptions options;
    options.expected_records = 10;
    options.build_parts = 2;
    absl::StatusOr<std::unique_ptr<ShardedWriter>> w =
        ShardedWriter::Open(db_, *analyzer_, options);
    ASSERT_TRUE(w.ok()) << w.status();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE((*w)->Add(Record(i)).ok());
    ASSERT_TRUE((*w)->Flush().ok());
  }
  EXPECT_EQ(Xapian::Database(db_).get_doccount(), 0u);
  EXPECT_FALSE(fs::exists(db_ + ".parts"));
  // The next writer writes into it as into any database, and removes what a
  // killed build in parts left.
  fs::create_directories(db_ + ".parts/part-0");
  auto w = Open(1);
  EXPECT_FALSE(fs::exists(db_ + ".parts"));
  ASSERT_TRUE(w->Add(Record(1)).ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->DocCount(), 1u);
}

}  // namespace
}  // namespace meute::index
