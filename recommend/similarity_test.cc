#include "recommend/similarity.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

// The model of testing::SyntheticCorpus() at rank 8.
absl::StatusOr<Model> SyntheticModel() {
  return testing::BuildModel(testing::SyntheticCorpus(), 8);
}

TEST(TopK, SortsByScoreThenRow) {
  DenseMatrix items(4, 2);
  items << 1, 0, 0, 1, 1, 0, 0.5, 0.5;
  Eigen::VectorXf q(2);
  q << 1, 0;
  const std::vector<ScoredItem> top = TopK(items, q, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].row, 0);
  EXPECT_EQ(top[1].row, 2);
  EXPECT_EQ(top[2].row, 3);
  EXPECT_EQ(TopK(items, q, 10, [](int32_t r) { return r != 0; }).front().row, 2);
}

TEST(ReciprocalRankFusion, RewardsAgreementAndKeepsRanks) {
  const std::vector<FusedItem> fused = ReciprocalRankFusion({{"a", "b", "c"}, {"b", "d", "a"}});
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].id, "b");  // 1/62 + 1/61 > 1/61 + 1/63
  EXPECT_EQ(fused[1].id, "a");
  EXPECT_THAT(fused[0].ranks, ::testing::ElementsAre(2, 1));
  EXPECT_DOUBLE_EQ(fused[0].score, 1.0 / 62 + 1.0 / 61);
  EXPECT_EQ(fused[2].id, "d");  // 1/62 beats c's 1/63
  EXPECT_THAT(fused[2].ranks, ::testing::ElementsAre(0, 2));
  EXPECT_EQ(ReciprocalRankFusion({{"a", "b", "c"}}, 2).size(), 2u);
}

TEST(HybridSimilar, FusesIndexRankingWithEmbeddingNeighbours) {
  const absl::StatusOr<Model> model = SyntheticModel();
  ASSERT_TRUE(model.ok());
  absl::StatusOr<std::vector<Neighbour>> nb = EmbeddingNeighbours(*model, "m-rail-1", 5);
  ASSERT_TRUE(nb.ok());
  for (const Neighbour& n : *nb) EXPECT_NE(n.id, "m-rail-1");
  EXPECT_EQ(EmbeddingNeighbours(*model, "nope", 5).status().code(), absl::StatusCode::kNotFound);
  // The BM25 list is made up; the fused list mixes both and drops the query.
  const std::vector<HybridItem> fused =
      HybridSimilar(*model, "m-rail-1", {}, "fr", {"m-rail-1", "m-rail-2", "call-eau-rail"}, 5);
  ASSERT_EQ(fused.size(), 5u);
  for (const HybridItem& f : fused) {
    EXPECT_NE(f.id, "m-rail-1");
    EXPECT_TRUE(f.bm25_rank > 0 || f.cosine_rank > 0) << f.id;
    ASSERT_TRUE(f.cosine.has_value()) << f.id;
  }
  // The first embedding neighbour carries cosine rank 1 and its cosine.
  for (const HybridItem& f : fused) {
    if (f.id == (*nb)[0].id) {
      EXPECT_EQ(f.cosine_rank, 1);
      EXPECT_FLOAT_EQ(*f.cosine, (*nb)[0].cosine);
    }
  }
  // An id only BM25 ranked keeps its BM25 rank (1: the query was dropped).
  EXPECT_EQ(
      std::count_if(fused.begin(), fused.end(),
                    [](const HybridItem& f) { return f.id == "m-rail-2" && f.bm25_rank == 1; }),
      1);
  // Not in the model: folded in from its stems.
  const std::vector<HybridItem> folded =
      HybridSimilar(*model, "new-doc", {{"ferroviair", 2}, {"train", 1}}, "fr", {}, 3);
  ASSERT_EQ(folded.size(), 3u);
  EXPECT_EQ(folded[0].bm25_rank, 0);
  EXPECT_EQ(folded[0].cosine_rank, 1);
}

TEST(HybridSimilar, KeepFiltersTheEmbeddingSide) {
  const absl::StatusOr<Model> model = SyntheticModel();
  ASSERT_TRUE(model.ok());
  const std::vector<HybridItem> calls =
      HybridSimilar(*model, "m-rail-1", {}, "fr", {}, 5,
                    [](const ModelItem& item) { return item.kind == ingest::Kind::kCall; });
  ASSERT_FALSE(calls.empty());
  for (const HybridItem& f : calls) {
    EXPECT_EQ(model->items()[static_cast<size_t>(model->FindItem(f.id))].kind, ingest::Kind::kCall)
        << f.id;
  }
}

}  // namespace
}  // namespace meute::recommend
