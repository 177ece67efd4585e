#include "recommend/bilingual_dictionary.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string TestData() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : ".") + "/recommend/testdata/dictd";
}

// A stand-in analyzer: words split on spaces and apostrophes, a few stop
// words, a final "s" dropped.
std::vector<std::vector<std::string>> FakeStemWords(absl::string_view text, absl::string_view) {
  static const std::vector<std::string> kStop = {"a", "à", "the", "de", "d", "la", "une", "se"};
  std::vector<std::vector<std::string>> out;
  for (absl::string_view w : absl::StrSplit(text, absl::ByAnyChar(" '"), absl::SkipEmpty())) {
    std::string s = absl::AsciiStrToLower(w);
    if (std::find(kStop.begin(), kStop.end(), s) != kStop.end()) continue;
    if (s.size() > 3 && s.back() == 's') s.pop_back();
    out.push_back({s});
  }
  return out;
}

TEST(ParseFreeDictEntry, ReadsHeadwordSensesAndDropsNotes) {
  absl::StatusOr<DictEntry> e = ParseFreeDictEntry(
      "wind /wɪnd/ <v>\n1. vent\n2. enrouler (une bobine), remonter\n3.  [mar] souffle\n");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->headword, "wind");
  ASSERT_EQ(e->senses.size(), 3u);
  EXPECT_THAT(e->senses[0], ElementsAre("vent"));
  EXPECT_THAT(e->senses[1], ElementsAre("enrouler", "remonter"));
  EXPECT_THAT(e->senses[2], ElementsAre("souffle"));
}

TEST(ParseFreeDictEntry, UnnumberedSenseAndNoPronunciation) {
  absl::StatusOr<DictEntry> e = ParseFreeDictEntry("abbatial\nabbatial\n");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->headword, "abbatial");
  ASSERT_EQ(e->senses.size(), 1u);
  EXPECT_THAT(e->senses[0], ElementsAre("abbatial"));
}

TEST(ParseFreeDictEntry, RejectsEmptyHeadword) {
  EXPECT_EQ(ParseFreeDictEntry("\neau\n").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseFreeDictEntry("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ReadDictd, ReadsDictzipAndPlainDatabases) {
  absl::StatusOr<std::vector<DictEntry>> eng = ReadDictd(TestData() + "/eng-fra");
  ASSERT_TRUE(eng.ok()) << eng.status();
  ASSERT_EQ(eng->size(), 5u);  // The 00databaseshort entry is skipped.
  EXPECT_EQ((*eng)[0].headword, "water");
  EXPECT_THAT((*eng)[0].senses[1], ElementsAre("arroser", "irriguer"));
  EXPECT_EQ((*eng)[1].headword, "heat pump");
  EXPECT_THAT((*eng)[2].senses[0], ElementsAre("stockage", "entreposage"));
  absl::StatusOr<std::vector<DictEntry>> fra = ReadDictd(TestData() + "/fra-eng");
  ASSERT_TRUE(fra.ok()) << fra.status();
  ASSERT_EQ(fra->size(), 3u);
  EXPECT_EQ((*fra)[0].headword, "batterie");
  EXPECT_THAT((*fra)[0].senses[1], ElementsAre("drum kit"));
}

class BadDictd : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs them in parallel.
    dir_ =
        std::filesystem::path(::testing::TempDir()) /
        absl::StrCat("bad_dictd_", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    base_ = (dir_ / "d").string();
    Write(".dict", "w /w/\neau\n");
  }
  void Write(const std::string& ext, const std::string& text) {
    std::ofstream(base_ + ext, std::ios::binary) << text;
  }
  absl::Status Read() { return ReadDictd(base_).status(); }
  std::filesystem::path dir_;
  std::string base_;
};

TEST_F(BadDictd, MissingFileIsNotFound) {
  EXPECT_EQ(ReadDictd((dir_ / "none").string()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(BadDictd, ErrorsNameFileAndLine) {
  Write(".index", "w\tA\tK\nx\tA\n");
  const absl::Status s = Read();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("d.index\" line 2"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("3 tab-separated fields"));
}

TEST_F(BadDictd, RejectsBadDigitsAndRangesOutsideTheData) {
  Write(".index", "w\tA\tK*\n");
  EXPECT_THAT(std::string(Read().message()), HasSubstr("bad base-64"));
  Write(".index", "w\tA\tZZ\n");
  EXPECT_THAT(std::string(Read().message()), HasSubstr("outside the 10 bytes"));
  Write(".index", "w\tAAAAAAAAA\tK\n");  // Nine digits: beyond any real file.
  EXPECT_THAT(std::string(Read().message()), HasSubstr("bad base-64"));
  Write(".index", "w\tA\tQAAA\n");  // 4 MiB for one entry.
  EXPECT_THAT(std::string(Read().message()), HasSubstr("over the limit"));
  Write(".index", "w\tA\tK\n");
  EXPECT_TRUE(Read().ok()) << Read();
}

TEST_F(BadDictd, CorruptDictzipIsDataLoss) {
  Write(".index", "w\tA\tK\n");
  Write(".dict.dz", std::string("\x1f\x8b\x08\x00garbage", 11));
  const absl::Status s = Read();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("d.dict.dz"));
}

TEST(Gunzip, BoundsTheOutput) {
  std::ifstream in(TestData() + "/eng-fra.dict.dz", std::ios::binary);
  const std::string packed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(Gunzip(packed, 1 << 20).ok());
  EXPECT_EQ(Gunzip(packed, 16).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Gunzip(packed.substr(0, packed.size() / 2), 1 << 20).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(EnglishToFrench, JoinsBothDirectionsAndKeepsOneWordEnglish) {
  const TranslationTable t = EnglishToFrench(
      {{"water", {{"eau"}, {"arroser"}}}, {"heat pump", {{"pompe à chaleur"}}}},
      {{"chaleur", {{"heat", "warmth"}}}, {"batterie", {{"battery"}, {"drum kit"}}}});
  EXPECT_FALSE(t.contains("heat pump"));
  EXPECT_FALSE(t.contains("drum kit"));
  EXPECT_THAT(t.at("water"), ElementsAre("arroser", "eau"));
  EXPECT_THAT(t.at("heat"), ElementsAre("chaleur"));
  EXPECT_THAT(t.at("battery"), ElementsAre("batterie"));
}

TEST(CompileDictionary, KeepsOneContentWordTranslationsAndMergesStems) {
  const TranslationTable t = {{"network", {"filet", "réseau"}},
                              {"networks", {"filets"}},
                              {"water", {"d'eau", "arroser à la main"}}};
  const std::vector<GlossaryEntry> e = CompileDictionary(t, FakeStemWords, Glossary());
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].lang, "en");
  EXPECT_THAT(e[0].source, ElementsAre(ElementsAre("network")));
  EXPECT_THAT(e[0].targets, ElementsAre("filet", "réseau"));  // filet(s): one translation.
  EXPECT_THAT(e[1].source, ElementsAre(ElementsAre("water")));
  EXPECT_THAT(e[1].targets, ElementsAre("eau"));  // "arroser à la main": several words.
}

TEST(CompileDictionary, LeavesAmbiguousWordsOut) {
  const TranslationTable t = {{"wind", {"vent", "enrouler", "remonter", "souffle"}},
                              {"grid", {"réseau", "grille"}}};
  DictionaryOptions options;
  options.max_translations = 3;
  const std::vector<GlossaryEntry> e = CompileDictionary(t, FakeStemWords, Glossary(), options);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_THAT(e[0].source, ElementsAre(ElementsAre("grid")));
  options.max_translations = 1;
  EXPECT_THAT(CompileDictionary(t, FakeStemWords, Glossary(), options), IsEmpty());
}

TEST(CompileDictionary, DomainGlossaryWinsAndIdenticalWordsAddNothing) {
  const Glossary domain({{"en", {{"storage"}}, {"stockage"}}});
  const TranslationTable t = {{"storage", {"entreposage"}}, {"train", {"train"}}};
  EXPECT_THAT(CompileDictionary(t, FakeStemWords, domain), IsEmpty());
}

}  // namespace
}  // namespace meute::recommend
