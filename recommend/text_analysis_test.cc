#include "recommend/text_analysis.h"

#include <algorithm>
#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

class TextAnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ingest::Analyzer>> a = ingest::Analyzer::Create();
    ASSERT_TRUE(a.ok()) << a.status();
    analyzer_ = *std::move(a);
  }
  std::unique_ptr<ingest::Analyzer> analyzer_;
};

uint32_t CountOf(const ingest::TermVector& tv, absl::string_view stem) {
  for (const auto& [t, c] : tv.terms) {
    if (t == stem) return c;
  }
  return 0;
}

TEST_F(TextAnalysisTest, RecordTermsWeighTheTitleThreeTimes) {
  ingest::Document d;
  d.id = "x";
  d.title = "Hydrogène";
  d.text = "L'hydrogène vert.";
  d.skills = {"électrolyse"};
  const ingest::TermVector tv = AnalyzeRecord(*analyzer_, d);
  const std::string stem = analyzer_->Analyze("hydrogène", ingest::Language::kFrench)[0].stems[0];
  EXPECT_EQ(CountOf(tv, stem), 4u);
  const std::string skill =
      analyzer_->Analyze("électrolyse", ingest::Language::kFrench)[0].stems[0];
  EXPECT_EQ(CountOf(tv, skill), 1u);
  EXPECT_TRUE(std::is_sorted(tv.terms.begin(), tv.terms.end()));
}

TEST_F(TextAnalysisTest, ShippedGlossaryCompilesAndTranslatesEnglish) {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  const std::string path =
      std::string(dir != nullptr ? dir : ".") + "/corpora/glossary/domain-glossary.tsv";
  absl::StatusOr<Glossary> g = LoadGlossary(*analyzer_, path);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_GT(g->entries().size(), 400u);
  ingest::Document call;
  call.id = "c";
  call.lang = "en";
  call.title = "Fuel cells for regional trains";
  const ingest::TermVector tv = AnalyzeRecord(*analyzer_, call);
  const TermCounts expanded = g->Apply(TermCounts(tv.terms.begin(), tv.terms.end()), call.lang);
  auto has = [&](absl::string_view french) {
    const std::string stem = analyzer_->Analyze(french, ingest::Language::kFrench)[0].stems[0];
    return std::any_of(expanded.begin(), expanded.end(),
                       [&](const auto& p) { return p.first == stem; });
  };
  EXPECT_TRUE(has("combustible"));
  EXPECT_TRUE(has("régional"));
}

TEST_F(TextAnalysisTest, SurfaceFormsComeBackReadable) {
  ingest::Document d;
  d.title = "Hydrogène et électrolyse";
  d.text = "L’hydrogène vert, l'électrolyseur.";
  SurfaceForms forms;
  AddSurfaceForms(*analyzer_, d, forms);
  const std::string stem = analyzer_->Analyze("hydrogène", ingest::Language::kFrench)[0].stems[0];
  EXPECT_EQ(forms.Best(stem), "hydrogène");
}

}  // namespace
}  // namespace meute::recommend
