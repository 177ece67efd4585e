#include "digest/regional_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

using ingest::Document;
using ingest::Kind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Document Record(Kind kind, const std::string& id, const std::string& title) {
  Document d;
  d.id = id;
  d.kind = kind;
  d.title = title;
  if (kind == Kind::kCluster) d.name = title;
  return d;
}

// Calls ranked by hand: cluster_rank per (call, cluster).
class MapEvidenceFake : public DigestEvidence {
 public:
  std::map<std::pair<std::string, std::string>, int> ranks;
  std::vector<ThemeEvidence> themes;

  absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view,
                                                   absl::string_view) const override {
    return std::vector<RankedCall>{};
  }
  RecordMatch Match(absl::string_view record, absl::string_view cluster) const override {
    RecordMatch m;
    const auto it = ranks.find({std::string(record), std::string(cluster)});
    if (it != ranks.end()) m.cluster_rank = it->second;
    return m;
  }
  absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view,
                                                 absl::string_view) const override {
    return absl::NotFoundError("none");
  }
  absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view,
                                                         absl::string_view) const override {
    return std::vector<DigestPartner>{};
  }
  std::vector<ThemeEvidence> Themes(absl::string_view) const override { return themes; }
};

struct MapFixture {
  MapFixture() : corpus(Records()) {
    ev.themes = {{"T1",
                  "hydrogène, électrolyse",
                  30,
                  0.9,
                  2.0,
                  3.0,
                  true,
                  {{"a", 0.5}, {"b", 0.4}, {"c", 0.1}}},
                 {"T2", "eau, irrigation", 20, 0.4, 1.0, 0.0, false, {{"c", 0.8}, {"d", 0.2}}}};
    ev.ranks = {{{"call-1", "a"}, 1}, {{"call-1", "b"}, 2}, {{"call-1", "d"}, 5},
                {{"call-2", "a"}, 2}, {{"call-2", "b"}, 1}, {{"call-2", "c"}, 3}};
  }
  static std::vector<Document> Records() {
    std::vector<Document> r = {Record(Kind::kCluster, "a", "Alpharail"),
                               Record(Kind::kCluster, "b", "Betamob"),
                               Record(Kind::kCluster, "c", "Gamma Eau Occitanie"),
                               Record(Kind::kCluster, "d", "Deltabois")};
    Document m = Record(Kind::kMember, "m1", "Hydrosud");
    m.organisation = "Hydrosud Ingénierie";
    m.clusters = {"b", "c"};
    r.push_back(m);
    Document m2 = Record(Kind::kMember, "m2", "Forêts du Tarn");
    m2.organisation = "Forêts du Tarn";
    m2.clusters = {"d"};
    r.push_back(m2);
    Document call1 = Record(Kind::kCall, "call-1", "Trains à hydrogène");
    call1.deadline = "2026-12-10";
    r.push_back(call1);
    Document call2 = Record(Kind::kCall, "call-2", "Bus à hydrogène");
    call2.deadline = "2026-01-10";
    call2.date = "2027-01-11";  // Published ahead: not the map's date.
    r.push_back(call2);
    Document n1 = Record(Kind::kNews, "n1", "Gamma Eau lauréate avec Forêts du Tarn");
    n1.text = "Le consortium réunit Gamma Eau et l’entreprise Forêts du Tarn.";
    n1.date = "2026-05-01";
    n1.url = "javascript:alert(1)";
    r.push_back(n1);
    Document n2 = Record(Kind::kNews, "n2", "Alpharail et Betamob au salon");
    n2.text = "Les deux clusters tenaient un stand côte à côte.";
    n2.date = "2026-06-01";
    r.push_back(n2);
    Document n3 = Record(Kind::kNews, "n3", "Alpharail <script>alert(1)</script>");
    n3.text = "Rien de commun.";
    n3.date = "2026-11-20";
    r.push_back(n3);
    return r;
  }
  DigestCorpus corpus;
  MapEvidenceFake ev;
};

const MapLink* FindLink(const RegionalMap& m, const std::string& a, const std::string& b) {
  for (const MapLink& l : m.links) {
    if (l.a == a && l.b == b) return &l;
  }
  return nullptr;
}

TEST(RegionalMap, StrengthFromSharedThemesAndCalls) {
  MapFixture f;
  absl::StatusOr<RegionalMap> map = BuildRegionalMap(f.corpus, f.ev);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->as_of, "2026-11-20");  // The latest news date (call dates are not news).
  EXPECT_EQ(map->clusters.size(), 4u);
  const MapLink* ab = FindLink(*map, "a", "b");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->shared_call_count, 2);
  EXPECT_DOUBLE_EQ(ab->theme_score, 0.4);
  EXPECT_DOUBLE_EQ(ab->strength, 1.0);  // The strongest pair on both counts.
  EXPECT_THAT(ab->shared_themes, ElementsAre("hydrogène, électrolyse"));
  // Open calls first.
  ASSERT_EQ(ab->shared_calls.size(), 2u);
  EXPECT_EQ(ab->shared_calls[0].id, "call-1");
  EXPECT_EQ(ab->shared_calls[0].days_left, 20);
  EXPECT_EQ(map->links.front().a, "a");
  // d is ranked 5th for call-1: no shared call with a.
  const MapLink* ad = FindLink(*map, "a", "d");
  EXPECT_EQ(ad, nullptr);
}

TEST(RegionalMap, WorkedTogetherNeedsAJointProjectNews) {
  MapFixture f;
  absl::StatusOr<RegionalMap> map = BuildRegionalMap(f.corpus, f.ev);
  ASSERT_TRUE(map.ok()) << map.status();
  // n1 names Gamma Eau (alias without "Occitanie") and a member of d, and
  // speaks of a consortium: c and d worked together.
  const MapLink* cd = FindLink(*map, "c", "d");
  ASSERT_NE(cd, nullptr);
  EXPECT_TRUE(cd->worked_together);
  ASSERT_EQ(cd->evidence.size(), 1u);
  EXPECT_EQ(cd->evidence[0].news_id, "n1");
  // n2 names a and b at a fair, no project: they never worked together.
  EXPECT_FALSE(FindLink(*map, "a", "b")->worked_together);
  // A shared member is a bridge, not a joint project.
  const MapLink* bc = FindLink(*map, "b", "c");
  ASSERT_NE(bc, nullptr);
  EXPECT_FALSE(bc->worked_together);
  EXPECT_THAT(bc->bridges, ElementsAre("Hydrosud Ingénierie"));
}

TEST(RegionalMap, JointProjectWords) {
  EXPECT_TRUE(MentionsJointProject(FoldForMatching("Le consortium est LAURÉAT de l’AAP")));
  EXPECT_TRUE(MentionsJointProject(FoldForMatching("Les deux pôles s’allient")));
  EXPECT_FALSE(MentionsJointProject(FoldForMatching("Un salon très fréquenté")));
  EXPECT_FALSE(MentionsJointProject(FoldForMatching("Une maap imaginaire")));
}

TEST(RegionalMap, HtmlIsSelfContainedAndEscaped) {
  MapFixture f;
  std::vector<Document> records = MapFixture::Records();
  records[0].name = "Alpharail <img src=x onerror=alert(1)>";
  DigestCorpus corpus(records);
  absl::StatusOr<RegionalMap> map = BuildRegionalMap(corpus, f.ev, {"2026-11-23", 3});
  ASSERT_TRUE(map.ok()) << map.status();
  const std::string html = RenderRegionalMapHtml(*map);
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<svg "));
  EXPECT_THAT(html, HasSubstr("Content-Security-Policy"));
  EXPECT_THAT(html, HasSubstr("Alpharail &lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"javascript")));
  EXPECT_THAT(html, Not(HasSubstr(" src=\"")));
  EXPECT_THAT(html, HasSubstr("Paires à rapprocher"));
  EXPECT_THAT(html,
              HasSubstr("<b>Alpharail &lt;img src=x onerror=alert(1)&gt;</b> + <b>Betamob</b>"));
}

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

TEST(RegionalMap, LinksOnlyPairsAtTheThreshold) {
  MapFixture f;
  for (double threshold : {0.0, 0.5, 1.0}) {
    RegionalMapOptions options;
    options.min_strength = threshold;
    absl::StatusOr<RegionalMap> map = BuildRegionalMap(f.corpus, f.ev, options);
    ASSERT_TRUE(map.ok()) << map.status();
    size_t linked = 0;
    for (const MapLink& l : map->links) {
      EXPECT_EQ(l.linked, l.strength >= threshold) << l.a << "-" << l.b;
      linked += l.linked ? 1 : 0;
    }
    // One arc per linked pair, each pair to bring together linked.
    const std::string html = RenderRegionalMapHtml(*map);
    EXPECT_EQ(Count(html, "<path "), linked) << threshold;
    if (threshold == 1.0) {
      EXPECT_EQ(linked, 1u);  // a-b, the strongest on both counts.
    }
    if (threshold == 0.0) {
      EXPECT_GT(linked, 1u);
    }
  }
}

TEST(RegionalMap, NamesAreWrappedNeverCut) {
  MapFixture f;
  std::vector<Document> records = MapFixture::Records();
  records[0].name = "Pôle de compétitivité des mobilités ferroviaires et routières d’Occitanie";
  DigestCorpus corpus(records);
  absl::StatusOr<RegionalMap> map = BuildRegionalMap(corpus, f.ev);
  ASSERT_TRUE(map.ok()) << map.status();
  const std::string html = RenderRegionalMapHtml(*map);
  std::string joined;
  for (const std::string& line : WrapText(records[0].name, 21)) {
    EXPECT_THAT(html, HasSubstr(absl::StrCat(">", line, "</tspan>")));
    joined += joined.empty() ? line : " " + line;
  }
  EXPECT_EQ(joined, records[0].name);
  EXPECT_THAT(html, HasSubstr("viewBox=\"0 0 360 "));
  EXPECT_EQ(Count(html, "font-size=\"14\""), Count(html, "font-size="));
}

TEST(RegionalMap, RejectsABadDate) {
  MapFixture f;
  EXPECT_EQ(BuildRegionalMap(f.corpus, f.ev, {"demain", 3}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace meute::digest
