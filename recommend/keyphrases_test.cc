#include "recommend/keyphrases.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

// Builds tokens for space-separated words; words in `stop` are stop words;
// the stem is the word itself.
AnalyzedField Field(const std::string& text, const std::set<std::string>& stop = {"le", "de"}) {
  AnalyzedField f;
  f.text = text;
  uint32_t pos = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of(" ,.", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) {
      ingest::Token t;
      t.surface = text.substr(start, end - start);
      t.form = t.surface;
      t.byte_begin = static_cast<uint32_t>(start);
      t.byte_end = static_cast<uint32_t>(end);
      t.position = pos++;
      t.stopword = stop.count(t.form) > 0;
      if (!t.stopword) t.stems = {t.form};
      f.tokens.push_back(t);
    }
    start = end + 1;
  }
  return f;
}

TEST(Keyphrases, JoinsAdjacentTopWordsIntoPhrases) {
  DocumentFrequencies df;
  for (const char* doc : {"le port de commerce", "le commerce de la ville", "la ville"}) {
    df.AddDocument(Field(doc).tokens);
  }
  const std::vector<AnalyzedField> fields = {Field("typhon saola frappe manille"),
                                             Field("le typhon saola, manille touchée. typhon")};
  const std::vector<Keyphrase> k = ExtractKeyphrases(fields, df, 3);
  ASSERT_FALSE(k.empty());
  EXPECT_EQ(k[0].text, "typhon saola");
  EXPECT_THAT(k[0].keys, ::testing::ElementsAre("typhon", "saola"));
  // "saola" is shown inside the phrase, not again alone.
  for (size_t i = 1; i < k.size(); ++i) EXPECT_NE(k[i].text, "saola");
}

TEST(Keyphrases, PunctuationBreaksPhrases) {
  DocumentFrequencies df;
  df.AddDocument(Field("autre chose").tokens);
  const std::vector<Keyphrase> k = ExtractKeyphrases({Field("alpha, beta")}, df, 5);
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k[0].keys.size(), 1u);
  EXPECT_EQ(k[1].keys.size(), 1u);
}

TEST(Keyphrases, KeysLeaveOutFunctionWords) {
  // Neither the analyzer's stop list nor Snowball's has "son" or "sous".
  DocumentFrequencies df;
  df.AddDocument(Field("autre chose").tokens);
  const std::vector<Keyphrase> k = ExtractKeyphrases({Field("son robot sous la vigne")}, df, 5);
  std::vector<std::string> texts;
  for (const Keyphrase& p : k) texts.push_back(p.text);
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains(::testing::HasSubstr("son"))));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains(::testing::HasSubstr("sous"))));
  EXPECT_FALSE(k.empty());
}

TEST(Keyphrases, FieldWeightCountsEachOccurrence) {
  DocumentFrequencies df;
  df.AddDocument(Field("autre chose").tokens);
  // Once in the title against twice in the text: the title wins when it
  // weighs 3 (1 + ln 3 > 1 + ln 2), the text when every field weighs 1.
  AnalyzedField title = Field("saola");
  const AnalyzedField text = Field("manille, manille");
  EXPECT_EQ(ExtractKeyphrases({title, text}, df, 1)[0].text, "manille");
  title.weight = 3;
  const std::vector<Keyphrase> k = ExtractKeyphrases({title, text}, df, 2);
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k[0].text, "saola");
  EXPECT_NEAR(k[0].score, (1 + std::log(3.0)) * df.Idf("saola"), 1e-9);
}

TEST(DocumentFrequencies, SmoothIdf) {
  DocumentFrequencies df;
  // ("a" is a function word, never a key: see KeysLeaveOutFunctionWords.)
  df.AddDocument(Field("alpha beta beta").tokens);
  df.AddDocument(Field("alpha").tokens);
  EXPECT_DOUBLE_EQ(df.Idf(TokenKey(Field("alpha").tokens[0])), std::log(3.0 / 3.0) + 1.0);
  EXPECT_DOUBLE_EQ(df.Idf(TokenKey(Field("beta").tokens[0])), std::log(3.0 / 2.0) + 1.0);
  EXPECT_DOUBLE_EQ(df.Idf("zz"), std::log(3.0) + 1.0);
}

}  // namespace
}  // namespace meute::recommend
