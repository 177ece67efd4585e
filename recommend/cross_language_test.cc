#include "recommend/cross_language.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

TEST(AveragePrecision, MeanOfPrecisionAtEachJudgedItem) {
  EXPECT_DOUBLE_EQ(AveragePrecision({"a", "b", "c"}, {"a", "b"}), 1.0);
  EXPECT_DOUBLE_EQ(AveragePrecision({"x", "a", "y", "b"}, {"a", "b"}), (1.0 / 2 + 2.0 / 4) / 2);
  EXPECT_DOUBLE_EQ(AveragePrecision({"a"}, {"a", "missing"}), 0.5);
  EXPECT_DOUBLE_EQ(AveragePrecision({"a"}, {}), 0.0);
}

// Two subjects written in French by eight documents each; four English
// documents per subject that either share no word with the French ones
// (split by language) or share their subject words (joined).
std::vector<ingest::TermVector> TwoLanguageCorpus(bool joined) {
  const std::vector<std::vector<std::string>> french = {{"eau", "irrigation", "vigne"},
                                                        {"rail", "train", "voie"}};
  const std::vector<std::vector<std::string>> english = {{"water", "irrigation_en", "vine"},
                                                         {"railway", "train_en", "track"}};
  std::vector<ingest::TermVector> docs;
  for (size_t s = 0; s < 2; ++s) {
    for (int i = 0; i < 8; ++i) {
      ingest::TermVector tv;
      tv.record.id = absl::StrCat("fr-", s, "-", i);
      tv.record.lang = "fr";
      std::map<std::string, uint32_t> t = {
          {french[s][0], 2}, {french[s][1 + i % 2], 1}, {absl::StrCat("mot", i), 1}};
      tv.terms.assign(t.begin(), t.end());
      docs.push_back(tv);
    }
    for (int i = 0; i < 4; ++i) {
      ingest::TermVector tv;
      tv.record.id = absl::StrCat("en-", s, "-", i);
      tv.record.lang = "en";
      std::map<std::string, uint32_t> t = {
          {english[s][0], 2}, {english[s][1 + i % 2], 1}, {"proposal", 1}, {"scope", 1}};
      if (joined) t[french[s][0]] = 2;  // As a translation would add.
      tv.terms.assign(t.begin(), t.end());
      docs.push_back(tv);
    }
  }
  return docs;
}

absl::flat_hash_map<std::string, std::string> Languages(const std::vector<ingest::TermVector>& d) {
  absl::flat_hash_map<std::string, std::string> out;
  for (const ingest::TermVector& tv : d) out[tv.record.id] = tv.record.lang;
  return out;
}

TEST(MeasureNeighbourLanguages, SeesASpaceSplitByLanguage) {
  const std::vector<ingest::TermVector> docs = TwoLanguageCorpus(/*joined=*/false);
  absl::StatusOr<Model> m = testing::BuildModel(docs, 6);
  ASSERT_TRUE(m.ok()) << m.status();
  const NeighbourLanguages n = MeasureNeighbourLanguages(*m, Languages(docs), "en", 3);
  EXPECT_EQ(n.queries, 8);
  EXPECT_DOUBLE_EQ(n.other_language_share, 0.0);
  EXPECT_DOUBLE_EQ(n.other_language_base, 16.0 / 24.0);
}

TEST(MeasureNeighbourLanguages, SharedWordsBringTheOtherLanguageNear) {
  const std::vector<ingest::TermVector> docs = TwoLanguageCorpus(/*joined=*/true);
  absl::StatusOr<Model> m = testing::BuildModel(docs, 6);
  ASSERT_TRUE(m.ok()) << m.status();
  const NeighbourLanguages n = MeasureNeighbourLanguages(*m, Languages(docs), "en", 8);
  EXPECT_EQ(n.queries, 8);
  // Three English neighbours of the same subject at most: the rest is French.
  EXPECT_GE(n.other_language_share, 5.0 / 8.0);
}

}  // namespace
}  // namespace meute::recommend
