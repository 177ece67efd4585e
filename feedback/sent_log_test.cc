#include "feedback/sent_log.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace meute::feedback {
namespace {

class SentLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::string Path() const { return SentLogPath(dir_.string()); }
  std::filesystem::path dir_;
};

TEST_F(SentLogTest, NoLogNoIds) {
  absl::StatusOr<std::set<std::string>> ids = LoadSentIds(Path());
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_TRUE(ids->empty());
}

TEST_F(SentLogTest, EveryIdOfEveryDigest) {
  ASSERT_TRUE(
      RecordSent(Path(), {{"2026-W48", "2026-11-23", "m", {"m/call/c1", "m/partner/p"}}}).ok());
  ASSERT_TRUE(RecordSent(Path(), {{"2026-W49", "2026-11-30", "n", {"n/buyer/news-1"}}}).ok());
  absl::StatusOr<std::set<std::string>> ids = LoadSentIds(Path());
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids, (std::set<std::string>{"m/call/c1", "m/partner/p", "n/buyer/news-1"}));
}

TEST_F(SentLogTest, ConcurrentWritersLoseNothing) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string id = "c/call/t" + std::to_string(t) + "-" + std::to_string(i);
        ASSERT_TRUE(RecordSent(Path(), {{"2026-W48", "2026-11-23", "c", {id}}}).ok());
      }
    });
  }
  for (std::thread& w : writers) w.join();
  absl::StatusOr<std::set<std::string>> ids = LoadSentIds(Path());
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(ids->size(), 100u);
}

TEST_F(SentLogTest, BadLineNamedWithItsNumber) {
  std::ofstream(Path()) << "{\"ids\":[\"a/call/x\"]}\nnot json\n";
  absl::StatusOr<std::set<std::string>> ids = LoadSentIds(Path());
  ASSERT_FALSE(ids.ok());
  EXPECT_EQ(ids.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(ids.status().message().find("meute.sent.jsonl:2:"), absl::string_view::npos)
      << ids.status();
}

}  // namespace
}  // namespace meute::feedback
