#include "digest/digest_evidence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "digest/digest_render.h"
#include "recommend/model.h"
#include "recommend/testing.h"

namespace meute::digest {
namespace {

using recommend::Model;
using recommend::Recommender;
using recommend::ThemeRun;
using ::testing::Contains;
using ::testing::Not;

// The recommender's synthetic corpus: clusters eau, rail, energie, robot;
// hydrogen news rising in the weeks before 2026-11-25.
class DigestEvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    docs_ = recommend::testing::SyntheticCorpus();
    absl::StatusOr<Model> model = recommend::testing::BuildModel(docs_, 8);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = std::make_unique<Model>(*std::move(model));
    rec_ = std::make_unique<Recommender>(*model_, docs_, nullptr);
    absl::StatusOr<ThemeRun> themes = DigestThemes(*rec_, "/nonexistent-db-dir", "2026-11-29");
    ASSERT_TRUE(themes.ok()) << themes.status();
    evidence_ = std::make_unique<RecommenderEvidence>(*rec_, *std::move(themes));
  }
  std::vector<ingest::TermVector> docs_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Recommender> rec_;
  std::unique_ptr<RecommenderEvidence> evidence_;
};

TEST_F(DigestEvidenceTest, CallsForAClusterAreOpenWithItsRank) {
  absl::StatusOr<std::vector<RankedCall>> calls = evidence_->CallsFor("rail", "2026-11-23");
  ASSERT_TRUE(calls.ok()) << calls.status();
  std::vector<std::string> ids;
  for (const RankedCall& c : *calls) {
    ids.push_back(c.call_id);
    if (c.call_id == "call-eau-rail") {
      EXPECT_LE(c.cluster_rank, 2);
      EXPECT_FALSE(c.reasons.empty());
    }
  }
  EXPECT_THAT(ids, Contains("call-eau-rail"));
  EXPECT_THAT(ids, Not(Contains("call-closed")));
  EXPECT_EQ(evidence_->CallsFor("nope", "2026-11-23").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(DigestEvidenceTest, MatchGivesRankScoreAndMembersOfTheCluster) {
  const RecordMatch m = evidence_->Match("call-robot-eau", "robot");
  EXPECT_LE(m.cluster_rank, 2);
  EXPECT_GT(m.score, 0.0);
  ASSERT_FALSE(m.members.empty());
  for (const DigestMember& member : m.members) EXPECT_EQ(member.cluster_id, "robot");
  EXPECT_EQ(evidence_->Match("no-such-record", "robot").cluster_rank, 0);
}

TEST_F(DigestEvidenceTest, ConsortiumAndPartners) {
  absl::StatusOr<DigestConsortium> c = evidence_->ConsortiumFor("call-robot-eau", "2026-11-23");
  ASSERT_TRUE(c.ok()) << c.status();
  std::vector<std::string> parts;
  for (const DigestConsortiumPart& p : c->parts) parts.push_back(p.cluster.id);
  EXPECT_THAT(parts, Contains("robot"));
  EXPECT_THAT(parts, Contains("eau"));
  absl::StatusOr<std::vector<DigestPartner>> partners = evidence_->PartnersFor("eau", "2026-11-23");
  ASSERT_TRUE(partners.ok()) << partners.status();
  ASSERT_FALSE(partners->empty());
  EXPECT_DOUBLE_EQ((*partners)[0].score, 1.0);  // Relative to the best partner.
  for (const DigestPartner& p : *partners) EXPECT_NE(p.cluster.id, "eau");
}

TEST_F(DigestEvidenceTest, ThemesCarryEveryClusterShareAndTheRisingOne) {
  const std::vector<ThemeEvidence> themes = evidence_->Themes("2026-11-29");
  ASSERT_FALSE(themes.empty());
  bool rising = false;
  for (const ThemeEvidence& t : themes) {
    rising = rising || t.rising;
    EXPECT_FALSE(t.label.empty());
    for (size_t i = 1; i < t.clusters.size(); ++i)
      EXPECT_GE(t.clusters[i - 1].second, t.clusters[i].second);
  }
  EXPECT_TRUE(rising);
}

TEST_F(DigestEvidenceTest, AssemblesARenderableDigest) {
  const DigestCorpus corpus(RecommenderRecords(*rec_));
  absl::StatusOr<Digest> d = AssembleDigest(corpus, *evidence_, "robot", {2026, 48});
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_FALSE(d->calls.empty());
  EXPECT_EQ(d->calls[0].id, "call-robot-eau");
  EXPECT_EQ(d->calls[0].days_left, 22);
  EXPECT_TRUE(d->calls[0].closing_soon);
  std::vector<absl::StatusOr<Digest>> all =
      AssembleDigests(corpus, *evidence_, corpus.cluster_ids(), {2026, 48}, {}, 3);
  ASSERT_EQ(all.size(), 4u);
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_TRUE(all[i].ok()) << all[i].status();
    EXPECT_EQ(all[i]->cluster.id, corpus.cluster_ids()[i]);
  }
  EXPECT_EQ(DigestToJson(*all[3]),
            DigestToJson(*d));  // eau, energie, rail, robot: threads change nothing.
}

TEST(SharedThemeLabels, ThemesBothHoldBestFirstCommonOnesLast) {
  auto theme = [](std::string id, std::string label,
                  std::vector<std::pair<std::string, double>> clusters) {
    ThemeEvidence t;
    t.id = std::move(id);
    t.label = std::move(label);
    t.clusters = std::move(clusters);
    return t;
  };
  const std::vector<ThemeEvidence> themes = {
      // Everyone holds it: a large overlap, but it says little about a pair.
      theme("t1", "salon, visite, stand", {{"a", 0.3}, {"b", 0.3}, {"c", 0.2}, {"d", 0.2}}),
      // Only a and b: a smaller overlap, but theirs.
      theme("t2", "hydrogène, pile, stations", {{"a", 0.5}, {"b", 0.2}, {"c", 0.01}}),
      // b holds too little of it.
      theme("t3", "eau, irrigation", {{"a", 0.6}, {"b", 0.04}, {"c", 0.36}}),
      theme("t4", "", {{"a", 0.5}, {"b", 0.5}}),  // No label: never shown.
  };
  EXPECT_THAT(SharedThemeLabels(themes, "a", "b"),
              ::testing::ElementsAre("hydrogène, pile, stations", "salon, visite, stand"));
  EXPECT_THAT(SharedThemeLabels(themes, "b", "a"), SharedThemeLabels(themes, "a", "b"));
  EXPECT_THAT(SharedThemeLabels(themes, "a", "c"),
              ::testing::ElementsAre("eau, irrigation", "salon, visite, stand"));
  EXPECT_TRUE(SharedThemeLabels(themes, "a", "zz").empty());
}

TEST(IsShowableWord, DropsNumbersAndShortNonAcronyms) {
  EXPECT_FALSE(IsShowableWord("2026"));
  EXPECT_FALSE(IsShowableWord("1"));
  EXPECT_FALSE(IsShowableWord("de"));
  EXPECT_FALSE(IsShowableWord(""));
  EXPECT_TRUE(IsShowableWord("IA"));
  EXPECT_TRUE(IsShowableWord("H2"));
  EXPECT_TRUE(IsShowableWord("eau"));
}

}  // namespace
}  // namespace meute::digest
