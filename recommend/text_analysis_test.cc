#include "recommend/text_analysis.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "recommend/model.h"

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

TEST_F(TextAnalysisTest, AnalyzeRecordsKeepsRecordOrderOnAnyNumberOfThreads) {
  std::vector<ingest::Document> records;
  const std::vector<std::string> words = {"hydrogène", "ferroviaire", "vigne",   "satellite",
                                          "robotique", "irrigation",  "batterie"};
  for (int i = 0; i < 300; ++i) {  // Several parallel chunks.
    ingest::Document d;
    d.id = absl::StrCat("r", i);
    d.title = words[static_cast<size_t>(i) % words.size()];
    d.text = absl::StrCat(words[static_cast<size_t>(i * 3) % words.size()], " et ",
                          words[static_cast<size_t>(i * 5 + 1) % words.size()], " ", i);
    records.push_back(d);
  }
  std::vector<ingest::TermVector> serial;
  for (const ingest::Document& d : records) serial.push_back(AnalyzeRecord(*analyzer_, d));
  for (int threads : {1, 3}) {
    std::vector<ingest::TermVector> got;
    AnalyzeRecords(*analyzer_, records, threads,
                   [&](ingest::TermVector&& tv) { got.push_back(std::move(tv)); });
    ASSERT_EQ(got.size(), serial.size()) << threads;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].record.id, serial[i].record.id) << threads;
      EXPECT_EQ(got[i].terms, serial[i].terms) << threads << " " << i;
    }
  }
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

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST_F(TextAnalysisTest, DictionariesJoinTheDomainGlossaryWhichWins) {
  const std::string path = ::testing::TempDir() + "/glossary.tsv";
  std::ofstream(path) << "en\tstorage\tstockage\n";
  DictionarySources sources;
  sources.eng_fra = SourceDir() + "/recommend/testdata/dictd/eng-fra";
  sources.fra_eng = SourceDir() + "/recommend/testdata/dictd/fra-eng";
  sources.required = true;
  absl::StatusOr<Glossary> g = LoadGlossary(*analyzer_, path, sources);
  ASSERT_TRUE(g.ok()) << g.status();
  // storage (domain), then the dictionary's battery, grid, heat, research, search, warmth, water.
  ASSERT_EQ(g->entries().size(), 8u);
  auto stem = [&](absl::string_view w, ingest::Language l) {
    return analyzer_->Analyze(w, l)[0].stems[0];
  };
  EXPECT_THAT(g->entries()[0].targets,
              ::testing::ElementsAre(stem("stockage", ingest::Language::kFrench)));
  for (size_t i = 1; i < g->entries().size(); ++i) {
    EXPECT_NE(g->entries()[i].source[0][0], stem("storage", ingest::Language::kEnglish));
  }
  // Missing and required: kNotFound; missing and optional: the glossary alone.
  sources.eng_fra = ::testing::TempDir() + "/none";
  EXPECT_EQ(LoadGlossary(*analyzer_, path, sources).status().code(), absl::StatusCode::kNotFound);
  sources.required = false;
  sources.fra_eng = "";
  absl::StatusOr<Glossary> alone = LoadGlossary(*analyzer_, path, sources);
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_EQ(alone->entries().size(), 1u);
}

// On a small generated corpus, English documents land next to the French
// documents of their subject with the dictionaries, and nowhere in
// particular without them.
TEST_F(TextAnalysisTest, DictionariesBringEnglishNextToFrenchOnTheSameSubject) {
  const std::vector<std::vector<std::string>> french = {{"stockage", "batterie", "réseau"},
                                                        {"eau", "irriguer", "arroser"},
                                                        {"chaleur", "recherche", "four"}};
  const std::vector<std::string> english = {"Battery storage for the grid",
                                            "Water for the fields, irrigation", "Heat research"};
  const std::vector<std::string> filler = {"projet",     "entreprise", "région",
                                           "innovation", "partenaire", "territoire"};
  std::vector<ingest::TermVector> docs;
  for (size_t s = 0; s < french.size(); ++s) {
    for (size_t i = 0; i < 4; ++i) {
      ingest::Document d;
      d.id = absl::StrCat("fr-", s, "-", i);
      d.lang = "fr";
      d.title = absl::StrCat(french[s][i % 3], " ", french[s][(i + 1) % 3]);
      d.text = absl::StrCat(filler[(s + i) % filler.size()], " ",
                            filler[(s + 2 * i) % filler.size()], " ", french[s][(i + 2) % 3]);
      docs.push_back(AnalyzeRecord(*analyzer_, d));
    }
  }
  for (size_t s = 0; s < english.size(); ++s) {
    ingest::Document d;
    d.id = absl::StrCat("en-", s);
    d.lang = "en";
    d.title = english[s];
    docs.push_back(AnalyzeRecord(*analyzer_, d));
  }
  const std::string path = ::testing::TempDir() + "/empty-glossary.tsv";
  std::ofstream(path) << "# no domain entry\n";
  DictionarySources sources;
  sources.eng_fra = SourceDir() + "/recommend/testdata/dictd/eng-fra";
  sources.fra_eng = SourceDir() + "/recommend/testdata/dictd/fra-eng";
  sources.required = true;
  absl::StatusOr<Glossary> g = LoadGlossary(*analyzer_, path, sources);
  ASSERT_TRUE(g.ok()) << g.status();
  ModelOptions options;
  options.svd.rank = 4;
  absl::StatusOr<Model> with = Model::Build(docs, options, *g);
  absl::StatusOr<Model> without = Model::Build(docs, options);
  ASSERT_TRUE(with.ok()) << with.status();
  ASSERT_TRUE(without.ok()) << without.status();
  // Mean cosine of each English document with the French ones of its subject.
  auto same_subject = [&](const Model& m, size_t s) {
    const Eigen::VectorXf e = m.item_vectors().row(m.FindItem(absl::StrCat("en-", s))).transpose();
    float sum = 0;
    for (size_t i = 0; i < 4; ++i) {
      sum += m.item_vectors().row(m.FindItem(absl::StrCat("fr-", s, "-", i))).dot(e);
    }
    return sum / 4;
  };
  auto nearest_french_subject = [&](const Model& m, size_t s) {
    const Eigen::VectorXf e = m.item_vectors().row(m.FindItem(absl::StrCat("en-", s))).transpose();
    float best = -2;
    size_t subject = french.size();
    for (size_t t = 0; t < french.size(); ++t) {
      for (size_t i = 0; i < 4; ++i) {
        const float c = m.item_vectors().row(m.FindItem(absl::StrCat("fr-", t, "-", i))).dot(e);
        if (c > best) best = c, subject = t;
      }
    }
    return subject;
  };
  for (size_t s = 0; s < english.size(); ++s) {
    EXPECT_GT(same_subject(*with, s), same_subject(*without, s) + 0.2f) << english[s];
    EXPECT_EQ(nearest_french_subject(*with, s), s) << english[s];
  }
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

TEST_F(TextAnalysisTest, CollectedSurfaceFormsDoNotDependOnThreads) {
  std::vector<ingest::TermVector> docs(7);
  const char* texts[] = {"Hydrogène vert",
                         "L'hydrogène",
                         "IA embarquée",
                         "l'IA",
                         "Électrolyse, électrolyseur",
                         "hydrogene sans accent",
                         "Vigne et vignes"};
  for (size_t i = 0; i < docs.size(); ++i) docs[i].record.text = texts[i];
  const SurfaceForms one = CollectSurfaceForms(*analyzer_, docs, 1);
  for (int threads : {2, 3, 7}) {
    const SurfaceForms many = CollectSurfaceForms(*analyzer_, docs, threads);
    for (const char* word : {"hydrogène", "IA", "électrolyse", "vigne", "embarquée"}) {
      const std::string stem = analyzer_->Analyze(word, ingest::Language::kFrench)[0].stems[0];
      EXPECT_FALSE(one.Best(stem).empty()) << word;
      EXPECT_EQ(many.Best(stem), one.Best(stem)) << word << " on " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace meute::recommend
