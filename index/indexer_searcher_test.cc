// Indexer and Searcher together, on temporary databases.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/indexer.h"
#include "index/searcher.h"
#include "index/term_export.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

ingest::Document News(std::string id, std::string title, std::string text,
                      std::string date = "2026-01-10") {
  ingest::Document d;
  d.id = std::move(id);
  d.kind = ingest::Kind::kNews;
  d.title = std::move(title);
  d.text = std::move(text);
  d.date = std::move(date);
  d.lang = "fr";
  return d;
}

class IndexSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("meute_index_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
    absl::StatusOr<std::unique_ptr<ingest::Analyzer>> a = ingest::Analyzer::Create();
    ASSERT_TRUE(a.ok()) << a.status();
    analyzer_ = *std::move(a);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Indexer> OpenIndexer(IndexerOptions options = {}) {
    absl::StatusOr<std::unique_ptr<Indexer>> i = Indexer::Open(dir_, *analyzer_, options);
    EXPECT_TRUE(i.ok()) << i.status();
    return i.ok() ? *std::move(i) : nullptr;
  }

  std::vector<std::string> Ids(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 100;
    absl::StatusOr<SearchResponse> resp = s.Search(r);
    EXPECT_TRUE(resp.ok()) << resp.status();
    std::vector<std::string> ids;
    if (resp.ok()) {
      for (const Hit& h : resp->hits) ids.push_back(h.id);
    }
    return ids;
  }

  std::unique_ptr<Searcher> OpenSearcher() {
    SearcherOptions o;
    o.analyzer = analyzer_.get();
    absl::StatusOr<std::unique_ptr<Searcher>> s = Searcher::Open(dir_, o);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }

  std::string dir_;
  std::unique_ptr<ingest::Analyzer> analyzer_;
};

TEST_F(IndexSearchTest, AddReplaceAndSkipUnchanged) {
  auto indexer = OpenIndexer();
  ASSERT_NE(indexer, nullptr);
  const ingest::Document a = News("a", "Mobilité", "La mobilité partagée.");
  EXPECT_EQ(*indexer->Add(a), AddOutcome::kAdded);
  EXPECT_EQ(*indexer->Add(a), AddOutcome::kUnchanged);
  EXPECT_EQ(*indexer->Add(News("a", "Mobilité", "Un autre texte.")), AddOutcome::kReplaced);
  ASSERT_TRUE(indexer->Commit().ok());
  EXPECT_EQ(indexer->DocCount(), 1u);
  indexer.reset();
  auto searcher = OpenSearcher();
  EXPECT_THAT(Ids(*searcher, "mobilite"), ElementsAre("a"));
  EXPECT_THAT(Ids(*searcher, "partagee"), IsEmpty());
  EXPECT_THAT(Ids(*searcher, "autre texte"), ElementsAre("a"));
}

TEST_F(IndexSearchTest, UncommittedChangesAreDiscarded) {
  {
    auto indexer = OpenIndexer();
    ASSERT_TRUE(indexer->Add(News("kept", "Premier", "Texte.")).ok());
    ASSERT_TRUE(indexer->Commit().ok());
    ASSERT_TRUE(indexer->Add(News("lost", "Second", "Texte.")).ok());
    // Destroyed without Commit().
  }
  auto searcher = OpenSearcher();
  EXPECT_EQ(searcher->DocCount(), 1u);
  EXPECT_THAT(Ids(*searcher, "texte"), ElementsAre("kept"));
}

TEST_F(IndexSearchTest, SecondWriterIsUnavailable) {
  auto first = OpenIndexer();
  ASSERT_NE(first, nullptr);
  absl::StatusOr<std::unique_ptr<Indexer>> second = Indexer::Open(dir_, *analyzer_);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("locked by another writer"));
}

TEST_F(IndexSearchTest, RebuildSwapsInAFreshIndexAtCommit) {
  {
    auto indexer = OpenIndexer();
    ASSERT_TRUE(indexer->Add(News("old", "Ancien", "Texte.")).ok());
    ASSERT_TRUE(indexer->Commit().ok());
  }
  IndexerOptions o;
  o.rebuild = true;
  auto rebuilt = OpenIndexer(o);
  ASSERT_NE(rebuilt, nullptr);
  ASSERT_TRUE(rebuilt->Add(News("new", "Nouveau", "Texte.")).ok());
  ASSERT_TRUE(rebuilt->Flush().ok());
  {
    auto searcher = OpenSearcher();  // Before the swap: the old index.
    EXPECT_THAT(Ids(*searcher, "texte"), ElementsAre("old"));
  }
  ASSERT_TRUE(rebuilt->Commit().ok());
  auto searcher = OpenSearcher();
  EXPECT_THAT(Ids(*searcher, "texte"), ElementsAre("new"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + ".rebuild"));
}

TEST_F(IndexSearchTest, SearcherReopensWhenAWriterCommitsUnderneath) {
  constexpr int kRecords = 1500;
  auto write_version = [&](Indexer& indexer, int version) {
    for (int j = 0; j < kRecords; ++j) {
      ASSERT_TRUE(indexer
                      .Add(News("n" + std::to_string(j), "Batteries",
                                "Recyclage des batteries, version " + std::to_string(version) +
                                    ". " + std::string(300, static_cast<char>('a' + j % 26))))
                      .ok());
    }
    ASSERT_TRUE(indexer.Commit().ok());
  };
  auto indexer = OpenIndexer();
  write_version(*indexer, 0);
  auto searcher = OpenSearcher();
  bool saw_new_version = false;
  for (int version = 1; version <= 6; ++version) {
    // Rewriting every record makes Xapian reuse the blocks the searcher's
    // revision points to: reading them raises DatabaseModifiedError, and the
    // searcher must reopen and retry.
    write_version(*indexer, version);
    SearchRequest r;
    r.query = "batteries";
    r.offset = version * 100;
    r.limit = 10;
    absl::StatusOr<SearchResponse> resp = searcher->Search(r);
    ASSERT_TRUE(resp.ok()) << resp.status();
    ASSERT_EQ(resp->hits.size(), 10u);
    const std::string latest = "version " + std::to_string(version) + ".";
    saw_new_version =
        saw_new_version || resp->hits[0].record.text.find(latest) != std::string::npos;
  }
  EXPECT_TRUE(saw_new_version);
}

TEST_F(IndexSearchTest, ExportsTheStemsTheAnalyzerMade) {
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->Add(News("h", "Hydrogène", "L’hydrogène vert et l'hydrogène bleu.")).ok());
  ASSERT_TRUE(indexer->Commit().ok());
  indexer.reset();
  absl::StatusOr<std::vector<ingest::TermVector>> tvs = ExportTermVectors(dir_);
  ASSERT_TRUE(tvs.ok()) << tvs.status();
  ASSERT_EQ(tvs->size(), 1u);
  EXPECT_EQ((*tvs)[0].record.id, "h");
  // Twice in the text, once in the title (counted with its title weight).
  EXPECT_THAT((*tvs)[0].terms, Contains(Pair("hydrogen", 5u)));
  EXPECT_THAT((*tvs)[0].terms, Contains(Pair("vert", 1u)));
}

TEST_F(IndexSearchTest, SimilarPrintsSharedTermsAsWritten) {
  auto indexer = OpenIndexer();
  ASSERT_TRUE(
      indexer->Add(News("a", "Électrolyseurs", "Des électrolyseurs pour l'hydrogène vert.")).ok());
  ASSERT_TRUE(indexer->Add(News("b", "Hydrogène", "Stations d'hydrogène et électrolyseurs.")).ok());
  ASSERT_TRUE(indexer->Add(News("c", "Vigne", "Irrigation de la vigne.")).ok());
  ASSERT_TRUE(indexer->Commit().ok());
  indexer.reset();
  auto searcher = OpenSearcher();
  SimilarRequest r;
  r.id = "a";
  absl::StatusOr<SimilarResponse> resp = searcher->Similar(r);
  ASSERT_TRUE(resp.ok()) << resp.status();
  ASSERT_FALSE(resp->hits.empty());
  EXPECT_EQ(resp->hits[0].id, "b");
  EXPECT_THAT(resp->hits[0].matched_terms, Contains("électrolyseurs"));
  r.id = "nope";
  EXPECT_EQ(searcher->Similar(r).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace meute::index

namespace meute::index {
namespace {

// Seeded random queries built from the grammar's pieces (and raw bytes):
// every one is answered or refused with kInvalidArgument, never a crash.
TEST_F(IndexSearchTest, RandomQueriesNeverFail) {
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->Add(News("a", "Hydrogène vert", "L’hydrogène à Midi-Pyrénées.")).ok());
  ASSERT_TRUE(indexer->Add(News("b", "Robots", "Cobots et robotique agricole.")).ok());
  ASSERT_TRUE(indexer->Commit().ok());
  indexer.reset();
  auto searcher = OpenSearcher();
  static const char* kPieces[] = {"hydrogène",
                                  "robot*",
                                  "\"",
                                  "«",
                                  "»",
                                  "(",
                                  ")",
                                  "-",
                                  "+",
                                  "OR",
                                  "AND",
                                  "NOT",
                                  "OU",
                                  "titre:",
                                  "type:call",
                                  "type:",
                                  "date:",
                                  "date:2026..",
                                  "echeance:..2026-02-30",
                                  "budget:1M..",
                                  "cluster:",
                                  "financeur:\"ADEME",
                                  "l'",
                                  "’",
                                  "le",
                                  "la",
                                  "IA",
                                  "H2",
                                  "Midi-Pyrénées",
                                  "*",
                                  ":",
                                  "..",
                                  "\xC3",
                                  "\xFF",
                                  "\t",
                                  "  ",
                                  "a",
                                  "zzz",
                                  "robotiqe"};
  uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  for (int i = 0; i < 1500; ++i) {
    std::string q;
    const int n = 1 + next() % 12;
    for (int k = 0; k < n; ++k) {
      q += kPieces[next() % (sizeof(kPieces) / sizeof(kPieces[0]))];
      if (next() % 2) q += ' ';
    }
    SearchRequest r;
    r.query = q;
    r.facets = next() % 2;
    absl::StatusOr<SearchResponse> resp = searcher->Search(r);
    EXPECT_TRUE(resp.ok() || resp.status().code() == absl::StatusCode::kInvalidArgument)
        << q << ": " << resp.status();
  }
}

}  // namespace
}  // namespace meute::index
