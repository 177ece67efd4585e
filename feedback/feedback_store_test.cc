#include "feedback/feedback_store.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::feedback {
namespace {

using ::testing::HasSubstr;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("meute_feedback_", ::getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path() const { return FeedbackPath(dir_.string()); }

  static Answer Make(const std::string& cluster, const std::string& target, Verdict v,
                     const std::string& date, const std::string& author = "ana") {
    Answer a;
    a.id = {cluster, SuggestionKind::kPartner, target};
    a.verdict = v;
    a.date = date;
    a.author = author;
    a.source = "cli";
    return a;
  }

  std::filesystem::path dir_;
};

TEST_F(StoreTest, AbsentFileIsEmpty) {
  FeedbackStore store(Path());
  absl::StatusOr<std::vector<Answer>> all = store.Load();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_TRUE(all->empty());
}

TEST_F(StoreTest, AddsAndReloadsWithDateAuthorReason) {
  FeedbackStore store(Path());
  Answer a = Make("mipyrail", "automotech", Verdict::kReject, "2026-12-07");
  a.reason = "déjà partenaires";
  ASSERT_TRUE(store.Add({a}).ok());
  absl::StatusOr<std::vector<Answer>> all = FeedbackStore(Path()).Load();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id.ToString(), "mipyrail/partner/automotech");
  EXPECT_EQ((*all)[0].verdict, Verdict::kReject);
  EXPECT_EQ((*all)[0].date, "2026-12-07");
  EXPECT_EQ((*all)[0].author, "ana");
  EXPECT_EQ((*all)[0].reason, "déjà partenaires");
  EXPECT_EQ((*all)[0].seq, 1);
}

TEST_F(StoreTest, SameAnswerTwiceIsStoredOnce) {
  FeedbackStore store(Path());
  const Answer a = Make("mipyrail", "automotech", Verdict::kReject, "2026-12-07");
  ASSERT_TRUE(store.Add({a}).ok());
  absl::StatusOr<AddResult> again = store.Add({a});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_EQ(store.Load()->size(), 1u);
}

TEST_F(StoreTest, ConcurrentAddsLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      FeedbackStore store(Path());  // Each its own store and lock descriptor.
      for (int i = 0; i < kEach; ++i) {
        ASSERT_TRUE(
            store.Add({Make("c", absl::StrCat("p", t, "-", i), Verdict::kAccept, "2026-12-07")})
                .ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<std::vector<Answer>> all = FeedbackStore(Path()).Load();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), static_cast<size_t>(kThreads * kEach));
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].seq, static_cast<int64_t>(i + 1));
}

TEST_F(StoreTest, UndoCancelsTheAnswerInForceAndKeepsHistory) {
  FeedbackStore store(Path());
  ASSERT_TRUE(store.Add({Make("m", "a", Verdict::kAccept, "2026-11-30")}).ok());
  ASSERT_TRUE(store.Add({Make("m", "a", Verdict::kReject, "2026-12-07")}).ok());
  const SuggestionId id{"m", SuggestionKind::kPartner, "a"};
  absl::StatusOr<Answer> undone = store.Undo(id, "2026-12-08", "ana");
  ASSERT_TRUE(undone.ok()) << undone.status();
  EXPECT_EQ(undone->verdict, Verdict::kReject);
  absl::StatusOr<std::vector<Answer>> all = store.Load();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_NE((*all)[1].undone_by, 0);
  const std::vector<Answer> active = ActiveAnswers(*all, "2026-12-31");
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].verdict, Verdict::kAccept);  // The earlier answer is in force again.
  ASSERT_TRUE(store.Undo(id, "2026-12-08", "ana").ok());
  EXPECT_TRUE(ActiveAnswers(*store.Load(), "2026-12-31").empty());
  EXPECT_TRUE(absl::IsNotFound(store.Undo(id, "2026-12-08", "ana").status()));
}

TEST_F(StoreTest, UndoCancelsTheLatestDatedAnswerEvenIfStoredFirst) {
  FeedbackStore store(Path());
  ASSERT_TRUE(store.Add({Make("m", "a", Verdict::kReject, "2026-12-07")}).ok());
  ASSERT_TRUE(store.Add({Make("m", "a", Verdict::kAccept, "2026-10-01")}).ok());  // Old form row.
  EXPECT_EQ(ActiveAnswers(*store.Load(), "2026-12-31")[0].verdict, Verdict::kReject);
  absl::StatusOr<Answer> undone =
      store.Undo({"m", SuggestionKind::kPartner, "a"}, "2026-12-08", "ana");
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ(undone->verdict, Verdict::kReject);
  EXPECT_EQ(ActiveAnswers(*store.Load(), "2026-12-31")[0].verdict, Verdict::kAccept);
}

TEST_F(StoreTest, RejectHidesUntilExpiry) {
  const Answer reject = Make("m", "a", Verdict::kReject, "2026-01-01");
  EXPECT_FALSE(Hides(reject, "2025-12-31", 180));  // Before the answer.
  EXPECT_TRUE(Hides(reject, "2026-01-01", 180));
  EXPECT_TRUE(Hides(reject, "2026-06-29", 180));   // Day 179.
  EXPECT_FALSE(Hides(reject, "2026-06-30", 180));  // Day 180: back.
  EXPECT_FALSE(Hides(Make("m", "a", Verdict::kAccept, "2026-01-01"), "2026-01-02", 180));
  EXPECT_TRUE(Hides(Make("m", "a", Verdict::kKnown, "2026-01-01"), "2026-01-02", 180));
}

TEST_F(StoreTest, AnswersAfterTheDigestDayAreNotInForce) {
  const std::vector<Answer> all = {Make("m", "a", Verdict::kReject, "2026-12-07")};
  EXPECT_TRUE(ActiveAnswers(all, "2026-12-06").empty());
  EXPECT_EQ(ActiveAnswers(all, "2026-12-07").size(), 1u);
}

TEST_F(StoreTest, CorruptLineIsReportedWithFileAndLine) {
  ASSERT_TRUE(FeedbackStore(Path()).Add({Make("m", "a", Verdict::kReject, "2026-12-07")}).ok());
  std::string text = *ReadFileToString(Path());
  ASSERT_TRUE(WriteFileAtomically(Path(), text + "{not json\n").ok());
  absl::StatusOr<std::vector<Answer>> all = FeedbackStore(Path()).Load();
  EXPECT_TRUE(absl::IsDataLoss(all.status()));
  EXPECT_THAT(all.status().message(), HasSubstr("meute.feedback.jsonl:2:"));
}

TEST(SuggestionId, RoundTripsAndRefusesBadIds) {
  absl::StatusOr<SuggestionId> id = ParseSuggestionId("mipyrail/call/call-a/b");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->kind, SuggestionKind::kCall);
  EXPECT_EQ(id->target, "call-a/b");
  EXPECT_EQ(id->ToString(), "mipyrail/call/call-a/b");
  EXPECT_FALSE(ParseSuggestionId("mipyrail/friend/x").ok());
  EXPECT_FALSE(ParseSuggestionId("mipyrail/partner").ok());
  EXPECT_FALSE(ParseSuggestionId("mi pyrail/partner/x").ok());
  EXPECT_FALSE(ParseKindTarget("mipyrail", "automotech").ok());
  EXPECT_EQ(ParseKindTarget("mipyrail", "partner:automotech")->ToString(),
            "mipyrail/partner/automotech");
}

}  // namespace
}  // namespace meute::feedback
