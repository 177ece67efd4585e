#include "index/eval.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::index {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

TEST(Eval, ParsesTopicsAndQrels) {
  absl::StatusOr<std::vector<Topic>> topics =
      ParseTopics("# comment\nq1\thydrogène vert\r\n\nq2\trobotique agricole\n", "t.tsv");
  ASSERT_TRUE(topics.ok()) << topics.status();
  ASSERT_EQ(topics->size(), 2u);
  EXPECT_EQ((*topics)[0].id, "q1");
  EXPECT_EQ((*topics)[0].query, "hydrogène vert");
  absl::StatusOr<Qrels> qrels = ParseQrels("q1 0 a 2\nq1 0 b 0\nq2\t0\tc\t1\n", "q.txt");
  ASSERT_TRUE(qrels.ok()) << qrels.status();
  EXPECT_EQ(qrels->at("q1").at("a"), 2);
  EXPECT_EQ(qrels->at("q2").at("c"), 1);
}

TEST(Eval, ReportsBadLinesWithFileAndLine) {
  EXPECT_THAT(std::string(ParseTopics("q1 no tab\n", "t.tsv").status().message()),
              HasSubstr("t.tsv:1:"));
  EXPECT_THAT(std::string(ParseTopics("q1\ta\nq1\tb\n", "t.tsv").status().message()),
              HasSubstr("t.tsv:2: query id \"q1\" repeated"));
  EXPECT_THAT(std::string(ParseQrels("q1 0 a\n", "q.txt").status().message()),
              HasSubstr("q.txt:1:"));
  EXPECT_THAT(std::string(ParseQrels("q1 0 a x\n", "q.txt").status().message()),
              HasSubstr("grade \"x\""));
}

TEST(Eval, PerfectRankingScoresOne) {
  const QueryMetrics m = Evaluate({"a", "b", "c"}, {{"a", 2}, {"b", 1}, {"z", 0}});
  EXPECT_DOUBLE_EQ(m.ndcg10, 1.0);
  EXPECT_DOUBLE_EQ(m.mrr, 1.0);
  EXPECT_DOUBLE_EQ(m.recall10, 1.0);
  EXPECT_DOUBLE_EQ(m.p5, 2.0 / 5);
  EXPECT_EQ(m.relevant, 2);
}

TEST(Eval, HandComputedValues) {
  // Relevant b (grade 1) at rank 2 and a (grade 2) at rank 4; c is not judged.
  const QueryMetrics m = Evaluate({"c", "b", "x", "a"}, {{"a", 2}, {"b", 1}});
  const double dcg = 1 / std::log2(3.0) + 2 / std::log2(5.0);
  const double idcg = 2 / std::log2(2.0) + 1 / std::log2(3.0);
  EXPECT_THAT(m.ndcg10, DoubleNear(dcg / idcg, 1e-12));
  EXPECT_DOUBLE_EQ(m.mrr, 0.5);
  EXPECT_DOUBLE_EQ(m.recall10, 1.0);
  EXPECT_DOUBLE_EQ(m.p5, 0.4);
}

TEST(Eval, NothingFoundScoresZeroAndDuplicatesCountOnce) {
  QueryMetrics m = Evaluate({}, {{"a", 1}});
  EXPECT_EQ(m.ndcg10, 0);
  EXPECT_EQ(m.mrr, 0);
  m = Evaluate({"a", "a", "a"}, {{"a", 1}, {"b", 1}});
  EXPECT_DOUBLE_EQ(m.recall10, 0.5);
  EXPECT_DOUBLE_EQ(m.p5, 0.2);
}

TEST(Eval, OnlyTheTopTenCountForNdcgAndRecall) {
  std::vector<std::string> ranked(10, "");
  for (int i = 0; i < 10; ++i) ranked[i] = "n" + std::to_string(i);
  ranked.push_back("a");
  const QueryMetrics m = Evaluate(ranked, {{"a", 1}});
  EXPECT_EQ(m.ndcg10, 0);
  EXPECT_EQ(m.recall10, 0);
  EXPECT_DOUBLE_EQ(m.mrr, 1.0 / 11);
}

TEST(Eval, MeanAveragesQueries) {
  EvalSummary s;
  s.queries.push_back(Evaluate({"a"}, {{"a", 1}}));
  s.queries.push_back(Evaluate({"x"}, {{"a", 1}}));
  Summarize(&s);
  EXPECT_DOUBLE_EQ(s.mean.ndcg10, 0.5);
  EXPECT_DOUBLE_EQ(s.mean.mrr, 0.5);
  EXPECT_EQ(s.mean.id, "mean");
}

}  // namespace
}  // namespace meute::index
