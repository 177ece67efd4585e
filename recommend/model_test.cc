#include "recommend/model.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

TEST(Model, BuildsUnitItemVectorsAndClusterProfiles) {
  const std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  ModelOptions options;
  options.svd.rank = 8;
  const absl::StatusOr<Model> model = Model::Build(docs, options);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->items().size(), docs.size());
  EXPECT_LE(model->k(), 8);
  EXPECT_GT(model->k(), 2);
  for (Eigen::Index i = 0; i < model->item_vectors().rows(); ++i) {
    EXPECT_NEAR(model->item_vectors().row(i).norm(), 1.0f, 1e-4);
  }
  // Every cluster named by a record or a member has a profile.
  EXPECT_GE(model->FindProfile("eau"), 0);
  EXPECT_GE(model->FindProfile("rail"), 0);
  EXPECT_GE(model->FindProfile("energie"), 0);
  EXPECT_EQ(model->FindProfile("nowhere"), -1);
  // A training document folded in again lands on its own stored vector.
  const int32_t row = model->FindItem("m-eau-1");
  ASSERT_GE(row, 0);
  const auto& doc = docs[static_cast<size_t>(row)];
  const TermCounts terms(doc.terms.begin(), doc.terms.end());
  const Eigen::VectorXf e = model->EmbedUnit(model->Weigh(terms, doc.record.lang));
  EXPECT_NEAR(e.dot(model->item_vectors().row(row).transpose()), 1.0f, 1e-4);
}

TEST(Model, ProfilesAreCloserToTheirOwnMembers) {
  const std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  ModelOptions options;
  options.svd.rank = 6;
  const absl::StatusOr<Model> model = Model::Build(docs, options);
  ASSERT_TRUE(model.ok());
  const Eigen::VectorXf water = model->Profile(model->FindProfile("eau"));
  const Eigen::VectorXf rail = model->Profile(model->FindProfile("rail"));
  const Eigen::VectorXf member = model->item_vectors().row(model->FindItem("m-eau-2")).transpose();
  EXPECT_GT(member.dot(water), member.dot(rail));
}

TEST(Model, IsDeterministicForASeed) {
  const std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  ModelOptions options;
  options.svd.rank = 5;
  const absl::StatusOr<Model> a = Model::Build(docs, options);
  const absl::StatusOr<Model> b = Model::Build(docs, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->item_vectors(), b->item_vectors());
  EXPECT_EQ(a->projection(), b->projection());
  // The number of threads is not part of the result.
  options.svd.threads = 1;
  const absl::StatusOr<Model> serial = Model::Build(docs, options);
  options.svd.threads = 3;
  const absl::StatusOr<Model> parallel = Model::Build(docs, options);
  ASSERT_TRUE(serial.ok() && parallel.ok());
  EXPECT_EQ(serial->item_vectors(), parallel->item_vectors());
  EXPECT_EQ(serial->projection(), parallel->projection());
}

TEST(Model, RejectsEmptyInputAndDuplicateIds) {
  EXPECT_EQ(Model::Build({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  docs.push_back(docs.front());
  EXPECT_EQ(Model::Build(docs, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Model, GlossaryBridgesEnglishCallsToFrenchMembers) {
  std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  // An English call about water that shares no stem with the French corpus.
  ingest::TermVector english;
  english.record.id = "call-en";
  english.record.kind = ingest::Kind::kCall;
  english.record.title = "Water";
  english.record.lang = "en";
  english.terms = {{"drought", 2}, {"water", 3}};
  docs.push_back(english);
  std::vector<GlossaryEntry> entries = {{"en", {{"water"}}, {"eau"}},
                                        {"en", {{"drought"}}, {"secheress"}}};
  ModelOptions options;
  options.svd.rank = 6;
  const absl::StatusOr<Model> plain = Model::Build(docs, options);
  const absl::StatusOr<Model> bridged = Model::Build(docs, options, Glossary(entries));
  ASSERT_TRUE(plain.ok() && bridged.ok());
  auto score = [](const Model& m, absl::string_view cluster) {
    const Eigen::VectorXf call = m.item_vectors().row(m.FindItem("call-en")).transpose();
    return call.dot(m.Profile(m.FindProfile(cluster)));
  };
  EXPECT_GT(score(*bridged, "eau"), score(*plain, "eau") + 0.2f);
  EXPECT_GT(score(*bridged, "eau"), score(*bridged, "rail"));
}

TEST(ClusterProfile, WeighsDescriptionAndMembers) {
  auto vec = [](float x, float y) {
    Eigen::VectorXf v(2);
    v << x, y;
    return v;
  };
  const Eigen::VectorXf d = vec(1.0f, 0.0f);
  const std::vector<Eigen::VectorXf> members = {vec(0.0f, 1.0f), vec(0.0f, 1.0f)};
  const Eigen::VectorXf p = ClusterProfile(d, members, 0.5f);
  EXPECT_NEAR(p[0], std::sqrt(0.5f), 1e-6);
  EXPECT_NEAR(p[1], std::sqrt(0.5f), 1e-6);
  EXPECT_NEAR(ClusterProfile(d, {}, 0.5f)[0], 1.0f, 1e-6);
  EXPECT_NEAR(ClusterProfile(vec(0.0f, 0.0f), members, 0.5f)[1], 1.0f, 1e-6);
}

}  // namespace
}  // namespace meute::recommend
