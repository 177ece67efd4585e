#include "corpora/generator/generator.h"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "ingest/jsonl_reader.h"

namespace meute::corpora {
namespace {

std::vector<ingest::Document> ModelCorpus() {
  std::vector<ingest::Document> docs;
  auto add = [&](const std::string& id, ingest::Kind kind, const std::string& title,
                 const std::string& text) {
    ingest::Document d;
    d.id = id;
    d.kind = kind;
    d.title = title;
    d.text = text;
    d.lang = "fr";
    docs.push_back(d);
    return &docs.back();
  };
  ingest::Document* c = add("mipyrail", ingest::Kind::kCluster, "Mipyrail",
                            "Le cluster ferroviaire réunit des PME et des laboratoires.");
  c->sectors = {"ferroviaire"};
  c->city = "Toulouse";
  add("automotech", ingest::Kind::kCluster, "Automotech", "Le cluster des mobilités.");
  ingest::Document* m =
      add("m-1", ingest::Kind::kMember, "Ferro SAS",
          "Ferro conçoit des bogies. Ferro cherche des partenaires pour l’hydrogène. Les "
          "essais ont lieu à Toulouse.");
  m->skills = {"bogies", "essais"};
  m->size = "PME";
  m->clusters = {"mipyrail"};
  ingest::Document* call = add("call-1", ingest::Kind::kCall, "AAP hydrogène",
                               "L’appel soutient les projets d’hydrogène vert. Les "
                               "consortiums réunissent des PME et des laboratoires.");
  call->funder = "ADEME";
  call->programme = "France 2030";
  call->themes = {"hydrogène", "mobilité"};
  ingest::Document* news =
      add("n-1", ingest::Kind::kNews, "Un train à hydrogène en essai",
          "Un train à hydrogène roule entre Toulouse et Montauban. Les essais durent « six "
          "mois ». Le cluster salue une première.");
  news->source = "Le Courrier";
  ingest::Document* en = add("call-en", ingest::Kind::kCall, "Hydrogen trains",
                             "The call funds hydrogen trains. Consortia gather SMEs.");
  en->lang = "en";
  return docs;
}

std::string Generate(uint64_t seed, int64_t n) {
  auto gen = Generator::Create(ModelCorpus());
  EXPECT_TRUE(gen.ok()) << gen.status();
  GeneratorOptions options;
  options.seed = seed;
  options.docs = n;
  std::ostringstream out;
  absl::StatusOr<uint64_t> bytes = (*gen)->Write(options, out);
  EXPECT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, out.str().size());
  return out.str();
}

TEST(Generator, SameSeedSameBytes) {
  EXPECT_EQ(Generate(7, 200), Generate(7, 200));
  EXPECT_NE(Generate(7, 200), Generate(8, 200));
}

TEST(Generator, EveryRecordIsValidWithRealisticLengthsAndLinks) {
  const std::string out = Generate(42, 400);
  ingest::ReadResult r = ingest::ParseJsonLines(out, "gen.jsonl");
  EXPECT_EQ(r.stats.rejected, 0);
  for (const ingest::Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_EQ(r.documents.size(), 400u);
  int kinds[4] = {0, 0, 0, 0};
  for (const ingest::Document& d : r.documents) {
    ++kinds[static_cast<int>(d.kind)];
    int words = 1;
    for (char ch : d.text) words += ch == ' ';
    EXPECT_GE(words, 150) << d.id;
    EXPECT_LE(words, 800) << d.id;
    EXPECT_TRUE(ingest::IsValidDate(d.date)) << d.id;
    if (d.kind == ingest::Kind::kMember) {
      ASSERT_FALSE(d.clusters.empty()) << d.id;
      EXPECT_THAT(d.clusters[0], ::testing::StartsWith("gen-cluster-"));
    }
    if (d.kind == ingest::Kind::kCall) {
      EXPECT_GE(d.deadline, d.opens) << d.id;
      ASSERT_TRUE(d.budget_eur.has_value());
      EXPECT_GE(*d.budget_eur, 50000);
      EXPECT_LE(*d.budget_eur, 30000000);
    }
  }
  EXPECT_GT(kinds[static_cast<int>(ingest::Kind::kNews)], 200);
  EXPECT_GT(kinds[static_cast<int>(ingest::Kind::kMember)], 50);
  EXPECT_GT(kinds[static_cast<int>(ingest::Kind::kCall)], 10);
}

// The truth names, for every call, 2 to 4 generated clusters that exist;
// members link to generated clusters; the records are the same with or
// without the truth.
TEST(Generator, TruthNamesTheClustersEachCallWasWrittenFrom) {
  auto gen = Generator::Create(ModelCorpus());
  ASSERT_TRUE(gen.ok()) << gen.status();
  GeneratorOptions options;
  options.seed = 5;
  options.docs = 1500;
  std::ostringstream out, truth;
  ASSERT_TRUE((*gen)->Write(options, out, &truth).ok());
  EXPECT_EQ(out.str(), Generate(5, 1500));
  ingest::ReadResult r = ingest::ParseJsonLines(out.str(), "gen.jsonl");
  std::set<std::string> clusters, calls;
  for (const ingest::Document& d : r.documents) {
    if (d.kind == ingest::Kind::kCluster) clusters.insert(d.id);
    if (d.kind == ingest::Kind::kCall) calls.insert(d.id);
  }
  ASSERT_GE(clusters.size(), 5u);
  for (const ingest::Document& d : r.documents) {
    for (const std::string& c : d.clusters) EXPECT_TRUE(clusters.count(c)) << d.id << " " << c;
  }
  std::set<std::string> judged;
  std::istringstream lines(truth.str());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    EXPECT_TRUE(calls.count(fields[0])) << line;
    judged.insert(fields[0]);
    const std::vector<std::string> needed = absl::StrSplit(fields[1], ',');
    EXPECT_GE(needed.size(), 2u) << line;
    EXPECT_LE(needed.size(), 4u) << line;
    for (const std::string& c : needed) EXPECT_TRUE(clusters.count(c)) << line;
    EXPECT_EQ(std::set<std::string>(needed.begin(), needed.end()).size(), needed.size()) << line;
  }
  EXPECT_EQ(judged, calls);
}

TEST(Generator, NeedsTextAndClusters) {
  std::vector<ingest::Document> none;
  EXPECT_EQ(Generator::Create(none).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace meute::corpora
