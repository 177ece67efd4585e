#include "recommend/model_io.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

// A small hand-made model: its bytes are pinned by the golden file.
ModelData TinyModel() {
  ModelData d;
  d.options.analyzer_version = 1;
  d.options.svd.rank = 2;
  d.options.svd.seed = 7;
  d.num_documents = 3;
  d.vocabulary = Vocabulary({"eau", "hydrogen", "vign"}, {2, 1, 1}, 3);
  d.typical_weight = {0.5f, 0.75f, 0.25f};
  d.singular_values.resize(2);
  d.singular_values << 1.5f, 0.5f;
  d.projection.resize(3, 2);
  d.projection << 0.6f, 0.0f, 0.0f, 1.0f, 0.8f, 0.0f;
  d.items = {{"cluster-a", ingest::Kind::kCluster},
             {"member-1", ingest::Kind::kMember},
             {"call-é", ingest::Kind::kCall}};
  d.item_norms = {1.0f, 0.5f, 0.25f};
  d.item_vectors.resize(3, 2);
  d.item_vectors << 1.0f, 0.0f, 0.0f, 1.0f, -0.6f, 0.8f;
  d.profile_ids = {"cluster-a"};
  d.profile_vectors.resize(1, 2);
  d.profile_vectors << 0.8f, 0.6f;
  d.glossary = Glossary({{"en", {{"water"}, {"reus", "reuse"}}, {"reutilis", "eau"}}});
  d.state.has_surface_forms = true;
  d.state.records_fingerprint = 0x0123456789ABCDEFull;
  d.state.surface_words = {{"eau", "eau"}, {"hydrogen", "hydrogène"}};
  return d;
}

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

TEST(ModelFile, TinyModelMatchesGoldenBytes) {
  const std::string bytes = SerializeModel(TinyModel());
  const std::string path = SourceDir() + "/recommend/testdata/model_v2.golden";
  if (std::getenv("MEUTE_UPDATE_GOLDEN") != nullptr) {
    ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  }
  const absl::StatusOr<std::string> golden = ReadFileToString(path);
  ASSERT_TRUE(golden.ok()) << golden.status();
  EXPECT_EQ(bytes.size(), golden->size());
  EXPECT_TRUE(bytes == *golden) << "model file bytes changed: bump kModelFormatVersion or, if "
                                   "intended, regenerate with MEUTE_UPDATE_GOLDEN=1";
  // The golden file of format 2 loads, with its content.
  const absl::StatusOr<ModelData> d = ParseModel(*golden);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->vocabulary.term(1), "hydrogen");
  EXPECT_EQ(d->items[2].id, "call-é");
  EXPECT_EQ(d->items[2].kind, ingest::Kind::kCall);
  EXPECT_FLOAT_EQ(d->item_vectors(2, 1), 0.8f);
  EXPECT_EQ(d->glossary.entries()[0].source[1][1], "reuse");
  EXPECT_EQ(d->options.svd.seed, 7u);
  EXPECT_TRUE(d->state.has_surface_forms);
  EXPECT_EQ(d->state.records_fingerprint, 0x0123456789ABCDEFull);
  ASSERT_EQ(d->state.surface_words.size(), 2u);
  EXPECT_EQ(d->state.surface_words[1].second, "hydrogène");
}

TEST(ModelFile, FormatOneIsRefusedWithTheCommandThatRebuildsIt) {
  // A model file of format 1 (before the recommender state was stored): a
  // valid file of its time, refused now.
  const absl::StatusOr<std::string> v1 =
      ReadFileToString(SourceDir() + "/recommend/testdata/model_v1.golden");
  ASSERT_TRUE(v1.ok()) << v1.status();
  ASSERT_GE(v1->size(), kModelHeaderSize);
  EXPECT_EQ((*v1)[8], 1);  // Its version field.
  const absl::StatusOr<ModelData> d = ParseModel(*v1);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(d.status().message()), ::testing::HasSubstr("format version 1"));
  EXPECT_THAT(std::string(d.status().message()), ::testing::HasSubstr("meute model build"));
}

TEST(ModelFile, RoundTripsABuiltModel) {
  ModelOptions options;
  options.svd.rank = 6;
  const absl::StatusOr<Model> model = Model::Build(testing::SyntheticCorpus(), options);
  ASSERT_TRUE(model.ok());
  const std::string dir = ::testing::TempDir();
  const std::string path = ModelPath(dir);
  ASSERT_TRUE(SaveModel(*model, path).ok());
  const absl::StatusOr<Model> loaded = LoadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->item_vectors(), model->item_vectors());
  EXPECT_EQ(loaded->projection(), model->projection());
  EXPECT_EQ(loaded->vocabulary().terms(), model->vocabulary().terms());
  EXPECT_EQ(loaded->vocabulary().idfs(), model->vocabulary().idfs());
  EXPECT_EQ(loaded->data().profile_ids, model->data().profile_ids);
  EXPECT_EQ(loaded->FindItem("call-energie"), model->FindItem("call-energie"));
  EXPECT_FALSE(loaded->data().state.has_surface_forms);
  EXPECT_TRUE(loaded->data().state.surface_words.empty());
}

TEST(ModelFile, EveryTruncationIsDataLoss) {
  const std::string bytes = SerializeModel(TinyModel());
  for (size_t n = 0; n < bytes.size(); ++n) {
    const absl::StatusOr<ModelData> d = ParseModel(absl::string_view(bytes).substr(0, n));
    ASSERT_EQ(d.status().code(), absl::StatusCode::kDataLoss) << "length " << n;
  }
}

TEST(ModelFile, CorruptionIsDataLoss) {
  const std::string bytes = SerializeModel(TinyModel());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i >= 8 && i < 12) continue;   // The version field: tested below.
    if (i >= 12 && i < 16) continue;  // Reserved.
    if (i >= 28 && i < 32) continue;  // Reserved.
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x40);
    ASSERT_EQ(ParseModel(bad).status().code(), absl::StatusCode::kDataLoss) << "byte " << i;
  }
  EXPECT_EQ(ParseModel(bytes + "x").status().code(), absl::StatusCode::kDataLoss);
}

TEST(ModelFile, OtherVersionIsFailedPrecondition) {
  std::string bytes = SerializeModel(TinyModel());
  bytes[8] = 3;
  const absl::StatusOr<ModelData> d = ParseModel(bytes);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(d.status().message()), ::testing::HasSubstr("meute model build"));
}

TEST(ModelFile, MissingFileIsNotFound) {
  EXPECT_EQ(LoadModel(::testing::TempDir() + "/no/such/meute.model").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace meute::recommend
