#include "index/snippet.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/analyzer.h"

namespace meute::index {
namespace {

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override { analyzer_ = *ingest::Analyzer::Create(); }

  std::vector<std::string> Marked(const Snippet& s) {
    std::vector<std::string> out;
    for (const Highlight& h : s.highlights) out.push_back(s.text.substr(h.begin, h.end - h.begin));
    return out;
  }

  std::unique_ptr<ingest::Analyzer> analyzer_;
};

TEST_F(SnippetTest, AccentFreeQueryMarksAccentedText) {
  SnippetTerms terms;
  terms.forms = {"mobilite"};
  const Snippet s = MakeSnippet(*analyzer_, "La mobilité douce et la Mobilité partagée.",
                                ingest::Language::kFrench, terms);
  EXPECT_EQ(s.text, "La mobilité douce et la Mobilité partagée.");
  EXPECT_THAT(Marked(s), ::testing::ElementsAre("mobilité", "Mobilité"));
}

TEST_F(SnippetTest, StemsMarkInflections) {
  SnippetTerms terms;
  for (const ingest::Token& t : analyzer_->Analyze("entreprise", ingest::Language::kFrench)) {
    terms.stems.insert(t.stems.begin(), t.stems.end());
  }
  const Snippet s = MakeSnippet(*analyzer_, "Des entreprises et une entreprise.",
                                ingest::Language::kFrench, terms);
  EXPECT_THAT(Marked(s), ::testing::ElementsAre("entreprises", "entreprise"));
}

TEST_F(SnippetTest, PicksTheWindowWithTheMostDistinctTerms) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "remplissage sans rapport ";
  text += "ici hydrogène seul. ";
  for (int i = 0; i < 40; ++i) text += "encore du remplissage ";
  text += "hydrogène vert produit par électrolyse. ";
  for (int i = 0; i < 40; ++i) text += "et la fin du texte ";
  SnippetTerms terms;
  terms.forms = {"hydrogene", "electrolyse"};
  const Snippet s = MakeSnippet(*analyzer_, text, ingest::Language::kFrench, terms, 120);
  EXPECT_THAT(Marked(s), ::testing::ElementsAre("hydrogène", "électrolyse"));
  EXPECT_LE(s.text.size(), 120u + 6);
  EXPECT_EQ(s.text.substr(0, 3), "\xE2\x80\xA6");
  EXPECT_EQ(s.text.substr(s.text.size() - 3), "\xE2\x80\xA6");
}

TEST_F(SnippetTest, NoMatchGivesTheStartAndFoldsWhitespace) {
  const Snippet s = MakeSnippet(*analyzer_, "Ligne un.\n\n\tLigne   deux.",
                                ingest::Language::kFrench, SnippetTerms{});
  EXPECT_EQ(s.text, "Ligne un. Ligne deux.");
  EXPECT_TRUE(s.highlights.empty());
}

}  // namespace
}  // namespace meute::index
