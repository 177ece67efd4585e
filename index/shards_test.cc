#include "index/shards.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "gtest/gtest.h"
#include "index/internal/shards.h"
#include "index/schema.h"
#include "ingest/analyzer.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;

class ShardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("meute_shards_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST(ShardOf, IsStableAndSpreadsIds) {
  // Pinned: records must never move between shards from one release to the
  // next (FNV-1a 64 of the id's bytes, modulo the count).
  EXPECT_EQ(ShardOf("", 7), static_cast<int>(14695981039346656037ULL % 7));
  EXPECT_EQ(ShardOf("call-1", 1), 0);
  const int first = ShardOf("news-42", 3);
  EXPECT_EQ(ShardOf("news-42", 3), first);
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 4000; ++i)
    ++counts[static_cast<size_t>(ShardOf("gen-news-" + std::to_string(i), 4))];
  for (int c : counts) {
    EXPECT_GT(c, 800);
    EXPECT_LT(c, 1200);
  }
}

TEST(ShardDirName, IsZeroPadded) {
  EXPECT_EQ(ShardDirName(0), "shard-000");
  EXPECT_EQ(ShardDirName(12), "shard-012");
  EXPECT_EQ(ShardDirs("idx", 1), std::vector<std::string>{"idx"});
  EXPECT_EQ(ShardDirs("idx", 2), (std::vector<std::string>{"idx/shard-000", "idx/shard-001"}));
}

TEST(ParseRemoteShard, AcceptsHostAndPort) {
  absl::StatusOr<RemoteShard> r = ParseRemoteShard("tcp://127.0.0.1:7001");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 7001);
  r = ParseRemoteShard("tcp://[::1]:80/");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->host, "::1");
  EXPECT_TRUE(IsRemoteShard("tcp://x:1"));
  EXPECT_FALSE(IsRemoteShard("idx/shard-000"));
}

TEST(ParseRemoteShard, RejectsMalformedAddresses) {
  for (const char* bad : {"http://h:1", "tcp://h", "tcp://:80", "tcp://h:0", "tcp://h:70000",
                          "tcp://h:x", "tcp://[::1:80"}) {
    EXPECT_EQ(ParseRemoteShard(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(ShardsTest, CountsShardsOfEachLayout) {
  EXPECT_EQ(*ShardCount(dir_.string()), 0);
  fs::create_directories(dir_);
  EXPECT_EQ(*ShardCount(dir_.string()), 0);
  {
    Xapian::WritableDatabase db((dir_ / "plain").string(), Xapian::DB_CREATE);
    db.commit();
  }
  EXPECT_EQ(*ShardCount((dir_ / "plain").string()), 1);
  const std::string sharded = (dir_ / "sharded").string();
  fs::create_directories(sharded);
  ASSERT_TRUE(WriteShardStub(sharded, 3).ok());
  EXPECT_EQ(*ShardCount(sharded), 3);
  std::ofstream(dir_ / "file") << "x";
  EXPECT_EQ(ShardCount((dir_ / "file").string()).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::string foreign = (dir_ / "foreign").string();
  fs::create_directories(foreign);
  std::ofstream(fs::path(foreign) / "XAPIANDB") << "auto /somewhere/else\n";
  EXPECT_EQ(ShardCount(foreign).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ShardsTest, StubDirectoryOpensAsTheUnionOfItsShards) {
  const std::string sharded = dir_.string();
  fs::create_directories(sharded);
  for (int i = 0; i < 2; ++i) {
    Xapian::WritableDatabase db(ShardDirs(sharded, 2)[static_cast<size_t>(i)], Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_boolean_term("Qdoc-" + std::to_string(i));
    db.add_document(doc);
    db.set_metadata(std::string(kMetaAnalyzerVersion), std::to_string(ingest::kAnalyzerVersion));
    db.set_metadata(std::string(kMetaSchemaVersion), std::to_string(kSchemaVersion));
    db.commit();
  }
  ASSERT_TRUE(WriteShardStub(sharded, 2).ok());
  Xapian::Database db(sharded);  // Xapian reads DB/XAPIANDB itself.
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists("Qdoc-1"));

  absl::StatusOr<Xapian::Database> list =
      internal::OpenDatabaseList(ShardDirs(sharded, 2)[0] + "," + ShardDirs(sharded, 2)[1]);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->get_doccount(), 2u);
  EXPECT_TRUE(internal::IsDatabaseList("a,b"));
  EXPECT_TRUE(internal::IsDatabaseList("tcp://h:1"));
  EXPECT_FALSE(internal::IsDatabaseList("idx"));
  EXPECT_EQ(internal::OpenDatabaseList("a,,b").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(internal::OpenDatabaseList((dir_ / "missing").string()).status().code(),
            absl::StatusCode::kNotFound);
  // Nothing listens on port 1: the error names the shard.
  absl::StatusOr<Xapian::Database> remote =
      internal::OpenDatabaseList("tcp://127.0.0.1:1", /*remote_timeout_ms=*/2000);
  ASSERT_FALSE(remote.ok());
  EXPECT_NE(remote.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(remote.status().message().find("tcp://127.0.0.1:1"), absl::string_view::npos);
}

TEST_F(ShardsTest, FingerprintChangesOnlyWithCommits) {
  EXPECT_EQ(DatabaseFingerprint(dir_.string()).status().code(), absl::StatusCode::kNotFound);
  Xapian::WritableDatabase db(dir_.string(), Xapian::DB_CREATE);
  db.commit();
  const std::string before = *DatabaseFingerprint(dir_.string());
  EXPECT_EQ(*DatabaseFingerprint(dir_.string()), before);
  db.add_document(Xapian::Document());
  db.commit();
  EXPECT_NE(*DatabaseFingerprint(dir_.string()), before);
}

}  // namespace
}  // namespace meute::index
