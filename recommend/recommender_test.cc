#include "recommend/recommender.h"

#include <algorithm>
#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

class RecommenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    docs_ = testing::SyntheticCorpus();
    absl::StatusOr<Model> model = testing::BuildModel(docs_, 8);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = std::make_unique<Model>(*std::move(model));
    rec_ = std::make_unique<Recommender>(*model_, docs_, nullptr);
  }
  std::vector<ingest::TermVector> docs_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Recommender> rec_;
};

TEST_F(RecommenderTest, TransverseCallRanksItsTwoClustersFirst) {
  absl::StatusOr<std::vector<ClusterMatch>> ranked = rec_->RankClustersForCall("call-eau-rail");
  ASSERT_TRUE(ranked.ok()) << ranked.status();
  ASSERT_EQ(ranked->size(), 4u);
  std::vector<std::string> top2 = {(*ranked)[0].cluster_id, (*ranked)[1].cluster_id};
  EXPECT_THAT(top2, ::testing::UnorderedElementsAre("eau", "rail"));
  // Reasons: contributing terms and named members of the cluster.
  EXPECT_FALSE((*ranked)[0].terms.empty());
  ASSERT_FALSE((*ranked)[0].members.empty());
  EXPECT_THAT((*ranked)[0].members[0].id,
              ::testing::StartsWith("m-" + (*ranked)[0].cluster_id + "-"));
}

TEST_F(RecommenderTest, ConsortiumCoversBothNeedsOfATransverseCall) {
  absl::StatusOr<Consortium> c = rec_->ConsortiumForCall("call-robot-eau", "2026-06-01");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->open);
  ASSERT_GE(c->clusters.size(), 2u);
  ASSERT_LE(c->clusters.size(), 4u);
  std::vector<std::string> first2 = {c->clusters[0].cluster_id, c->clusters[1].cluster_id};
  EXPECT_THAT(first2, ::testing::UnorderedElementsAre("robot", "eau"));
  EXPECT_GT(c->coverage, 0.8f);
  for (const ConsortiumCluster& cc : c->clusters) {
    if (cc.cluster_id == "robot" || cc.cluster_id == "eau") {
      EXPECT_FALSE(cc.brings.empty()) << cc.cluster_id;
      EXPECT_FALSE(cc.members.empty()) << cc.cluster_id;
    }
  }
  for (const Need& n : c->needs) {
    if (n.coverage >= 0.5f) {
      EXPECT_FALSE(n.cluster_id.empty());
    }
  }
}

// Every call of the corpus also says "2026", "quand" and "financement", and so
// does one member per cluster, so that the three are known outside calls;
// "levent" is said by calls and news only.
TEST(RecommenderNeeds, AreContentWordsOfProfilesThatSetTheCallApart) {
  std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  std::set<std::string> member_done;
  for (ingest::TermVector& d : docs) {
    if (d.record.kind == ingest::Kind::kNews || d.record.kind == ingest::Kind::kCall) {
      d.terms.emplace_back("levent", 4);
    }
    const bool call = d.record.kind == ingest::Kind::kCall;
    const bool first_member = d.record.kind == ingest::Kind::kMember &&
                              member_done.insert(d.record.clusters.at(0)).second;
    if (!call && !first_member) continue;
    for (const char* generic : {"2026", "quand", "financement"}) d.terms.emplace_back(generic, 4);
  }
  absl::StatusOr<Model> model = testing::BuildModel(docs, 8);
  ASSERT_TRUE(model.ok()) << model.status();
  const Recommender rec(*model, docs, nullptr);
  EXPECT_FALSE(rec.Showable("2026"));
  EXPECT_FALSE(rec.Showable("quand"));
  EXPECT_TRUE(rec.Showable("financement"));
  absl::StatusOr<Consortium> c = rec.ConsortiumForCall("call-robot-eau", "2026-06-01");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_GE(c->needs.size(), 3u);
  std::vector<std::string> stems;
  for (const Need& n : c->needs) stems.push_back(n.term.stem);
  EXPECT_THAT(stems, ::testing::Not(::testing::Contains("2026")));
  EXPECT_THAT(stems, ::testing::Not(::testing::Contains("quand")));
  // No member or cluster record says it: nobody could bring it.
  EXPECT_THAT(stems, ::testing::Not(::testing::Contains("levent")));
  // "financement" is said four times, more than any topic word, but by every
  // call: it may be a need, never the first.
  EXPECT_NE(stems[0], "financement");
  for (const ConsortiumCluster& cc : c->clusters) {
    for (const Term& t : cc.brings) EXPECT_NE(t.stem, "2026") << cc.cluster_id;
  }
}

// Boilerplate (a list derived from many calls) and verbs the thesaurus knows
// are no needs, whatever their weight; without the options they may be.
TEST(RecommenderNeeds, LeaveOutBoilerplateAndVerbs) {
  std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
  std::set<std::string> member_done;
  for (ingest::TermVector& d : docs) {
    const bool call = d.record.id == "call-robot-eau";
    const bool first_member = d.record.kind == ingest::Kind::kMember &&
                              member_done.insert(d.record.clusters.at(0)).second;
    if (!call && !first_member) continue;
    for (const char* w : {"accompagnement", "accéder"}) d.terms.emplace_back(w, 6);
  }
  absl::StatusOr<Model> model = testing::BuildModel(docs, 8);
  ASSERT_TRUE(model.ok()) << model.status();
  const auto needs_of = [&](const RecommenderOptions& options) {
    const Recommender rec(*model, docs, nullptr, options);
    absl::StatusOr<Consortium> c = rec.ConsortiumForCall("call-robot-eau", "2026-06-01");
    EXPECT_TRUE(c.ok()) << c.status();
    std::vector<std::string> stems;
    if (c.ok()) {
      for (const Need& n : c->needs) stems.push_back(n.term.stem);
    }
    return stems;
  };
  EXPECT_THAT(needs_of({}), ::testing::IsSupersetOf({"accompagnement", "accéder"}));
  PartsOfSpeech verbs;
  verbs.Add("accéder", "(Verbe)");
  RecommenderOptions options;
  options.boilerplate = {"accompagnement"};
  options.parts_of_speech = &verbs;
  const std::vector<std::string> needs = needs_of(options);
  EXPECT_THAT(needs, ::testing::Not(::testing::Contains("accompagnement")));
  EXPECT_THAT(needs, ::testing::Not(::testing::Contains("accéder")));
  EXPECT_FALSE(needs.empty());
}

// A call that names a cluster has it in its team, whatever its relevance or
// what it adds; the name counts as whole words, case and accents aside.
TEST(RecommenderConsortium, HoldsTheClustersTheCallNames) {
  const auto team_of = [](const std::string& text) {
    std::vector<ingest::TermVector> docs = testing::SyntheticCorpus();
    for (ingest::TermVector& d : docs) {
      if (d.record.id == "call-energie") d.record.text = text;
    }
    absl::StatusOr<Model> model = testing::BuildModel(docs, 8);
    EXPECT_TRUE(model.ok()) << model.status();
    std::map<std::string, bool> team;
    if (!model.ok()) return team;
    const Recommender rec(*model, docs, nullptr);
    absl::StatusOr<Consortium> c = rec.ConsortiumForCall("call-energie", "2026-06-01");
    EXPECT_TRUE(c.ok()) << c.status();
    if (c.ok()) {
      for (const ConsortiumCluster& cc : c->clusters) team[cc.cluster_id] = cc.named;
    }
    return team;
  };
  const std::map<std::string, bool> plain = team_of("Stockage d'hydrogène.");
  ASSERT_EQ(plain.count("energie"), 1u);
  EXPECT_FALSE(plain.at("energie"));
  ASSERT_EQ(plain.count("rail"), 0u) << "the energy call alone does not need rail";
  const std::map<std::string, bool> named =
      team_of("Stockage d'hydrogène, avec les membres du POLE RAIL.");
  ASSERT_EQ(named.count("rail"), 1u);
  EXPECT_TRUE(named.at("rail"));
  EXPECT_FALSE(named.at("energie"));
  // Part of a longer word, or only the common word: not a name.
  EXPECT_EQ(team_of("Le pôle raillé par tous.").count("rail"), 0u);
  EXPECT_EQ(team_of("Un pôle, un rail.").count("rail"), 0u);
}

TEST_F(RecommenderTest, ConsortiumReportsClosedCallsAndErrors) {
  absl::StatusOr<Consortium> c = rec_->ConsortiumForCall("call-closed", "2026-06-01");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->open);
  EXPECT_EQ(rec_->ConsortiumForCall("nope", "2026-06-01").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(rec_->ConsortiumForCall("eau", "2026-06-01").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RecommenderConsortium, WithoutAnyClusterIsAFailedPreconditionNamingTheFix) {
  std::vector<ingest::TermVector> docs;
  for (ingest::TermVector& d : testing::SyntheticCorpus()) {
    if (d.record.kind == ingest::Kind::kCall || d.record.kind == ingest::Kind::kNews) {
      docs.push_back(std::move(d));
    }
  }
  absl::StatusOr<Model> model = testing::BuildModel(docs, 4);
  ASSERT_TRUE(model.ok()) << model.status();
  const Recommender rec(*model, docs, nullptr);
  const absl::Status s = rec.ConsortiumForCall("call-robot-eau", "2026-06-01").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("cluster records"));
}

TEST_F(RecommenderTest, CallsForClusterAreOpenAndRanked) {
  absl::StatusOr<std::vector<CallMatch>> calls =
      rec_->CallsForCluster("energie", "2026-06-01", false);
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 3u);  // call-closed is left out
  EXPECT_EQ((*calls)[0].call_id, "call-energie");
  EXPECT_EQ((*calls)[0].deadline, "2027-03-31");
  absl::StatusOr<std::vector<CallMatch>> all = rec_->CallsForCluster("rail", "2026-06-01", true);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);
  EXPECT_EQ(rec_->CallsForCluster("nope", "2026-06-01", false).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecommenderTest, PartnersAreTheComplementaryClustersOfSharedCalls) {
  absl::StatusOr<std::vector<Partner>> partners = rec_->PartnersForCluster("eau", "2026-06-01", {});
  ASSERT_TRUE(partners.ok());
  ASSERT_EQ(partners->size(), 3u);
  // eau shares call-eau-rail with rail and call-robot-eau with robot.
  std::vector<std::string> top2 = {(*partners)[0].cluster_id, (*partners)[1].cluster_id};
  EXPECT_THAT(top2, ::testing::UnorderedElementsAre("rail", "robot"));
  EXPECT_FALSE((*partners)[0].calls.empty());
  EXPECT_FALSE((*partners)[0].members.empty());
  EXPECT_FALSE((*partners)[0].terms.empty());
  // A rising theme close to energie lifts it.
  ThemeSignal theme;
  theme.id = "T1";
  theme.label = "hydrogène";
  theme.centroid = rec_->ClusterVector("energie");
  theme.z = 4.0;
  absl::StatusOr<std::vector<Partner>> with_theme =
      rec_->PartnersForCluster("rail", "2026-06-01", {theme});
  ASSERT_TRUE(with_theme.ok());
  auto energie = std::find_if(with_theme->begin(), with_theme->end(),
                              [](const Partner& p) { return p.cluster_id == "energie"; });
  ASSERT_NE(energie, with_theme->end());
  ASSERT_FALSE(energie->themes.empty());
  EXPECT_EQ(energie->themes[0].theme_id, "T1");
}

TEST_F(RecommenderTest, PartnerReasonCallsHoldBothClustersInTheirConsortiumAndTop3) {
  for (const std::string& cluster : rec_->cluster_ids()) {
    absl::StatusOr<std::vector<Partner>> partners =
        rec_->PartnersForCluster(cluster, "2026-06-01", {});
    ASSERT_TRUE(partners.ok()) << partners.status();
    for (const Partner& p : *partners) {
      for (const PartnerCall& call : p.calls) {
        absl::StatusOr<Consortium> c = rec_->ConsortiumForCall(call.call_id, "2026-06-01");
        ASSERT_TRUE(c.ok()) << c.status();
        std::vector<std::string> team;
        for (const ConsortiumCluster& cc : c->clusters) team.push_back(cc.cluster_id);
        EXPECT_THAT(team, ::testing::IsSupersetOf({cluster, p.cluster_id})) << call.call_id;
        ASSERT_GE(c->ranking.size(), 3u);
        const std::vector<std::string> top3(c->ranking.begin(), c->ranking.begin() + 3);
        EXPECT_THAT(top3, ::testing::Contains(cluster)) << call.call_id;
        // What the partner brings, it writes itself.
        for (const Term& t : call.brings) {
          bool written = false;
          std::vector<int32_t> units = rec_->Members(p.cluster_id);
          if (rec_->Find(p.cluster_id) >= 0) units.push_back(rec_->Find(p.cluster_id));
          for (int32_t u : units) {
            for (const auto& [term, count] : rec_->docs()[static_cast<size_t>(u)].terms) {
              written = written || term == t.stem;
            }
          }
          EXPECT_TRUE(written) << p.cluster_id << " brings " << t.stem;
        }
      }
    }
  }
}

TEST_F(RecommenderTest, RecordsMissingFromTheModelAreFoldedIn) {
  std::vector<ingest::TermVector> docs = docs_;
  ingest::TermVector late;
  late.record.id = "call-late";
  late.record.kind = ingest::Kind::kCall;
  late.record.title = "late";
  late.terms = {{"ferroviair", 3}, {"train", 2}, {"signal", 2}};
  docs.push_back(late);
  const Recommender rec(*model_, docs, nullptr);
  absl::StatusOr<std::vector<ClusterMatch>> ranked = rec.RankClustersForCall("call-late");
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ((*ranked)[0].cluster_id, "rail");
}

}  // namespace
}  // namespace meute::recommend
