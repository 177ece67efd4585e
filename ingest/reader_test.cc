#include "ingest/reader.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("meute_reader_test_", getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::filesystem::path p = dir_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  std::filesystem::path dir_;
};

constexpr char kFrench[] =
    "Les entreprises du cluster et les laboratoires de la région travaillent ensemble sur un "
    "projet de recherche pour la mobilité.";
constexpr char kEnglish[] =
    "The companies of the cluster and the laboratories of the region are working together on "
    "a research project for mobility.";

TEST_F(ReaderTest, NotARecordSourceDecidesByNameAndContent) {
  EXPECT_EQ(NotARecordSource(Write("ReadMe.markdown", "# x\n")), "documentation");
  EXPECT_EQ(NotARecordSource(Write("sub/LICENCE.txt", "MIT\n")), "documentation");
  EXPECT_EQ(NotARecordSource(Write("a.schema.json", "{}")), "JSON schema");
  EXPECT_EQ(NotARecordSource(Write("forme.json", "\xEF\xBB\xBF { \"$id\": \"x\", \"type\": 1}")),
            "JSON schema");
  EXPECT_EQ(NotARecordSource(Write("fiches.json", "[{\"$schema\": 1, \"id\": \"a\"}]")), "");
  EXPECT_EQ(NotARecordSource(Write("codes.csv", "code;libelle\n01;Ain\n")), "no record columns");
  EXPECT_EQ(NotARecordSource(Write("appels.csv", "ref;Title;budget\n1;Aide;10\n")), "");
  // A mapping beside the file says which columns hold what.
  Write("codes2.csv.mapping.toml", "[fields]\ntitle = \"libelle\"\n");
  EXPECT_EQ(NotARecordSource(Write("codes2.csv", "code;libelle\n01;Ain\n")), "");
  EXPECT_EQ(NotARecordSource(Write("syn.txt",
                                   "TPE, très petite entreprise\nIA => "
                                   "intelligence artificielle\nH2, hydrogène\n")),
            "synonyms list");
  EXPECT_EQ(NotARecordSource(Write("stop.txt", "le\nla\nles\ndes\n")), "word list or table");
  EXPECT_EQ(NotARecordSource(Write("note.txt", std::string(kFrench) + "\n" + kFrench + "\n")), "");
  // Three short lines that are sentences are prose, not a list.
  EXPECT_EQ(NotARecordSource(Write("bref.txt", "Salon lundi.\nVisite mardi.\nBilan jeudi.\n")), "");
  EXPECT_EQ(NotARecordSource(Write("news.jsonl", "{}\n")), "");
}

TEST_F(ReaderTest, PicksTheReaderByExtension) {
  const std::string feed = "<rss><channel><item><title>T</title><description>" +
                           std::string(kFrench) + "</description></item></channel></rss>";
  struct Case {
    std::string name, content;
  } cases[] = {
      {"a.jsonl", R"({"id":"a","kind":"news","title":"T"})"},
      {"a.ndjson", R"({"id":"a","kind":"news","title":"T"})"},
      {"a.json", R"([{"id":"a","kind":"news","title":"T"}])"},
      {"a.csv", "id;kind;title\na;news;T\n"},
      {"a.tsv", "id\tkind\ttitle\na\tnews\tT\n"},
      {"a.rss", feed},
      {"a.atom", feed},
      {"a.xml", feed},
      {"a.html", "<html><body><h1>T</h1><p>x</p></body></html>"},
      {"a.htm", "<html><body><h1>T</h1><p>x</p></body></html>"},
      {"a.txt", "T\nx\n"},
      {"a.md", "# T\nx\n"},
      {"a.markdown", "# T\nx\n"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ReadResult> r = ReadFile(Write(c.name, c.content));
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.status();
    ASSERT_EQ(r->documents.size(), 1u) << c.name;
    EXPECT_EQ(r->documents[0].title, "T") << c.name;
  }
  for (const Case& c : cases) {
    const std::string ext = c.name.substr(2);
    EXPECT_NE(std::find(SupportedExtensions().begin(), SupportedExtensions().end(), ext),
              SupportedExtensions().end())
        << ext;
  }
}

TEST_F(ReaderTest, FormatOverridesTheExtension) {
  const std::string path = Write("export.txt", "id;kind;title\nx;cluster;Mipyrail\n");
  absl::StatusOr<ReadResult> r = ReadFile(path, "csv");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->documents.size(), 1u);
  EXPECT_EQ(r->documents[0].kind, Kind::kCluster);
  EXPECT_EQ(ReadFile(path, "excel").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReaderTest, UnknownExtensionAndMissingFile) {
  absl::StatusOr<ReadResult> r = ReadFile(Write("a.docx", "x"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("unknown format \"docx\""));
  EXPECT_EQ(ReadFile((dir_ / "none.csv").string()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReaderTest, UsesTheMappingBesideTheFile) {
  const std::string csv = Write("crm.csv", "Raison sociale;Ville\nAtelier Dupont;Albi\n");
  Write("crm.csv.mapping.toml",
        "[defaults]\nkind = \"member\"\n[fields]\ntitle = \"Raison sociale\"\ncity = \"Ville\"\n");
  EXPECT_EQ(FindMappingFile(csv), csv + ".mapping.toml");
  absl::StatusOr<ReadResult> r = ReadFile(csv);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->documents.size(), 1u);
  EXPECT_EQ(r->documents[0].kind, Kind::kMember);
  EXPECT_EQ(r->documents[0].city, "Albi");
}

TEST_F(ReaderTest, UsesTheFolderMappingForEveryFormat) {
  Write("appels/meute-mapping.toml", "[defaults]\nkind = \"call\"\nfunder = \"Région\"\n");
  const std::string md = Write("appels/eau.md", "# Appel Eau\n\nDépôt jusqu'au 30 juin 2026.\n");
  absl::StatusOr<ReadResult> r = ReadFile(md);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->documents.size(), 1u);
  EXPECT_EQ(r->documents[0].kind, Kind::kCall);
  EXPECT_EQ(r->documents[0].funder, "Région");
  EXPECT_EQ(r->documents[0].deadline, "2026-06-30");
}

TEST_F(ReaderTest, ExplicitMappingAndItsFormat) {
  const std::string data = Write("api.out", R"({"items":[{"nom":"Aide A"},{"nom":"Aide B"}]})");
  const std::string mapping =
      Write("api.toml",
            "format = \"json\"\nrecords = \"items\"\n[defaults]\nkind = \"call\"\n"
            "[fields]\ntitle = \"nom\"\n");
  absl::StatusOr<ReadResult> r = ReadFileWithMapping(data, "", mapping);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->documents.size(), 2u);
  // "" means no mapping at all, even beside the file.
  EXPECT_EQ(ReadFileWithMapping(data, "", "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReaderTest, BrokenMappingIsAUsageError) {
  const std::string csv = Write("x.csv", "a\n1\n");
  Write("x.csv.mapping.toml", "[fields]\ntitre = \"a\"\n");
  absl::StatusOr<ReadResult> r = ReadFile(csv);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("x.csv.mapping.toml:2:1"));
}

TEST_F(ReaderTest, FillsMissingLanguagesByDetection) {
  const std::string path = Write(
      "l.jsonl",
      absl::StrCat(R"({"id":"fr","kind":"news","title":"Un","text":")", kFrench, "\"}\n",
                   R"({"id":"en","kind":"news","title":"Two","text":")", kEnglish, "\"}\n",
                   R"({"id":"given","kind":"news","lang":"en","title":"Trois","text":")", kFrench,
                   "\"}\n", R"({"id":"short","kind":"news","title":"Mipyrail"})", "\n"));
  absl::StatusOr<ReadResult> r = ReadFile(path);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->documents.size(), 4u);
  EXPECT_EQ(r->documents[0].lang, "fr");
  EXPECT_EQ(r->documents[1].lang, "en");
  EXPECT_EQ(r->documents[2].lang, "en");  // Given: never overwritten.
  EXPECT_EQ(r->documents[3].lang, "");    // Too short to tell.
}

// Found by json_reader_fuzzer: a number too large for a double made
// nlohmann throw out_of_range, which no reader caught.
TEST_F(ReaderTest, HugeNumbersAreReportedNotThrown) {
  for (const char* format : {"jsonl", "json"}) {
    absl::StatusOr<ReadResult> r =
        ParseContent("{\"id\":\"a\",\"kind\":\"news\",\"title\":\"T\",\"budget_eur\":1e999999}\n",
                     "n.json", format);
    ASSERT_TRUE(r.ok()) << format;
    EXPECT_TRUE(r->documents.empty()) << format;
    ASSERT_FALSE(r->diagnostics.empty()) << format;
    EXPECT_THAT(r->diagnostics[0].message, HasSubstr("number overflow")) << format;
  }
}

TEST_F(ReaderTest, ParseContentWithoutAFile) {
  absl::StatusOr<ReadResult> r = ParseContent("T\nx\n", "mem.txt", "text");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents.size(), 1u);
  EXPECT_EQ(ParseContent("x", "mem", "doc").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace meute::ingest
