#include "index/synonyms.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/analyzer.h"

namespace meute::index {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class SynonymsTest : public ::testing::Test {
 protected:
  void SetUp() override { analyzer_ = *ingest::Analyzer::Create(); }

  std::vector<Synonyms::Word> Words(const std::string& text) {
    std::vector<Synonyms::Word> out;
    for (const ingest::Token& t : analyzer_->Analyze(text, ingest::Language::kFrench)) {
      if (t.joined) continue;
      out.push_back({{t.form}, {t.stems}});
    }
    return out;
  }

  std::vector<std::string> Expand(const Synonyms& s, const std::string& query, size_t* length) {
    const Synonyms::Match m = s.Find(Words(query), 0);
    *length = m.length;
    std::vector<std::string> out;
    for (const Synonyms::Expression* e : m.expansions) out.push_back(e->text);
    return out;
  }

  std::unique_ptr<ingest::Analyzer> analyzer_;
};

TEST_F(SynonymsTest, EquivalenceExpandsBothWaysIgnoringCaseAndAccents) {
  absl::StatusOr<Synonyms> s =
      Synonyms::Parse("# c\n\nIA, intelligence artificielle\n", "s.txt", *analyzer_);
  ASSERT_TRUE(s.ok()) << s.status();
  size_t n = 0;
  EXPECT_THAT(Expand(*s, "ia", &n), UnorderedElementsAre("intelligence artificielle"));
  EXPECT_EQ(n, 1u);
  EXPECT_THAT(Expand(*s, "Intelligence Artificielle robots", &n), UnorderedElementsAre("IA"));
  EXPECT_EQ(n, 2u);
}

// Parse() analyses every expression of a file in one Analyze() call; each
// must still be analysed as on its own: every trigger of the built-in rules,
// analysed alone, matches itself whole.
TEST_F(SynonymsTest, BuiltinTriggersAnalysedTogetherMatchAsAnalysedAlone) {
  absl::StatusOr<Synonyms> s =
      Synonyms::Parse(Synonyms::BuiltinText(), "built-in synonyms", *analyzer_);
  ASSERT_TRUE(s.ok()) << s.status();
  int checked = 0;
  for (absl::string_view line : absl::StrSplit(Synonyms::BuiltinText(), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const size_t arrow = line.find("=>");
    for (absl::string_view raw : absl::StrSplit(line.substr(0, arrow), ',')) {
      raw = absl::StripAsciiWhitespace(raw);
      if (raw.empty()) continue;
      const std::vector<Synonyms::Word> words = Words(std::string(raw));
      const Synonyms::Match m = s->Find(words, 0);
      EXPECT_EQ(m.length, words.size()) << "\"" << raw << "\" does not match itself";
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// The table analysed at build time holds what Parse() makes of the shipped
// file now: same rules, same forms and stems (a stale or damaged table fails).
TEST_F(SynonymsTest, BuiltinTableEqualsTheShippedFileAnalysedNow) {
  absl::StatusOr<Synonyms> parsed =
      Synonyms::Parse(Synonyms::BuiltinText(), "built-in synonyms", *analyzer_);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  absl::StatusOr<Synonyms> built = Synonyms::Builtin();
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_GT(built->rule_count(), 50u);
  EXPECT_EQ(built->Serialize(), parsed->Serialize());
  size_t n = 0;
  EXPECT_THAT(Expand(*built, "ia", &n), ::testing::Contains("intelligence artificielle"));
  EXPECT_FALSE(Synonyms::Deserialize("x\x1d"
                                     "abc\n")
                   .ok());
}

TEST_F(SynonymsTest, OneWayRulesDoNotExpandBack) {
  absl::StatusOr<Synonyms> s = Synonyms::Parse("PV => photovoltaïque\n", "s.txt", *analyzer_);
  ASSERT_TRUE(s.ok()) << s.status();
  size_t n = 0;
  EXPECT_THAT(Expand(*s, "PV", &n), UnorderedElementsAre("photovoltaïque"));
  EXPECT_TRUE(Expand(*s, "photovoltaique", &n).empty());
}

TEST_F(SynonymsTest, LongestMatchWinsAndStemsMatch) {
  absl::StatusOr<Synonyms> s = Synonyms::Parse(
      "H2, hydrogène\nhydrogène vert, green hydrogen\nappel à projets, AAP\n", "s.txt", *analyzer_);
  ASSERT_TRUE(s.ok()) << s.status();
  size_t n = 0;
  EXPECT_THAT(Expand(*s, "hydrogène vert", &n), UnorderedElementsAre("green hydrogen"));
  EXPECT_EQ(n, 2u);
  // The singular phrase too: phrases match written forms.
  EXPECT_THAT(Expand(*s, "appels à projets", &n), UnorderedElementsAre("AAP", "appel à projets"));
  EXPECT_EQ(n, 3u);
}

TEST_F(SynonymsTest, BadLinesNameFileAndLine) {
  EXPECT_THAT(std::string(Synonyms::Parse("a, b\nseul\n", "s.txt", *analyzer_).status().message()),
              HasSubstr("s.txt:2:"));
  EXPECT_THAT(std::string(Synonyms::Parse("=> b\n", "s.txt", *analyzer_).status().message()),
              HasSubstr("s.txt:1: a rule with \"=>\""));
  EXPECT_EQ(Synonyms::Load("/nonexistent/syn.txt", *analyzer_).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SynonymsTest, ShippedFileParsesWithAtLeastSixtyRules) {
  absl::StatusOr<Synonyms> s = Synonyms::Parse(Synonyms::BuiltinText(), "builtin", *analyzer_);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_GE(s->rule_count(), 60u);
}

}  // namespace
}  // namespace meute::index
