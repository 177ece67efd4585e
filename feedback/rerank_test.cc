#include "feedback/rerank.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace meute::feedback {
namespace {

// Three topics: 0 hydrogen, 1 rail, 2 water; each target is one or two of them.
recommend::TermWeights Weigh(SuggestionKind, absl::string_view target) {
  static const std::map<std::string, recommend::TermWeights, std::less<>> kTerms = {
      {"h2a", {{0, 1.0f}}},
      {"h2b", {{0, 1.0f}, {1, 0.2f}}},
      {"rail", {{1, 1.0f}}},
      {"water", {{2, 1.0f}}},
      {"water2", {{2, 1.0f}, {1, 0.1f}}}};
  auto it = kTerms.find(target);
  return it == kTerms.end() ? recommend::TermWeights() : it->second;
}

Answer Make(const std::string& cluster, const std::string& target, Verdict v) {
  Answer a;
  a.id = {cluster, SuggestionKind::kPartner, target};
  a.verdict = v;
  a.date = "2026-12-01";
  return a;
}

std::vector<std::string> Targets(const FeedbackResult& r) {
  std::vector<std::string> out;
  for (const Reranked& k : r.kept) out.push_back(k.target);
  return out;
}

const std::vector<Candidate> kCandidates = {
    {"water", 0.9}, {"water2", 0.85}, {"rail", 0.8}, {"h2a", 0.7}, {"h2b", 0.6}};

TEST(ApplyFeedback, WithoutAnswersNothingChanges) {
  const FeedbackResult r =
      ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, {}, Weigh, "2026-12-07");
  EXPECT_EQ(Targets(r), (std::vector<std::string>{"water", "water2", "rail", "h2a", "h2b"}));
  EXPECT_TRUE(r.hidden.empty());
}

TEST(ApplyFeedback, WithoutAnswersTheGivenOrderStaysEvenIfNotByScore) {
  const std::vector<Candidate> unsorted = {{"rail", 0.2}, {"water", 0.9}};
  const FeedbackResult r =
      ApplyFeedback("m", SuggestionKind::kPartner, unsorted, {}, Weigh, "2026-12-07");
  EXPECT_EQ(Targets(r), (std::vector<std::string>{"rail", "water"}));
}

TEST(ApplyFeedback, RejectedIsHiddenAndSimilarItemsMoveDown) {
  const std::vector<Answer> answers = {Make("m", "water", Verdict::kReject),
                                       Make("m", "h2a", Verdict::kAccept)};
  FeedbackOptions options;
  options.weight = 1.0;
  const FeedbackResult r = ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, answers, Weigh,
                                         "2026-12-07", options);
  ASSERT_EQ(r.hidden.size(), 1u);
  EXPECT_EQ(r.hidden[0].id.target, "water");
  // h2a (accepted, stays) and h2b (close to it) rise above water2 (close to the rejected).
  EXPECT_EQ(Targets(r), (std::vector<std::string>{"h2a", "h2b", "rail", "water2"}));
  ASSERT_NE(r.kept[1].because, nullptr);
  EXPECT_EQ(r.kept[1].because->id.target, "h2a");
  EXPECT_GT(r.kept[1].moved, 0);
  EXPECT_LT(r.kept[3].moved, 0);
}

TEST(ApplyFeedback, OtherClustersAnswersAndExpiredRejectsDoNotCount) {
  const std::vector<Answer> other = {Make("x", "water", Verdict::kReject)};
  EXPECT_EQ(
      Targets(
          ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, other, Weigh, "2026-12-07")),
      Targets(ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, {}, Weigh, "2026-12-07")));
  FeedbackOptions options;
  options.weight = 0.0;
  options.expiry_days = 3;
  const std::vector<Answer> mine = {Make("m", "water", Verdict::kReject)};
  EXPECT_EQ(
      ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, mine, Weigh, "2026-12-03", options)
          .kept.size(),
      4u);
  EXPECT_EQ(
      ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, mine, Weigh, "2026-12-04", options)
          .kept.size(),
      5u);
}

TEST(ApplyFeedback, AnExpiredRejectNoLongerMovesAnything) {
  FeedbackOptions options;
  options.weight = 1.0;
  options.expiry_days = 3;
  const std::vector<Answer> mine = {Make("m", "water", Verdict::kReject)};
  // Within the expiry, water is hidden and water2 (close to it) falls below rail.
  EXPECT_EQ(Targets(ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, mine, Weigh,
                                  "2026-12-02", options)),
            (std::vector<std::string>{"rail", "water2", "h2a", "h2b"}));
  // After it, the answer is forgotten: the recommender's order, water first.
  EXPECT_EQ(Targets(ApplyFeedback("m", SuggestionKind::kPartner, kCandidates, mine, Weigh,
                                  "2026-12-04", options)),
            (std::vector<std::string>{"water", "water2", "rail", "h2a", "h2b"}));
}

}  // namespace
}  // namespace meute::feedback
