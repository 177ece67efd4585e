#include "digest/digest_assemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "digest/digest_render.h"

namespace meute::digest {
namespace {

using ingest::Document;
using ingest::Kind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Document Cluster(const std::string& id, const std::string& name) {
  Document d;
  d.id = id;
  d.kind = Kind::kCluster;
  d.title = name;
  d.name = name;
  d.city = "Toulouse";
  d.sectors = {"ferroviaire"};
  return d;
}

Document Member(const std::string& id, const std::string& org, const std::string& cluster) {
  Document d;
  d.id = id;
  d.kind = Kind::kMember;
  d.title = org;
  d.organisation = org;
  d.clusters = {cluster};
  return d;
}

Document Call(const std::string& id, const std::string& opens, const std::string& deadline) {
  Document d;
  d.id = id;
  d.kind = Kind::kCall;
  d.title = "Appel " + id;
  d.funder = "Région Occitanie";
  d.opens = opens;
  d.date = opens;
  d.deadline = deadline;
  d.url = "https://appels.example.org/" + id;
  return d;
}

Document News(const std::string& id, const std::string& date, const std::string& title,
              const std::string& text) {
  Document d;
  d.id = id;
  d.kind = Kind::kNews;
  d.title = title;
  d.text = text;
  d.date = date;
  d.source = "Rail & Territoires";
  d.url = "https://news.example.org/" + id;
  return d;
}

// Evidence given by hand. Calls are "open on as_of" as the recommender
// decides: opened on or before it and deadline on or after it.
class FakeEvidence : public DigestEvidence {
 public:
  FakeEvidence(const DigestCorpus& corpus) : corpus_(corpus) {}

  std::map<std::string, RankedCall> calls;
  std::map<std::string, RecordMatch> matches;
  std::map<std::string, DigestConsortium> consortia;
  std::vector<DigestPartner> partners;
  std::vector<ThemeEvidence> themes;
  mutable std::vector<std::string> themes_as_of;

  absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view,
                                                   absl::string_view as_of) const override {
    std::vector<RankedCall> out;
    for (const auto& [id, r] : calls) {
      const Document* d = corpus_.Find(id);
      if (d->opens <= as_of && (d->deadline.empty() || d->deadline >= as_of)) out.push_back(r);
    }
    std::sort(out.begin(), out.end(),
              [](const RankedCall& a, const RankedCall& b) { return a.score > b.score; });
    return out;
  }
  RecordMatch Match(absl::string_view record_id, absl::string_view) const override {
    const auto it = matches.find(std::string(record_id));
    return it == matches.end() ? RecordMatch{} : it->second;
  }
  absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view call_id,
                                                 absl::string_view) const override {
    const auto it = consortia.find(std::string(call_id));
    if (it == consortia.end()) return absl::NotFoundError("no consortium");
    return it->second;
  }
  absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view,
                                                         absl::string_view) const override {
    return partners;
  }
  std::vector<ThemeEvidence> Themes(absl::string_view as_of) const override {
    themes_as_of.push_back(std::string(as_of));
    return themes;
  }

 private:
  const DigestCorpus& corpus_;
};

struct Fixture {
  Fixture()
      : corpus({Cluster("mipyrail", "Mipyrail"), Cluster("robotics-place", "Robotics Place"),
                Cluster("automotech", "Automotech"),
                Member("m1", "Rail’Tech Occitanie", "mipyrail"),
                Member("m2", "Perceptio Robotique", "robotics-place"),
                Member("m3", "Voies Sud", "mipyrail"),
                // Week 2026-W48: Monday 23 November .. Sunday 29 November.
                Call("c-closing-4", "2026-06-01", "2026-11-27"),
                Call("c-closing-11", "2026-07-06", "2026-12-04"),
                Call("c-closing-0", "2026-05-01", "2026-11-23"),
                Call("c-far", "2026-09-01", "2027-03-01"),
                Call("c-new-wed", "2026-11-25", "2027-03-05"),
                Call("c-new-mon", "2026-11-23", "2027-02-01"),
                Call("c-closed", "2026-01-01", "2026-11-20"),
                Call("c-other-cluster", "2026-06-01", "2026-12-01"),
                Call("c-weak", "2026-06-01", "2026-12-02"),
                News("n-week", "2026-11-24", "Hydrogène : un club commun",
                     "Le club se réunit. Suite."),
                News("n-last-week", "2026-11-17", "Desserte fine : +20 %", "La ligne attire."),
                News("n-old", "2026-10-01", "Vieille nouvelle", "Texte."),
                News("n-future", "2026-11-30", "Semaine suivante", "Texte."),
                News("n-buyer", "2026-11-18", "L’EPGL cherche des sous-traitants pour sa base",
                     "L’établissement lance une consultation pour équiper sa base de maintenance. "
                     "Les offres sont attendues en janvier."),
                News("n-buyer-no-member", "2026-11-19", "Une mairie cherche des bancs", "Texte."),
                News("n-buyer-other-trade", "2026-11-19", "Un port cherche des grues", "Texte."),
                News("n-award", "2026-11-20", "Ferrovia retient quatre groupements", "Texte."),
                News("n-dup", "2026-11-24", "Hydrogène : un club commun (bis)", "Copie.")}),
        evidence(corpus) {
    auto ranked = [](const char* id, double score, int rank) {
      return RankedCall{id, score, rank, {"signalisation", "desserte fine"}, ""};
    };
    evidence.calls = {{"c-closing-4", ranked("c-closing-4", 0.5, 1)},
                      {"c-closing-11", ranked("c-closing-11", 0.8, 2)},
                      {"c-closing-0", ranked("c-closing-0", 0.4, 3)},
                      {"c-far", ranked("c-far", 0.7, 1)},
                      {"c-new-wed", ranked("c-new-wed", 0.6, 1)},
                      {"c-new-mon", ranked("c-new-mon", 0.35, 2)},
                      {"c-closed", ranked("c-closed", 0.9, 1)},
                      {"c-other-cluster", ranked("c-other-cluster", 0.9, 7)},
                      {"c-weak", ranked("c-weak", 0.05, 1)}};
    DigestConsortium c;
    c.parts = {
        {{"robotics-place", ""},
         {{"m2", "Perceptio Robotique", "robotics-place", {"vision"}}},
         {"vision"}},
        {{"mipyrail", "Mipyrail"}, {{"m1", "Rail’Tech Occitanie", "mipyrail", {}}}, {"voie"}}};
    c.uncovered = {"acceptabilité"};
    evidence.consortia["c-closing-11"] = c;
    evidence.consortia["c-far"] = c;
    DigestPartner p;
    p.cluster = {"robotics-place", ""};
    p.score = 0.7;
    p.shared_themes = {"navettes autonomes"};
    p.calls = {{"c-closing-11", "", "", std::nullopt},
               {"c-closed", "", "", std::nullopt},
               {"c-other-cluster", "", "", std::nullopt}};
    DigestPartner self;
    self.cluster = {"mipyrail", "Mipyrail"};
    evidence.partners = {self, p};
    evidence.themes = {
        {"T1",
         "hydrogène, électrolyse",
         30,
         0.8,
         2.5,
         3.1,
         true,
         {{"derbi", 0.4}, {"mipyrail", 0.2}, {"automotech", 0.1}}},
        {"T2",
         "bois, biosourcé",
         20,
         0.5,
         1.8,
         2.5,
         true,
         {{"fibois", 0.5}, {"derbi", 0.3}, {"trimatec", 0.2}}},
        {"T3", "spatial", 20, 0.5, 0.6, -2.0, false, {{"mipyrail", 0.9}}},
        {"T4", "navettes", 10, 0.5, 1.5, 2.0, true, {{"mipyrail", 0.6}, {"automotech", 0.4}}},
        {"T5",
         "maintenance prédictive",
         12,
         0.5,
         1.3,
         0.9,
         false,
         {{"robotics-place", 0.7}, {"mipyrail", 0.3}}},
        {"T6", "pas assez", 12, 0.5, 1.1, 0.2, false, {{"mipyrail", 0.9}}}};
    RecordMatch m;
    m.score = 0.5;
    m.reasons = {"hydrogène", "hydrogène", "club"};
    evidence.matches["n-week"] = m;
    m.score = 0.3;
    evidence.matches["n-last-week"] = m;
    evidence.matches["n-old"] = m;
    evidence.matches["n-future"] = m;
    evidence.matches["n-dup"] = m;
    evidence.matches["n-award"] = m;
    evidence.matches["n-buyer-no-member"] = m;
    m.members = {{"m3", "Voies Sud", "mipyrail", {"maintenance des voies"}}};
    m.score = 0.45;
    m.cluster_rank = 2;
    evidence.matches["n-buyer"] = m;
    m.cluster_rank = 6;  // Someone else's trade.
    evidence.matches["n-buyer-other-trade"] = m;
  }
  DigestCorpus corpus;
  FakeEvidence evidence;
};

// The options these tests were written for: room for five calls, two of
// them with a consortium.
DigestOptions FiveCalls() {
  DigestOptions o;
  o.max_calls = 5;
  o.max_consortia = 2;
  return o;
}

std::vector<std::string> CallIds(const Digest& d) {
  std::vector<std::string> ids;
  for (const DigestCall& c : d.calls) ids.push_back(c.id);
  return ids;
}

TEST(AssembleDigest, ClosingCallsSoonestFirstThenNewOnes) {
  Fixture f;
  absl::StatusOr<Digest> d =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->today, "2026-11-23");
  EXPECT_EQ(d->week_end, "2026-11-29");
  // Closed, weak and other clusters' calls are left out; "c-far" would come
  // third but max_calls (5) keeps room for the two new calls.
  EXPECT_THAT(CallIds(*d),
              ElementsAre("c-closing-0", "c-closing-4", "c-closing-11", "c-new-wed", "c-new-mon"));
  EXPECT_EQ(d->open_calls, 6);
  EXPECT_EQ(d->calls[0].days_left, 0);
  EXPECT_EQ(d->calls[1].days_left, 4);
  EXPECT_TRUE(d->calls[1].closing_soon);
  EXPECT_FALSE(d->calls[1].is_new);
  EXPECT_TRUE(d->calls[3].is_new);  // Opens on the Wednesday of the week.
  EXPECT_EQ(d->calls[3].days_left, 102);
  EXPECT_FALSE(d->calls[3].closing_soon);
}

TEST(AssembleDigest, DefaultsFitAPhoneScreen) {
  Fixture f;
  absl::StatusOr<Digest> d = AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48});
  ASSERT_TRUE(d.ok()) << d.status();
  // Four calls: the three closing ones and the best new one; one consortium.
  EXPECT_THAT(CallIds(*d), ElementsAre("c-closing-0", "c-closing-4", "c-closing-11", "c-new-wed"));
  int consortia = 0;
  for (const DigestCall& c : d->calls) consortia += c.consortium.has_value();
  EXPECT_EQ(consortia, 1);
}

TEST(AssembleDigest, ConsortiumForTheBestCallsWithOwnClusterFirst) {
  Fixture f;
  absl::StatusOr<Digest> d =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  const DigestCall& best = d->calls[2];
  ASSERT_EQ(best.id, "c-closing-11");
  ASSERT_TRUE(best.consortium.has_value());
  EXPECT_EQ(best.consortium->parts[0].cluster.id, "mipyrail");
  EXPECT_EQ(best.consortium->parts[1].cluster.name, "Robotics Place");  // Filled from the corpus.
  EXPECT_THAT(best.consortium->uncovered, ElementsAre("acceptabilité"));
  // The second best shown call (c-new-wed, 0.6) has no consortium to give.
  EXPECT_FALSE(d->calls[3].consortium.has_value());
}

TEST(AssembleDigest, PartnersSkipSelfAndShowOnlyCallsThatMatchTheCluster) {
  Fixture f;
  absl::StatusOr<Digest> d =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->partners.size(), 1u);
  EXPECT_EQ(d->partners[0].cluster.name, "Robotics Place");
  ASSERT_EQ(d->partners[0].calls.size(), 1u);
  EXPECT_EQ(d->partners[0].calls[0].title, "Appel c-closing-11");
  EXPECT_EQ(d->partners[0].calls[0].days_left, 11);
}

TEST(AssembleDigest, RisingThemesOfTheClusterFirst) {
  Fixture f;
  absl::StatusOr<Digest> d =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  std::vector<std::string> ids;
  for (const DigestTheme& t : d->themes) ids.push_back(t.id);
  // Rising with the cluster (by share), growing with it (T5; T6's z is too
  // small, T3 declines), then rising elsewhere (T2), within max_themes.
  EXPECT_THAT(ids, ElementsAre("T4", "T1", "T5"));
  EXPECT_DOUBLE_EQ(d->themes[0].involvement, 0.6);
  EXPECT_FALSE(d->themes[2].rising);
  DigestOptions more = FiveCalls();
  more.max_themes = 5;
  absl::StatusOr<Digest> all = AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, more);
  ASSERT_TRUE(all.ok()) << all.status();
  ids.clear();
  for (const DigestTheme& t : all->themes) ids.push_back(t.id);
  EXPECT_THAT(ids, ElementsAre("T4", "T1", "T5", "T2"));
  EXPECT_DOUBLE_EQ(all->themes[3].involvement, 0.0);
  EXPECT_THAT(RenderDigestMarkdown(*all), HasSubstr("+30\u202f%, tendance à confirmer"));
  EXPECT_EQ(d->themes[1].clusters[1].name, "Mipyrail");
  EXPECT_THAT(f.evidence.themes_as_of, ::testing::Each("2026-11-29"));  // The Sunday.
}

TEST(AssembleDigest, NewsOfTheWindowAndBuyersWithMembers) {
  Fixture f;
  absl::StatusOr<Digest> d =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  std::vector<std::string> news;
  for (const DigestNews& n : d->news) news.push_back(n.id);
  // n-dup retells n-week (same title words), unmarked: shown once. Ties:
  // newest first.
  EXPECT_THAT(news, ElementsAre("n-week", "n-award", "n-last-week"));
  EXPECT_EQ(d->news[0].excerpt, "Le club se réunit. Suite.");
  EXPECT_THAT(d->news[0].reasons, ElementsAre("hydrogène", "club"));
  ASSERT_EQ(d->buyers.size(), 1u);
  EXPECT_EQ(d->buyers[0].news_id, "n-buyer");
  EXPECT_EQ(d->buyers[0].buyer, "L’EPGL");
  EXPECT_EQ(d->buyers[0].need,
            "L’établissement lance une consultation pour équiper sa base de maintenance.");
  EXPECT_EQ(d->buyers[0].members[0].name, "Voies Sud");
}

// The recommender's buyer answer (recommend/buyers.h) for n-buyer: the
// cluster at rank `rank` of a group, with a share `score`.
class BuyerAnswerEvidence : public FakeEvidence {
 public:
  BuyerAnswerEvidence(const DigestCorpus& corpus, int rank, double score)
      : FakeEvidence(corpus), rank_(rank), score_(score) {}
  std::optional<BuyerEvidence> BuyerFor(const Document& news, absl::string_view cluster_id,
                                        absl::string_view) const override {
    if (news.id != "n-buyer") return std::nullopt;
    BuyerEvidence b;
    b.buyer = "L’EPGL";
    b.need = "pour équiper sa base de maintenance";
    b.members.push_back({"m-voies", "Voies Sud", std::string(cluster_id), {"maintenance"}});
    b.group = {"derbi", std::string(cluster_id), "automotech"};
    b.cluster_rank = rank_;
    b.score = score_;
    return b;
  }

 private:
  int rank_;
  double score_;
};

TEST(AssembleDigest, BuyerNeedWithItsGroupOnlyInTheClustersTrade) {
  Fixture f;
  const BuyerAnswerEvidence shown(f.corpus, 2, 0.5);
  absl::StatusOr<Digest> d = AssembleDigest(f.corpus, shown, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->buyers.size(), 1u);
  EXPECT_EQ(d->buyers[0].need, "pour équiper sa base de maintenance");
  EXPECT_THAT(d->buyers[0].members[0].skills, ElementsAre("maintenance"));
  ASSERT_EQ(d->buyers[0].group.size(), 2u);  // The digest's own cluster left out.
  EXPECT_EQ(d->buyers[0].group[0].id, "derbi");
  EXPECT_EQ(d->buyers[0].group[1].id, "automotech");
  EXPECT_THAT(RenderDigestMarkdown(*d), HasSubstr("Avec, pour répondre ensemble : "));
  // Ranked past max_buyer_cluster_rank, or with too small a share: not shown.
  const BuyerAnswerEvidence far(f.corpus, 5, 0.5);
  d = AssembleDigest(f.corpus, far, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->buyers.empty());
  const BuyerAnswerEvidence weak(f.corpus, 1, 0.05);
  d = AssembleDigest(f.corpus, weak, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->buyers.empty());
}

TEST(AssembleDigest, NearDuplicatesAreLeftOut) {
  Fixture f;
  std::vector<Document> records = f.corpus.records();
  for (Document& r : records) {
    if (r.id == "n-dup") r.duplicate_of = "n-week";
  }
  DigestCorpus corpus(records);
  FakeEvidence evidence(corpus);
  evidence.calls = f.evidence.calls;
  evidence.matches = f.evidence.matches;
  absl::StatusOr<Digest> d = AssembleDigest(corpus, evidence, "mipyrail", {2026, 48});
  ASSERT_TRUE(d.ok()) << d.status();
  for (const DigestNews& n : d->news) EXPECT_NE(n.id, "n-dup");
}

TEST(AssembleDigest, UnknownClusterIsNotFound) {
  Fixture f;
  EXPECT_EQ(AssembleDigest(f.corpus, f.evidence, "nope", {2026, 48}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AssembleDigest, DeterministicAndRenderable) {
  Fixture f;
  absl::StatusOr<Digest> a =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  absl::StatusOr<Digest> b =
      AssembleDigest(f.corpus, f.evidence, "mipyrail", {2026, 48}, FiveCalls());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(DigestToJson(*a), DigestToJson(*b));
  EXPECT_THAT(RenderDigestMarkdown(*a), HasSubstr("**Jour J** · [Appel c-closing-0]"));
}

TEST(DetectBuyer, TitleVerbGivesTheBuyer) {
  Document n =
      News("n", "2025-08-22", "L'Aubrac cherche un opérateur de navettes électriques à la demande",
           "La communauté de communes lance un appel d'offres pour un service de navettes. "
           "Objectif : relier les villages.");
  std::optional<BuyerSignal> s = DetectBuyer(n);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->buyer, "L'Aubrac");
  EXPECT_EQ(s->need,
            "La communauté de communes lance un appel d'offres pour un service de navettes.");
}

TEST(DetectBuyer, TitleAfterAColonAndTypographicApostrophes) {
  Document n =
      News("n", "2026-11-10", "Cobots : Aéronefs Garonne recherche des intégrateurs", "Rien.");
  std::optional<BuyerSignal> s = DetectBuyer(n);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->buyer, "Aéronefs Garonne");
  EXPECT_EQ(s->need, "Cobots : Aéronefs Garonne recherche des intégrateurs");
}

TEST(DetectBuyer, TextSentenceAimedAtSuppliers) {
  Document n = News("n", "2026-10-01", "Le port de Sète prépare sa base éolienne",
                    "Le chantier démarre en 2027. Le port recherche des sous-traitants locaux pour "
                    "la maintenance.");
  std::optional<BuyerSignal> s = DetectBuyer(n);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->buyer, "Le port");
  EXPECT_EQ(s->need, "Le port recherche des sous-traitants locaux pour la maintenance.");
}

TEST(DetectBuyer, AwardsAndPlainNewsAreNotBuyers) {
  EXPECT_FALSE(DetectBuyer(News("n", "2026-11-25", "Aéronefs Garonne retient quatre groupements",
                                "Le donneur d'ordres a choisi."))
                   .has_value());
  EXPECT_FALSE(DetectBuyer(News("n", "2026-11-25", "Lodève inaugure son marché couvert",
                                "Les travaux de recherche des laboratoires continuent."))
                   .has_value());
}

TEST(DetectBuyer, PronounsPrepositionsAndQuotesAreNoBuyer) {
  std::optional<BuyerSignal> s = DetectBuyer(News(
      "n", "2025-06-20", "NewSpace : à Toulouse, les données se cherchent des clients", "Rien."));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->buyer, "");
  EXPECT_FALSE(DetectBuyer(News("n", "2026-09-22", "Un club commun",
                                "« Quand un opérateur cherche des partenaires, il doit trouver une "
                                "équipe », dit-elle. "
                                "Elle cherche des partenaires industriels."))
                   .has_value());
  s = DetectBuyer(
      News("n", "2026-05-06", "Ports décarbonés : l’EPGL cherche des partenaires", "Rien."));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->buyer, "L’EPGL");
}

TEST(SameStory, RetoldStoriesShareTheirWords) {
  EXPECT_TRUE(SameStory(
      "Ferrovia Sud Exploitation cherche des partenaires pour adapter son atelier de Tarbes à "
      "l'hydrogène",
      "Trains à hydrogène : l'atelier de Tarbes va être transformé, Ferrovia Sud lance son appel à "
      "partenaires"));
  EXPECT_FALSE(SameStory("Hydrogène : cinq clusters montent un club commun",
                         "Hydrogène : une station pour poids lourds à Béziers"));
  EXPECT_FALSE(SameStory("", "Rien"));
}

TEST(Excerpt, FirstSentencesWithinTheLimit) {
  EXPECT_EQ(Excerpt("Première phrase.  Deuxième phrase. Troisième phrase bien plus longue.", 40),
            "Première phrase. Deuxième phrase.");
  EXPECT_EQ(Excerpt("Une phrase bien trop longue pour tenir dans la limite donnée.", 30),
            "Une phrase bien trop longue…");
  EXPECT_EQ(Excerpt("Court.", 40), "Court.");
}

}  // namespace
}  // namespace meute::digest
