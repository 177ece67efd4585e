#include "ingest/near_duplicate.h"

#include <algorithm>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/jsonl_reader.h"
#include "ingest/reader.h"

namespace meute::ingest {
namespace {

// A story written for this test, and how two other sources retold it.
constexpr char kStory[] =
    "Les clusters Mipyrail, Automotech et Robotics Place ont présenté mardi à Toulouse "
    "une feuille de route commune pour les transports terrestres intelligents. Les trois "
    "réseaux veulent répondre ensemble aux appels à projets européens sur le fret "
    "ferroviaire automatisé, les navettes autonomes et la maintenance prédictive des "
    "voies. Une cinquantaine d'entreprises membres ont déjà signé la charte de "
    "coopération, et un premier consortium sera déposé avant l'été auprès de la Région.";

Document News(std::string id, std::string title, std::string text) {
  Document d;
  d.id = std::move(id);
  d.kind = Kind::kNews;
  d.title = std::move(title);
  d.text = std::move(text);
  return d;
}

std::vector<Document> TwoSourcesAndAnother() {
  std::vector<Document> docs;
  // Source A: the story under its own title, with a dateline and a credit.
  docs.push_back(
      News("a", "Trois clusters s'allient",
           std::string("Toulouse, 10 février. ") + kStory + " (Communiqué des clusters.)"));
  // Source B: another title, one word changed, a closing line of its own.
  std::string b = kStory;
  b.replace(b.find("mardi"), 5, "lundi");
  b += " Le président du cluster a salué une démarche qui doit servir d'exemple.";
  docs.push_back(News("b", "Alliance de trois clusters pour le transport intelligent", b));
  // A different story on a close subject.
  docs.push_back(
      News("c", "Un appel à projets pour l'hydrogène",
           "La Région lance un appel à projets destiné aux entreprises de la filière hydrogène. "
           "Les dossiers peuvent être déposés jusqu'au 15 mars, et les projets retenus "
           "recevront une aide pouvant atteindre deux millions d'euros pour leurs équipements "
           "d'électrolyse et leurs stations de distribution."));
  return docs;
}

TEST(NearDuplicate, LinksTheSameStoryFromTwoSources) {
  std::vector<Document> docs = TwoSourcesAndAnother();
  std::vector<DuplicatePair> pairs = LinkNearDuplicates(&docs);
  ASSERT_EQ(pairs.size(), 1u);
  // The longer text (b) is canonical; a is its duplicate.
  EXPECT_EQ(pairs[0].canonical, 1u);
  EXPECT_EQ(pairs[0].duplicate, 0u);
  EXPECT_GE(pairs[0].similarity, 0.7);
  EXPECT_GE(pairs[0].contained, pairs[0].similarity);
  EXPECT_EQ(docs[0].duplicate_of, "b");
  EXPECT_EQ(docs[1].duplicate_of, "");
  EXPECT_EQ(docs[2].duplicate_of, "");
}

TEST(NearDuplicate, DifferentStoriesAreFarApart) {
  std::vector<Document> docs = TwoSourcesAndAnother();
  EXPECT_LT(ShingleSimilarity(docs[0], docs[2]), 0.05);
  EXPECT_GT(ShingleSimilarity(docs[0], docs[1]), 0.7);
}

TEST(NearDuplicate, AReleaseInsideALongerItemIsLinked) {
  std::string digest =
      "Dans cette lettre, les nouvelles du mois. D'abord, la Région a voté le budget de "
      "l'innovation pour l'année, en hausse pour les projets collaboratifs des pôles de "
      "compétitivité et des clusters. Ensuite, ";
  digest += kStory;
  digest +=
      " Enfin, le salon des industries du futur ouvrira ses portes en juin au parc des "
      "expositions, avec un espace réservé aux jeunes entreprises de la robotique, de la "
      "cybersécurité et de l'intelligence artificielle appliquée à la production.";
  std::vector<Document> docs = {News("release", "Communiqué", kStory),
                                News("digest", "La lettre de février", digest)};
  std::vector<DuplicatePair> pairs = LinkNearDuplicates(&docs);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_LT(pairs[0].similarity, 0.7);
  EXPECT_GE(pairs[0].contained, 0.9);
  EXPECT_EQ(docs[0].duplicate_of, "digest");
}

TEST(NearDuplicate, EqualLengthKeepsTheFirst) {
  std::vector<Document> docs = {News("x", "T", kStory), News("y", "T", kStory)};
  std::vector<DuplicatePair> pairs = LinkNearDuplicates(&docs);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(docs[0].duplicate_of, "");
  EXPECT_EQ(docs[1].duplicate_of, "x");
}

TEST(NearDuplicate, IsDeterministic) {
  std::vector<Document> first = TwoSourcesAndAnother();
  for (int i = 0; i < 3; ++i) first.push_back(News("d" + std::to_string(i), "T", kStory));
  std::vector<Document> second = first;
  std::vector<DuplicatePair> p1 = LinkNearDuplicates(&first);
  std::vector<DuplicatePair> p2 = LinkNearDuplicates(&second);
  ASSERT_EQ(p1.size(), p2.size());
  for (size_t i = 0; i < p1.size(); ++i) {
    EXPECT_EQ(p1[i].canonical, p2[i].canonical);
    EXPECT_EQ(p1[i].duplicate, p2[i].duplicate);
  }
  for (size_t i = 0; i < first.size(); ++i)
    EXPECT_EQ(first[i].duplicate_of, second[i].duplicate_of);
  // Every copy points at one canonical record, never at another duplicate.
  for (const Document& d : first) {
    if (d.duplicate_of.empty()) continue;
    for (const Document& e : first) {
      if (e.id == d.duplicate_of) {
        EXPECT_EQ(e.duplicate_of, "");
      }
    }
  }
}

TEST(NearDuplicate, IgnoresShortTextsOtherKindsAndSameIds) {
  std::vector<Document> docs = {News("s1", "Réunion du cluster", ""),
                                News("s2", "Réunion du cluster", "")};
  EXPECT_TRUE(LinkNearDuplicates(&docs).empty());

  Document call = News("k2", "T", kStory);
  call.kind = Kind::kCall;
  docs = {News("k1", "T", kStory), call};
  EXPECT_TRUE(LinkNearDuplicates(&docs).empty());

  docs = {News("same", "T", kStory), News("same", "T", kStory)};
  EXPECT_TRUE(LinkNearDuplicates(&docs).empty());

  docs = {News("p", "T", kStory), News("q", "T", kStory)};
  docs[1].duplicate_of = "elsewhere";
  EXPECT_TRUE(LinkNearDuplicates(&docs).empty());
  EXPECT_EQ(docs[1].duplicate_of, "elsewhere");
}

TEST(NearDuplicate, IgnoresCaseAccentsAndPunctuation) {
  Document a = News("a", "",
                    "Les clusters Mipyrail et Automotech présentent une feuille de "
                    "route commune, pour les transports terrestres intelligents.");
  Document b = News("b", "",
                    "LES CLUSTERS MIPYRAIL ET AUTOMOTECH PRESENTENT UNE FEUILLE DE ROUTE "
                    "COMMUNE POUR LES TRANSPORTS TERRESTRES INTELLIGENTS !");
  EXPECT_DOUBLE_EQ(ShingleSimilarity(a, b), 1.0);
}

}  // namespace
}  // namespace meute::ingest

namespace meute::ingest {
namespace {

// The bundled corpus's news holds ten stories retold by two outlets in their
// own words (corpora/eval/near-duplicates-*.tsv): the retold-story mode must
// link exactly those pairs.
TEST(RetoldStories, LinksTheBundledPairsAndNothingElse) {
  const char* src = std::getenv("MEUTE_SOURCE_DIR");
  const std::string root = src != nullptr ? src : ".";
  std::vector<Document> news;
  for (const char* f :
       {"/corpora/occitanie/news-2025.jsonl", "/corpora/occitanie/news-2026.jsonl"}) {
    absl::StatusOr<ReadResult> r = ReadJsonLinesFile(root + f);
    ASSERT_TRUE(r.ok()) << r.status();
    for (Document& d : r->documents) news.push_back(std::move(d));
  }
  std::set<std::pair<std::string, std::string>> expected;
  for (const char* f :
       {"/corpora/eval/near-duplicates-early.tsv", "/corpora/eval/near-duplicates-late.tsv"}) {
    std::ifstream in(root + f);
    std::string a, b;
    while (in >> a >> b) expected.insert(std::minmax(a, b));
  }
  ASSERT_EQ(expected.size(), 10u);
  std::vector<DuplicatePair> pairs = LinkNearDuplicates(&news, RetoldStoryOptions());
  std::set<std::pair<std::string, std::string>> found;
  for (const DuplicatePair& p : pairs) {
    found.insert(std::minmax(news[p.canonical].id, news[p.duplicate].id));
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace meute::ingest
