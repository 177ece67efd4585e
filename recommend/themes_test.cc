#include "recommend/themes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

class ThemesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Model> model = testing::BuildModel(testing::SyntheticCorpus(), 8);
    ASSERT_TRUE(model.ok());
    model_ = std::make_unique<Model>(*std::move(model));
    rec_ = std::make_unique<Recommender>(*model_, testing::SyntheticCorpus(), nullptr);
  }
  std::unique_ptr<Model> model_;
  std::unique_ptr<Recommender> rec_;
};

TEST_F(ThemesTest, FindsTheTopicsAndTheRisingHydrogenTheme) {
  ThemeOptions options;
  options.as_of = "2026-11-25";
  absl::StatusOr<ThemeRun> run = DiscoverThemes(*rec_, options, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_GE(run->k, 3);
  EXPECT_GT(run->silhouette, 0.2);
  const auto hydrogen = std::find_if(run->themes.begin(), run->themes.end(), [](const Theme& t) {
    return std::any_of(t.label.begin(), t.label.end(),
                       [](const Term& w) { return w.stem == "hydrogen"; });
  });
  ASSERT_NE(hydrogen, run->themes.end());
  EXPECT_TRUE(hydrogen->trend.rising);
  EXPECT_GT(hydrogen->trend.z, 2.0);
  EXPECT_LT(hydrogen->trend.p_value, 0.05);
  // Steady themes are not rising.
  for (const Theme& t : run->themes) {
    if (&t == &*hydrogen) continue;
    EXPECT_FALSE(t.trend.rising && t.trend.z > hydrogen->trend.z) << t.id;
  }
  // Every theme has a label, documents and a spread over clusters.
  for (const Theme& t : run->themes) {
    EXPECT_FALSE(t.label.empty());
    EXPECT_FALSE(t.documents.empty());
    EXPECT_GE(t.transversality, 0.0);
    EXPECT_LE(t.transversality, 1.0 + 1e-9);
  }
}

// Above 2,000 documents k is chosen on a 2,000-document sample, and every
// document is then grouped with it.
TEST(ThemesLarge, ChooseKOnASampleAndGroupEveryDocument) {
  std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  const size_t original = docs.size();
  for (int copy = 1; copy <= 14; ++copy) {
    for (size_t i = 0; i < original; ++i) {
      if (docs[i].record.kind != ingest::Kind::kNews) continue;
      ingest::TermVector tv = docs[i];
      tv.record.id = absl::StrCat(tv.record.id, "-copy", copy);
      docs.push_back(std::move(tv));
    }
  }
  absl::StatusOr<Model> model = testing::BuildModel(docs, 8);
  ASSERT_TRUE(model.ok()) << model.status();
  const Recommender rec(*model, docs, nullptr);
  ThemeOptions options;
  options.as_of = "2026-11-25";
  absl::StatusOr<ThemeRun> run = DiscoverThemes(rec, options, {});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_GT(run->documents, 2000);
  EXPECT_GE(run->k, 3);
  EXPECT_LE(run->k, 31);  // floor(sqrt(2000 / 2)).
  int grouped = 0;
  for (const Theme& t : run->themes) grouped += t.size;
  EXPECT_EQ(grouped, run->documents);
  EXPECT_TRUE(std::any_of(run->themes.begin(), run->themes.end(), [](const Theme& t) {
    return t.trend.rising && std::any_of(t.label.begin(), t.label.end(),
                                         [](const Term& w) { return w.stem == "hydrogen"; });
  }));
}

TEST_F(ThemesTest, IdsAreStableAcrossRuns) {
  ThemeOptions options;
  options.as_of = "2026-11-25";
  absl::StatusOr<ThemeRun> first = DiscoverThemes(*rec_, options, {});
  ASSERT_TRUE(first.ok());
  // Serialise the state, reload, run again with another seed.
  absl::StatusOr<ThemeState> state = ParseThemeState(SerializeThemeState(first->state));
  ASSERT_TRUE(state.ok()) << state.status();
  options.seed = 7;
  absl::StatusOr<ThemeRun> second = DiscoverThemes(*rec_, options, *state);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(first->themes.size(), second->themes.size());
  for (const Theme& a : first->themes) {
    const auto b = std::find_if(second->themes.begin(), second->themes.end(),
                                [&](const Theme& t) { return t.id == a.id; });
    ASSERT_NE(b, second->themes.end()) << a.id;
    EXPECT_EQ(a.label.front().stem, b->label.front().stem);
  }
  EXPECT_EQ(second->state.next_id, first->state.next_id);
}

TEST(ThemeState, RejectsGarbage) {
  EXPECT_EQ(ParseThemeState("nope").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParseThemeState("{\"format\":\"x\"}").status().code(), absl::StatusCode::kDataLoss);
}

TEST(Hungarian, FindsTheMaximumAssignment) {
  // Greedy would take (0,0)=0.9 and then (1,1)=0.1; the best is 0.8 + 0.85.
  const std::vector<int> m = HungarianMaximize({{0.9, 0.8}, {0.85, 0.1}});
  EXPECT_THAT(m, ::testing::ElementsAre(1, 0));
  // Rectangular: more rows than columns.
  const std::vector<int> r = HungarianMaximize({{0.1}, {0.7}, {0.3}});
  EXPECT_THAT(r, ::testing::ElementsAre(-1, 0, -1));
}

TEST(Binomial, UpperTailMatchesHandComputation) {
  EXPECT_DOUBLE_EQ(BinomialUpperTail(0, 5, 0.3), 1.0);
  EXPECT_NEAR(BinomialUpperTail(2, 2, 0.5), 0.25, 1e-12);
  EXPECT_NEAR(BinomialUpperTail(1, 3, 0.5), 0.875, 1e-12);
  EXPECT_DOUBLE_EQ(BinomialUpperTail(4, 3, 0.5), 0.0);
}

TEST(KMeans, SeparatesObviousGroupsAndSilhouetteIsHigh) {
  DenseMatrix x(6, 2);
  x << 1, 0, 0.99f, 0.14f, 0.98f, -0.2f, 0, 1, 0.1f, 0.995f, -0.14f, 0.99f;
  x.rowwise().normalize();
  DenseMatrix c;
  const std::vector<int> a = SphericalKMeans(x, 2, 1, 3, 50, &c);
  EXPECT_EQ(a[0], a[1]);
  EXPECT_EQ(a[1], a[2]);
  EXPECT_EQ(a[3], a[4]);
  EXPECT_NE(a[0], a[3]);
  EXPECT_GT(MeanSilhouette(x, a, 2), 0.8);
}

}  // namespace
}  // namespace meute::recommend
