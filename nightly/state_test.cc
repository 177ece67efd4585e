#include "nightly/state.h"

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "nightly/run_lock.h"

namespace meute::nightly {
namespace {

namespace fs = std::filesystem;

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("meute_state_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(StateTest, MissingStateIsEmpty) {
  StateStore store((dir_ / "state").string());
  ASSERT_TRUE(store.Init().ok());
  absl::StatusOr<SourceState> s = store.Load("calls");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->records.empty());
  EXPECT_TRUE(s->pending.empty());
  EXPECT_TRUE(s->fingerprint.empty());
}

TEST_F(StateTest, SaveLoadRoundTripAndClearsThePendingJournal) {
  StateStore store(dir_.string());
  ASSERT_TRUE(store.Init().ok());
  ASSERT_TRUE(store.AppendPending("calls", {"call-1", "call-2"}).ok());
  ASSERT_TRUE(store.AppendPending("calls", {"call-3"}).ok());
  absl::StatusOr<SourceState> loaded = store.Load("calls");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->pending.size(), 3u);
  EXPECT_TRUE(loaded->pending.contains("call-3"));

  SourceState s;
  s.location = "data/calls.jsonl";
  s.fingerprint = "uuid:12";
  s.etag = "\"v1\"";
  s.last_modified = "Wed, 25 Nov 2026 08:00:00 GMT";
  s.format = "rss";
  s.records["call-1"] = "0123456789abcdef";
  s.records["appel-é"] = "fedcba9876543210";
  ASSERT_TRUE(store.Save("calls", s).ok());
  EXPECT_FALSE(fs::exists(store.PendingPath("calls")));
  loaded = store.Load("calls");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->location, s.location);
  EXPECT_EQ(loaded->fingerprint, s.fingerprint);
  EXPECT_EQ(loaded->etag, s.etag);
  EXPECT_EQ(loaded->last_modified, s.last_modified);
  EXPECT_EQ(loaded->format, "rss");
  EXPECT_EQ(loaded->records, s.records);
  EXPECT_TRUE(loaded->pending.empty());
}

TEST_F(StateTest, IgnoresAJournalLineCutByACrash) {
  StateStore store(dir_.string());
  ASSERT_TRUE(store.Init().ok());
  std::ofstream(store.PendingPath("news")) << "news-1\nnews-2\nnews-3";
  absl::StatusOr<SourceState> s = store.Load("news");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->pending.size(), 2u);
  EXPECT_FALSE(s->pending.contains("news-3"));
}

TEST_F(StateTest, CorruptStateIsDataLossWithAdvice) {
  StateStore store(dir_.string());
  ASSERT_TRUE(store.Init().ok());
  std::ofstream(store.StatePath("news")) << "{\"version\":1,\"records\":";
  absl::StatusOr<SourceState> s = store.Load("news");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(s.status().message().find("delete it"), absl::string_view::npos);
}

TEST_F(StateTest, RunLockIsExclusive) {
  fs::create_directories(dir_);
  const std::string path = (dir_ / "nightly.lock").string();
  absl::StatusOr<RunLock> first = RunLock::Acquire(path);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<RunLock> second = RunLock::Acquire(path);
  ASSERT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("another `meute nightly` is running"),
            absl::string_view::npos);
  EXPECT_NE(second.status().message().find(std::to_string(::getpid())), absl::string_view::npos);
  { RunLock released = *std::move(first); }
  EXPECT_TRUE(RunLock::Acquire(path).ok());
}

}  // namespace
}  // namespace meute::nightly
