#include "ingest/analyzer.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace meute::ingest {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;
using ::testing::Not;

class AnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::Create();
    ASSERT_TRUE(a.ok()) << a.status();
    analyzer_ = a->release();
  }
  static void TearDownTestSuite() {
    delete analyzer_;
    analyzer_ = nullptr;
  }

  std::vector<std::string> Forms(absl::string_view text, Language lang = Language::kFrench) {
    std::vector<std::string> out;
    for (const Token& t : analyzer_->Analyze(text, lang)) out.push_back(t.form);
    return out;
  }
  // Every stem of every token.
  std::vector<std::string> Stems(absl::string_view text, Language lang = Language::kFrench) {
    std::vector<std::string> out;
    for (const Token& t : analyzer_->Analyze(text, lang)) {
      out.insert(out.end(), t.stems.begin(), t.stems.end());
    }
    return out;
  }
  // True if some stem of `query` is a stem of `doc`: what a search needs.
  bool Matches(absl::string_view query, absl::string_view doc) {
    std::vector<std::string> d = Stems(doc);
    for (const std::string& s : Stems(query)) {
      if (std::find(d.begin(), d.end(), s) != d.end()) return true;
    }
    return false;
  }

  static Analyzer* analyzer_;
};

Analyzer* AnalyzerTest::analyzer_ = nullptr;

TEST_F(AnalyzerTest, SplitsElisionsWithBothApostrophes) {
  EXPECT_THAT(Forms("l'innovation"), ElementsAre("innovation"));
  EXPECT_THAT(Forms("l\u2019hydrog\u00e8ne"), ElementsAre("hydrogene"));
  EXPECT_THAT(Forms("jusqu'\u00e0 lorsqu\u2019il puisqu'elle"), ElementsAre("a", "il", "elle"));
}

TEST_F(AnalyzerTest, KeepsAujourdhuiWhole) {
  EXPECT_THAT(Forms("aujourd'hui"), ElementsAre("aujourd'hui"));
  EXPECT_THAT(Forms("Aujourd\u2019hui"), ElementsAre("aujourd'hui"));
}

TEST_F(AnalyzerTest, ElisionOffsetsPointAtTheWord) {
  const std::string text = "d\u2019Automotech";
  std::vector<Token> t = analyzer_->Analyze(text, Language::kFrench);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].surface, "Automotech");
  EXPECT_EQ(text.substr(t[0].byte_begin, t[0].byte_end - t[0].byte_begin), "Automotech");
}

TEST_F(AnalyzerTest, AccentFreeQueriesMatchAccentedTextBothWays) {
  EXPECT_TRUE(Matches("mobilite", "la mobilit\u00e9 durable"));
  EXPECT_TRUE(Matches("mobilit\u00e9", "mobilite"));
  EXPECT_TRUE(Matches("hydrogene", "l\u2019hydrog\u00e8ne vert"));
  EXPECT_TRUE(Matches("entreprise", "les entreprises"));
  EXPECT_TRUE(Matches("ECOLE", "\u00c9cole"));
}

TEST_F(AnalyzerTest, HyphenatedCompoundsAreJoinedAndSplit) {
  std::vector<Token> t = analyzer_->Analyze("Midi-Pyr\u00e9n\u00e9es", Language::kFrench);
  std::vector<std::string> forms;
  for (const Token& x : t) forms.push_back(x.form);
  EXPECT_THAT(forms, ElementsAre("midi", "pyrenees", "midipyrenees"));
  EXPECT_TRUE(t[2].joined);
  EXPECT_EQ(t[2].position, t[0].position);
  EXPECT_EQ(t[1].position, t[0].position + 1);
  EXPECT_TRUE(Matches("midi pyrenees", "Midi-Pyr\u00e9n\u00e9es"));
  EXPECT_TRUE(Matches("ecoconception", "\u00e9co-conception"));
}

TEST_F(AnalyzerTest, LigaturesNfdAndNoBreakSpaces) {
  EXPECT_THAT(Forms("\u0153uvre C\u0152UR"), ElementsAre("oeuvre", "coeur"));
  EXPECT_THAT(Forms("e\u0301nergie"), ElementsAre("energie"));  // NFD input.
  EXPECT_THAT(Forms("10\u202f000\u00a0\u20ac"), ElementsAre("10000"));
  EXPECT_THAT(Forms("10 000 000 d'euros"), ElementsAre("10000000", "euros"));
  EXPECT_THAT(Forms("\u00ab\u00a0p\u00f4le\u00a0\u00bb"), ElementsAre("pole"));
}

TEST_F(AnalyzerTest, AcronymsNumbersAndAddresses) {
  EXPECT_THAT(Forms("C.C.I."), ElementsAre("cci"));
  EXPECT_THAT(Forms("3,5\u00a0%"), ElementsAre("3,5"));
  EXPECT_THAT(Forms("contact@meute.example.org"),
              IsSupersetOf({"contact", "meute", "example", "org", "contact@meute.example.org"}));
  EXPECT_THAT(Forms("voir https://www.example.org/aap-2026."),
              Contains("https://www.example.org/aap-2026"));
}

TEST_F(AnalyzerTest, StopwordsHaveFormsButNoStems) {
  std::vector<Token> t =
      analyzer_->Analyze("le p\u00f4le de comp\u00e9titivit\u00e9", Language::kFrench);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_TRUE(t[0].stopword);
  EXPECT_TRUE(t[0].stems.empty());
  EXPECT_FALSE(t[1].stopword);
  EXPECT_FALSE(t[1].stems.empty());
  EXPECT_EQ(t[3].position, 3u);
}

TEST_F(AnalyzerTest, SummerIsNotAStopword) {
  // Snowball's list has forms of "être" but "été" (summer) matters here.
  EXPECT_THAT(Stems("s\u00e9cheresse en \u00e9t\u00e9"), Not(::testing::IsEmpty()));
  EXPECT_FALSE(analyzer_->IsStopword("ete", Language::kFrench));
}

TEST_F(AnalyzerTest, EnglishRules) {
  EXPECT_THAT(Stems("the railways", Language::kEnglish), ElementsAre("railway"));
  EXPECT_THAT(Forms("the company's water", Language::kEnglish),
              ElementsAre("the", "company", "water"));
  EXPECT_TRUE(analyzer_->IsStopword("the", Language::kEnglish));
}

TEST_F(AnalyzerTest, InvalidUtf8NeverBreaksOffsets) {
  const std::string text = "caf\xE9 l'\xFFinnovation \xE2\x82";
  std::vector<Token> t = analyzer_->Analyze(text, Language::kFrench);
  ASSERT_FALSE(t.empty());
  for (const Token& x : t) {
    EXPECT_LE(x.byte_begin, x.byte_end);
    EXPECT_LE(x.byte_end, text.size());
  }
}

TEST_F(AnalyzerTest, StemIsXapiansFrenchSnowball) {
  EXPECT_EQ(analyzer_->Stem("mobilit\u00e9", Language::kFrench), "mobil");
  EXPECT_EQ(analyzer_->Stem("Entreprises", Language::kFrench), "entrepris");
}

}  // namespace
}  // namespace meute::ingest

namespace meute::ingest {
namespace {

// Found by the analyzer fuzzer: ICU gives "s\u202F2" one number status.
TEST(AnalyzerFuzzRegression, StopwordBeforeNarrowNoBreakSpaceHasNoStem) {
  auto analyzer = Analyzer::Create();
  ASSERT_TRUE(analyzer.ok());
  std::vector<Token> t = (*analyzer)->Analyze(
      "s\xE2\x80\xAF"
      "2",
      Language::kFrench);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[0].stopword);
  EXPECT_TRUE(t[0].stems.empty());
  EXPECT_EQ(t[1].form, "2");
}

// Found by the analyzer fuzzer: "ŉ" normalises to an apostrophe and "n".
TEST(AnalyzerFuzzRegression, CompatibilityApostropheKeepsOffsetsOrdered) {
  auto analyzer = Analyzer::Create();
  ASSERT_TRUE(analyzer.ok());
  const std::string text = "c\xC5\x89\x89";
  for (const Token& t : (*analyzer)->Analyze(text, Language::kFrench)) {
    EXPECT_LE(t.byte_begin, t.byte_end);
    EXPECT_LE(t.byte_end, text.size());
  }
}

}  // namespace
}  // namespace meute::ingest
