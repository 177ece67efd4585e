#include "recommend/glossary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// A toy stemmer: lower case, drops "for"/"de"/"à", strips a final "s"; the
// word "cells" also yields "cel" as a second stem (as the analyzer may give
// two stems for one word).
std::vector<std::vector<std::string>> ToyStems(absl::string_view text, absl::string_view) {
  std::vector<std::vector<std::string>> out;
  for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    std::string s = absl::AsciiStrToLower(w);
    if (s == "for" || s == "de" || s == "à") continue;
    if (s.size() > 3 && s.back() == 's') s.pop_back();
    std::vector<std::string> stems = {s};
    if (s == "cell") stems.push_back("cel");
    out.push_back(stems);
  }
  return out;
}

TEST(Glossary, ParsesEntriesSkippingCommentsAndStopWords) {
  const absl::StatusOr<Glossary> g = Glossary::Parse(
      "# comment\n\nen\tfuel cells\tpile à combustible\r\n"
      "en\tfor\tpour\n"  // no content word: skipped
      "fr\tarrosage\tirrigation; eau\n"
      "fr\tpluies\tpluie\n",  // target equals source stem: skipped
      ToyStems);
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_EQ(g->entries().size(), 2u);
  EXPECT_EQ(g->entries()[0].lang, "en");
  EXPECT_THAT(g->entries()[0].source, ElementsAre(ElementsAre("fuel"), ElementsAre("cell", "cel")));
  EXPECT_THAT(g->entries()[0].targets, ElementsAre("pile", "combustible"));
  EXPECT_THAT(g->entries()[1].targets, ElementsAre("irrigation", "eau"));
}

TEST(Glossary, RejectsMalformedLinesWithTheirNumber) {
  absl::StatusOr<Glossary> g = Glossary::Parse("en\tok\tbon\nen\tonly two\n", ToyStems);
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(g.status().message()), ::testing::HasSubstr("line 2"));
  g = Glossary::Parse("de\tWasser\teau\n", ToyStems);
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Glossary, AppliesOnlyToTheEntryLanguageAndNeedsEveryWord) {
  const absl::StatusOr<Glossary> g =
      Glossary::Parse("en\tfuel cell\tpile combustible\nen\thydrogen\thydrogene\n", ToyStems);
  ASSERT_TRUE(g.ok());
  // English document with both words (one through its second stem).
  EXPECT_THAT(g->Apply({{"fuel", 2}, {"cel", 3}, {"bus", 1}}, "en"),
              ElementsAre(Pair("bus", 1), Pair("cel", 3), Pair("combustible", 2), Pair("fuel", 2),
                          Pair("pile", 2)));
  // Only one of the two words: no expansion.
  EXPECT_THAT(g->Apply({{"fuel", 2}}, "en"), ElementsAre(Pair("fuel", 2)));
  // French documents are not touched by English entries ("" counts as French).
  EXPECT_THAT(g->Apply({{"hydrogen", 1}}, ""), ElementsAre(Pair("hydrogen", 1)));
  // A target already present keeps the larger count.
  EXPECT_THAT(g->Apply({{"hydrogen", 1}, {"hydrogene", 4}}, "en"),
              ElementsAre(Pair("hydrogen", 1), Pair("hydrogene", 4)));
}

}  // namespace
}  // namespace meute::recommend
