// Real public data written by others (see SOURCE.md in each folder of
// $MEUTE_DATA_DIR): every test skips, saying why, when the data is absent.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"
#include "ingest/document.h"
#include "ingest/french_date.h"
#include "ingest/language.h"
#include "ingest/near_duplicate.h"
#include "ingest/reader.h"
#include "ingest/readers/text_reader.h"

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string DataDir(const std::string& sub) {
  const char* dir = std::getenv("MEUTE_DATA_DIR");
  if (dir == nullptr || *dir == '\0') return "";
  const std::string path = std::string(dir) + "/" + sub;
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? path : "";
}

std::string Mapping(const std::string& name) {
  const char* src = std::getenv("MEUTE_SOURCE_DIR");
  return std::string(src != nullptr ? src : ".") + "/corpora/mappings/" + name;
}

#define REQUIRE_DATA(var, sub)                                                    \
  const std::string var = DataDir(sub);                                           \
  if (var.empty()) {                                                              \
    GTEST_SKIP() << "real data not found: set MEUTE_DATA_DIR to the shared data " \
                    "folder (it must contain " sub ")";                           \
  }

std::string AllMessages(const ReadResult& r) {
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

TEST(RealData, WinerArticlesAllBecomeDatedFrenchRecords) {
  REQUIRE_DATA(path, "wikinews-fr-winer/winer-fr-articles.jsonl");
  absl::StatusOr<ReadResult> r = ReadFileWithMapping(path, "", Mapping("wikinews-winer.toml"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->documents.size(), 1191u) << AllMessages(*r);
  EXPECT_EQ(r->stats.read, 1191);
  EXPECT_EQ(r->stats.rejected, 0);
  int french = 0, dated_like_id = 0;
  for (const Document& d : r->documents) {
    EXPECT_TRUE(IsValidDate(d.date)) << d.id << ": \"" << d.date << "\"";
    EXPECT_EQ(d.kind, Kind::kNews);
    EXPECT_TRUE(absl::StartsWith(d.id, "wikinews-fr:")) << d.id;
    EXPECT_THAT(d.extra_json, Not(HasSubstr("entities")));
    if (d.lang == "fr") ++french;
    // Ids start with the day the article was filed: "2016_07_03-005".
    std::string day = d.id.substr(12, 10);
    std::replace(day.begin(), day.end(), '_', '-');
    if (day == d.date) ++dated_like_id;
  }
  std::cout << "WiNER: " << r->documents.size() << " records, " << french << " detected as French, "
            << dated_like_id << " dated as their id\n";
  EXPECT_GE(french * 100, 98 * static_cast<int>(r->documents.size()));
  EXPECT_GE(dated_like_id * 100, 95 * static_cast<int>(r->documents.size()));
}

TEST(RealData, WinerTextFilesReadAsPlainText) {
  REQUIRE_DATA(dir, "wikinews-fr-winer/2016");
  const std::string root = dir.substr(0, dir.size() - 5);
  int files = 0, dated = 0, french = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".txt") continue;
    const std::string stem = e.path().stem().string();
    // Articles are YYYY_MM_DD-NNN.txt; YYYY-MM-urls.txt list their addresses.
    if (stem.size() < 10 || !absl::ascii_isdigit(static_cast<unsigned char>(stem[0])) ||
        absl::StrContains(stem, "urls")) {
      continue;
    }
    absl::StatusOr<ReadResult> r = ReadFile(e.path().string());
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->documents.size(), 1u) << e.path();
    ++files;
    if (IsValidDate(r->documents[0].date)) ++dated;
    if (r->documents[0].lang == "fr") ++french;
  }
  std::cout << "WiNER .txt: " << files << " files, " << dated << " with a date line, " << french
            << " French\n";
  EXPECT_EQ(files, 1191);
  EXPECT_EQ(dated, 1191);
  EXPECT_GE(french * 100, 98 * files);
}

TEST(RealData, EnglishInTheData) {
  REQUIRE_DATA(path, "wikinews-fr-winer/license.original.txt");
  absl::StatusOr<std::string> text = ReadFileToString(path);
  ASSERT_TRUE(text.ok());
  int paragraphs = 0, english = 0;
  for (absl::string_view p : absl::StrSplit(*text, "\n\n")) {
    // Running text only: at least 20 words.
    if (std::count(p.begin(), p.end(), ' ') < 20) continue;
    ++paragraphs;
    if (DetectLanguageCode(p) == "en") {
      ++english;
    } else {
      ADD_FAILURE() << "not detected as English: " << p.substr(0, 200);
    }
  }
  std::cout << "CC BY 4.0 legal text: " << english << "/" << paragraphs
            << " paragraphs detected as English\n";
  EXPECT_GE(paragraphs, 20);
  EXPECT_GE(english * 100, 98 * paragraphs);
}

TEST(RealData, AidesTerritoiresCsvBecomesCalls) {
  REQUIRE_DATA(path, "aides-appels-a-projets/aides-territoires_periurbain.csv");
  absl::StatusOr<ReadResult> r =
      ReadFileWithMapping(path, "", Mapping("aides-territoires-csv.toml"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->documents.size(), 274u) << AllMessages(*r);
  EXPECT_EQ(r->stats.rejected, 0);
  int with_deadline = 0;
  std::map<std::string, int> ids;
  for (const Document& d : r->documents) {
    EXPECT_EQ(d.kind, Kind::kCall);
    EXPECT_FALSE(d.funder.empty()) << d.id;
    EXPECT_FALSE(d.text.empty()) << d.id;
    EXPECT_TRUE(absl::StartsWith(d.url, "https://aides-territoires.beta.gouv.fr/aides/")) << d.url;
    EXPECT_EQ(d.source, "Aides-territoires");
    EXPECT_THAT(d.extra_json, HasSubstr("\"B\xC3\xA9n\xC3\xA9"
                                        "ficiaire\""));
    if (!d.deadline.empty()) {
      EXPECT_TRUE(IsValidDate(d.deadline));
      ++with_deadline;
    }
    ++ids[d.id];
  }
  EXPECT_EQ(with_deadline, 22);
  EXPECT_EQ(ids.size(), 274u);
}

struct Fixture {
  const char* file;
  const char* mapping;
  size_t records;
};

TEST(RealData, AidApiSamples) {
  REQUIRE_DATA(dir, "aides-appels-a-projets/fixtures");
  const Fixture fixtures[] = {
      {"ademe_agir_data.json", "ademe-agir.toml", 5},
      {"departement_drome_data.json", "aides-territoires-api.toml", 3},
      {"departement_manche_data.json", "departement-manche.toml", 10},
      {"ile_de_france_data.json", "ile-de-france.toml", 3},
      {"ministere_de_la_culture_data.json", "ministere-culture.toml", 3},
  };
  for (const Fixture& f : fixtures) {
    absl::StatusOr<ReadResult> r = ReadFileWithMapping(dir + "/" + f.file, "", Mapping(f.mapping));
    ASSERT_TRUE(r.ok()) << f.file << ": " << r.status();
    EXPECT_EQ(r->documents.size(), f.records) << f.file << "\n" << AllMessages(*r);
    EXPECT_EQ(r->stats.rejected, 0) << f.file;
    for (const Document& d : r->documents) {
      EXPECT_EQ(d.kind, Kind::kCall);
      EXPECT_FALSE(d.title.empty());
      EXPECT_FALSE(d.funder.empty()) << f.file;
      // HTML was turned into text.
      EXPECT_THAT(d.text, Not(HasSubstr("<p>"))) << f.file;
      EXPECT_THAT(d.title, Not(HasSubstr("&rsquo;"))) << f.file;
      EXPECT_THAT(d.url, Not(HasSubstr(" ")));
    }
  }
  absl::StatusOr<ReadResult> culture = ReadFileWithMapping(
      dir + "/ministere_de_la_culture_data.json", "", Mapping("ministere-culture.toml"));
  ASSERT_TRUE(culture.ok());
  std::vector<std::string> deadlines;
  for (const Document& d : culture->documents) deadlines.push_back(d.deadline);
  EXPECT_THAT(deadlines, ::testing::ElementsAre("", "2022-04-15", "2022-08-15"));
  absl::StatusOr<ReadResult> ademe =
      ReadFileWithMapping(dir + "/ademe_agir_data.json", "", Mapping("ademe-agir.toml"));
  ASSERT_TRUE(ademe.ok());
  for (const Document& d : ademe->documents) {
    EXPECT_TRUE(IsValidDate(d.opens)) << d.id;
    EXPECT_TRUE(IsValidDate(d.deadline)) << d.id;
  }
}

TEST(RealData, NearDuplicatesAmongWinerArticles) {
  REQUIRE_DATA(path, "wikinews-fr-winer/winer-fr-articles.jsonl");
  absl::StatusOr<ReadResult> r = ReadFileWithMapping(path, "", Mapping("wikinews-winer.toml"));
  ASSERT_TRUE(r.ok());
  std::vector<Document> docs = r->documents;
  std::vector<DuplicatePair> pairs = LinkNearDuplicates(&docs);
  std::cout << "WiNER near-duplicates: " << pairs.size() << " pairs\n";
  // Distinct articles, none retold: nothing is linked, not even the templated
  // series (Tour de France stages, Eurovision semi-finals), whose similarity
  // is 0.50-0.63.
  EXPECT_TRUE(pairs.empty());
  NearDuplicateOptions loose;
  loose.threshold = 0.5;
  std::vector<Document> again = r->documents;
  std::vector<DuplicatePair> series = LinkNearDuplicates(&again, loose);
  EXPECT_GE(series.size(), 4u);
  for (const DuplicatePair& p : series) {
    EXPECT_LT(p.similarity, 0.7) << again[p.duplicate].id << " -> " << again[p.canonical].id;
  }
  // A copy of an article under another id, with a line added, is found: the
  // longer copy is canonical, the original its duplicate.
  std::vector<Document> with_copy = r->documents;
  Document copy = with_copy[100];
  copy.id = "copy";
  copy.text = "Reprise d'une dépêche de Wikinews.\n" + copy.text;
  with_copy.push_back(copy);
  LinkNearDuplicates(&with_copy);
  EXPECT_EQ(with_copy[100].duplicate_of, "copy");
  EXPECT_EQ(with_copy.back().duplicate_of, "");
}

// The retold-story mode (same dates +-3 days, bags of words) links nothing
// among distinct real articles.
TEST(RealData, NoRetoldStoryAmongWinerArticles) {
  REQUIRE_DATA(path, "wikinews-fr-winer/winer-fr-articles.jsonl");
  absl::StatusOr<ReadResult> r = ReadFileWithMapping(path, "", Mapping("wikinews-winer.toml"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 1191u);
  std::vector<Document> docs = r->documents;
  for (const DuplicatePair& p : LinkNearDuplicates(&docs, RetoldStoryOptions())) {
    ADD_FAILURE() << docs[p.canonical].id << " ~ " << docs[p.duplicate].id << " (" << p.similarity
                  << ")";
  }
}

}  // namespace
}  // namespace meute::ingest
