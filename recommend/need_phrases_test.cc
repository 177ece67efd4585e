#include "recommend/need_phrases.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

// A whitespace tokenizer for the tests: each word is its own stem, listed
// stop words have none.
PhraseField Tokens(absl::string_view text, const std::set<std::string>& stop) {
  PhraseField f;
  f.text = text;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\'' ||
                               text[i] == '.' || text[i] == '-')) {
      ++i;
    }
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != '\'' &&
           text[j] != '.' && text[j] != '-') {
      ++j;
    }
    if (j == i) break;
    if (j == i + 1 && j < text.size() &&
        text[j] == '\'') {  // An elision, as the analyzer drops it.
      i = j;
      continue;
    }
    PhraseToken t;
    t.surface = std::string(text.substr(i, j - i));
    t.form = t.surface;
    t.stopword = stop.count(t.form) > 0;
    if (!t.stopword) t.stems = {t.form};
    t.byte_begin = static_cast<uint32_t>(i);
    t.byte_end = static_cast<uint32_t>(j);
    f.tokens.push_back(std::move(t));
    i = j;
  }
  return f;
}

const std::set<std::string> kStop = {"le",  "de", "la",  "et",  "a",
                                     "des", "of", "and", "the", "with"};

PhraseRules Rules() {
  PhraseRules r;
  r.meaningful = [](const PhraseToken& t) { return !t.stopword && t.form != "projet"; };
  r.may_start = [](const PhraseToken& t) { return t.form != "vise"; };  // A verb.
  return r;
}

TEST(NeedPhrases, JoinsOverLinkersAndElisions) {
  const std::vector<PhraseField> fields = {
      Tokens("Le projet vise des réservoirs d'hydrogène liquide et la pile a combustible.", kStop)};
  const auto phrases = NeedPhrases(fields, {{"hydrogène"}, {"combustible"}}, Rules());
  EXPECT_THAT(phrases,
              testing::ElementsAre("réservoirs d'hydrogène liquide", "pile a combustible"));
}

TEST(NeedPhrases, StopsAtPunctuationOtherStopWordsAndBoilerplate) {
  const std::vector<PhraseField> fields = {Tokens("projet eau, sols et forêts", kStop)};
  // "eau" stands between boilerplate ("projet") and a comma: no phrase.
  EXPECT_THAT(NeedPhrases(fields, {{"eau"}, {"sols"}}, Rules()), testing::ElementsAre("", ""));
}

TEST(NeedPhrases, AtMostMaxWordsAndPrefersPhrasesHoldingOtherNeeds) {
  const std::vector<PhraseField> fields = {
      Tokens("capteurs optiques. capteurs de pollution des lagunes littorales", kStop)};
  PhraseRules rules = Rules();
  rules.max_words = 3;
  const auto phrases = NeedPhrases(fields, {{"capteurs"}, {"lagunes"}}, rules);
  EXPECT_EQ(phrases[0], "capteurs de pollution des lagunes");
  EXPECT_EQ(phrases[1], "pollution des lagunes littorales");
}

TEST(NeedPhrases, EnglishCallsFindFrenchNeedsThroughTheGlossary) {
  Glossary glossary({{"en", {{"aircraft"}}, {"aeronef"}}, {"fr", {{"avion"}}, {"aeronef"}}});
  const std::set<std::string> anchors = NeedAnchors("aeronef", "en", glossary);
  EXPECT_THAT(anchors, testing::UnorderedElementsAre("aeronef", "aircraft"));
  EXPECT_THAT(NeedAnchors("aeronef", "fr", glossary), testing::ElementsAre("aeronef"));
  const std::vector<PhraseField> fields = {Tokens("the regional aircraft, with data", kStop)};
  EXPECT_THAT(NeedPhrases(fields, {anchors}, Rules()), testing::ElementsAre("regional aircraft"));
}

// The texts of PhrasesAround(), each checked against the tokens it spans.
std::vector<std::string> Around(const PhraseField& f, const std::set<std::string>& anchors) {
  std::vector<std::string> out;
  for (const PhraseSpan& p : PhrasesAround(f, anchors, Rules())) {
    EXPECT_LE(p.first, p.last);
    EXPECT_LT(p.last, f.tokens.size());
    EXPECT_EQ(p.text, f.text.substr(f.tokens[p.first].byte_begin,
                                    f.tokens[p.last].byte_end - f.tokens[p.first].byte_begin));
    out.push_back(p.text);
  }
  return out;
}

TEST(PhrasesAround, GivesEachNeighbourAndTheGrownPhraseOnce) {
  const PhraseField f =
      Tokens("Le projet vise des réservoirs d'hydrogène liquide et la pile a combustible.", kStop);
  EXPECT_THAT(Around(f, {"hydrogène"}),
              ::testing::UnorderedElementsAre("hydrogène liquide", "réservoirs d'hydrogène",
                                              "réservoirs d'hydrogène liquide"));
  // "vise" may not start a phrase; "projet" is not a meaningful word; "et"
  // is no linker: the anchor "pile" grows to the right only.
  EXPECT_THAT(Around(f, {"pile"}), ::testing::ElementsAre("pile a combustible"));
  // A word alone is no phrase.
  EXPECT_THAT(Around(Tokens("Le projet vise.", kStop), {"vise"}), ::testing::IsEmpty());
}

TEST(PhrasesAround, KeepsHyphenatedCompoundsWhole) {
  const PhraseField f = Tokens("des stacks fuel-cell de forte puissance", kStop);
  const auto phrases = Around(f, {"fuel"});
  ASSERT_FALSE(phrases.empty());
  for (const std::string& p : phrases) EXPECT_THAT(p, ::testing::HasSubstr("fuel-cell"));
}

}  // namespace
}  // namespace meute::recommend
