#include "recommend/buyers.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ingest/analyzer.h"
#include "recommend/text_analysis.h"

namespace meute::recommend {
namespace {

TEST(NeedClause, WhatFollowsTheVerb) {
  EXPECT_EQ(NeedClause("La Régie Ferroviaire cherche des fournisseurs pour compter ses voyageurs."),
            "des fournisseurs pour compter ses voyageurs");
  EXPECT_EQ(NeedClause("Le SEGO lance un appel d'offres pour la télégestion de ses réservoirs"),
            "pour la télégestion de ses réservoirs");
  EXPECT_EQ(NeedClause("Le cluster a tenu son assemblée générale."), "");
}

TEST(NeedPhrase, TextSentenceFirstQuotationsSkippedTitleLast) {
  EXPECT_EQ(NeedPhrase("Le GHT cherche une IA",
                       "« Nous cherchons des idées », dit-il. Il recherche un logiciel d’aide à "
                       "la lecture des mammographies. Le marché est estimé à 290 000 €."),
            "un logiciel d’aide à la lecture des mammographies");
  EXPECT_EQ(NeedPhrase("Le GHT cherche une IA pour ses mammographies", "Rien à signaler."),
            "une IA pour ses mammographies");
  EXPECT_EQ(NeedPhrase("Un salon très fréquenté", "Rien à signaler."), "");
}

class BuyerMatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ingest::Analyzer>> a = ingest::Analyzer::Create();
    ASSERT_TRUE(a.ok());
    analyzer_ = *std::move(a);
    Member("m-hydrure", "Hydrure Sud",
           "Hydrure Sud produit de l'hydrogène vert par électrolyse à Lacq.", "derbi");
    Member("m-rail", "Railtech",
           "Railtech assure la maintenance prédictive des trains régionaux et de leurs portes.",
           "mipyrail");
    Member("m-vague", "Conseil Partenaires",
           "Conseil Partenaires accompagne les entreprises et leurs fournisseurs.", "digital-113");
    news_.id = "news-1";
    news_.kind = ingest::Kind::kNews;
    news_.lang = "fr";
    news_.title = "Ferrovia Sud cherche des partenaires pour la maintenance de ses trains";
    news_.text =
        "L'opérateur Ferrovia Sud recherche des partenaires pour la maintenance prédictive des "
        "portes de ses trains à hydrogène.";
  }
  void Member(const std::string& id, const std::string& org, const std::string& text,
              const std::string& cluster) {
    ingest::Document d;
    d.id = id;
    d.kind = ingest::Kind::kMember;
    d.lang = "fr";
    d.title = org;
    d.organisation = org;
    d.text = text;
    d.clusters = {cluster};
    docs_.push_back(AnalyzeRecord(*analyzer_, d));
  }
  std::unique_ptr<ingest::Analyzer> analyzer_;
  std::vector<ingest::TermVector> docs_;
  ingest::Document news_;
};

TEST_F(BuyerMatcherTest, NamesAndRequestWordsNeverAnswer) {
  const BuyerMatcher matcher(*analyzer_, docs_);
  const BuyerAnswer a = matcher.Match(news_);
  EXPECT_EQ(a.need,
            "des partenaires pour la maintenance prédictive des portes de ses trains à "
            "hydrogène");
  ASSERT_FALSE(a.members.empty());
  EXPECT_EQ(a.members[0].id, "m-rail");
  EXPECT_EQ(a.members[0].clusters, std::vector<std::string>{"mipyrail"});
  for (const BuyerMember& m : a.members) {
    for (const std::string& w : m.words) {
      EXPECT_NE(w, "Sud") << m.id;
      EXPECT_NE(w, "sud") << m.id;
      EXPECT_NE(w, "partenaires") << m.id;
      EXPECT_NE(w, "des") << m.id;
    }
    // "Conseil Partenaires" shares only request words and names.
    EXPECT_NE(m.id, "m-vague");
  }
  const auto& words = a.members[0].words;
  EXPECT_NE(std::find(words.begin(), words.end(), "maintenance"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "trains"), words.end());
  ASSERT_FALSE(a.clusters.empty());
  EXPECT_EQ(a.clusters[0].first, "mipyrail");
}

TEST_F(BuyerMatcherTest, HydrogenAnswersButNotThroughTheNameSud) {
  const BuyerMatcher matcher(*analyzer_, docs_);
  const BuyerAnswer a = matcher.Match(news_);
  auto it = std::find_if(a.members.begin(), a.members.end(),
                         [](const BuyerMember& m) { return m.id == "m-hydrure"; });
  ASSERT_NE(it, a.members.end());
  EXPECT_EQ(it->words, std::vector<std::string>{"hydrogène"});
}

TEST_F(BuyerMatcherTest, TfidfBaselineCountsNames) {
  BuyerOptions o;
  o.method = BuyerMethod::kTfidf;
  const BuyerMatcher matcher(*analyzer_, docs_, o);
  const BuyerAnswer a = matcher.Match(news_);
  auto it = std::find_if(a.members.begin(), a.members.end(),
                         [](const BuyerMember& m) { return m.id == "m-hydrure"; });
  ASSERT_NE(it, a.members.end());
  EXPECT_NE(std::find(it->words.begin(), it->words.end(), "Sud"), it->words.end());
}

TEST_F(BuyerMatcherTest, NoNeedVerbNoAnswer) {
  const BuyerMatcher matcher(*analyzer_, docs_);
  ingest::Document plain = news_;
  plain.title = "Ferrovia Sud inaugure un atelier";
  plain.text = "Le nouvel atelier de maintenance ouvre à Tarbes.";
  EXPECT_TRUE(matcher.Match(plain).members.empty());
}

}  // namespace
}  // namespace meute::recommend
