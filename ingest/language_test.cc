#include "ingest/language.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"

namespace meute::ingest {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST(Language, FrenchNewsParagraph) {
  EXPECT_EQ(
      DetectLanguageCode("La Région Occitanie a annoncé mardi le lancement d'un appel à projets "
                         "destiné aux entreprises de la filière hydrogène, qui pourront déposer "
                         "leur dossier jusqu'au 15 mars."),
      "fr");
}

TEST(Language, EnglishCallParagraph) {
  EXPECT_EQ(DetectLanguageCode(
                "Proposals are expected to demonstrate how the results will be taken up by "
                "industry, and applicants should describe the role of each partner."),
            "en");
}

TEST(Language, FrenchWithoutAccentsStillFrench) {
  EXPECT_EQ(DetectLanguageCode("les entreprises du cluster et les laboratoires de la region "
                               "travaillent ensemble sur des projets communs"),
            "fr");
}

TEST(Language, TooLittleEvidenceIsUndecided) {
  EXPECT_EQ(DetectLanguageCode(""), "");
  EXPECT_EQ(DetectLanguageCode("Mipyrail"), "");
  EXPECT_EQ(DetectLanguageCode("12 345 678"), "");
}

TEST(Language, ElisionsAndContractions) {
  EXPECT_GT(DetectLanguage("l'usine qu'il n'a").score, 0);
  EXPECT_LT(DetectLanguage("it's what we don't").score, 0);
}

TEST(Language, ShortTitles) {
  EXPECT_EQ(DetectLanguageCode("Appel à projets pour la mobilité décarbonée"), "fr");
  EXPECT_EQ(DetectLanguageCode("Call for proposals on the circular economy"), "en");
}

TEST(Language, IgnoresInvalidUtf8) {
  EXPECT_EQ(DetectLanguageCode("le \xFF\xFE projet de la r\xE9gion et des entreprises"), "fr");
}

// Twenty English call texts written for this test: all must be English.
TEST(Language, EnglishCallTexts) {
  absl::StatusOr<std::string> text =
      ReadFileToString(SourceDir() + "/ingest/testdata/english_calls.txt");
  ASSERT_TRUE(text.ok()) << text.status();
  int total = 0, english = 0;
  for (absl::string_view para : absl::StrSplit(*text, "\n\n")) {
    if (absl::StripAsciiWhitespace(para).empty()) continue;
    ++total;
    if (DetectLanguageCode(para) == "en") {
      ++english;
    } else {
      ADD_FAILURE() << "not detected as English: " << para;
    }
  }
  EXPECT_EQ(total, 20);
  EXPECT_GE(english * 100, total * 98);
}

}  // namespace
}  // namespace meute::ingest
