#include "recommend/record_files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ingest/reader.h"
#include "recommend/text_analysis.h"

namespace meute::recommend {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST(AnalyzeRecordFiles, EveryRecordInFileOrderAsAnalyzeRecord) {
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  const std::string clusters = SourceDir() + "/corpora/occitanie/clusters.jsonl";
  const std::string calls = SourceDir() + "/corpora/occitanie/calls.jsonl";
  std::vector<ingest::TermVector> got;
  ASSERT_TRUE(AnalyzeRecordFiles(**analyzer, {clusters, calls}, [&](ingest::TermVector&& tv) {
                got.push_back(std::move(tv));
              }).ok());
  std::vector<ingest::TermVector> serial;
  for (const std::string& f : {clusters, calls}) {
    absl::StatusOr<ingest::ReadResult> r = ingest::ReadFile(f);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const ingest::Document& d : r->documents) serial.push_back(AnalyzeRecord(**analyzer, d));
  }
  ASSERT_EQ(got.size(), serial.size());
  ASSERT_GT(got.size(), 16u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].record.id, serial[i].record.id);
    EXPECT_EQ(got[i].terms, serial[i].terms) << i;
  }
}

TEST(AnalyzeRecordFiles, MissingInputIsAnError) {
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  int records = 0;
  EXPECT_FALSE(
      AnalyzeRecordFiles(**analyzer, {"/nonexistent/records.jsonl"}, [&](ingest::TermVector&&) {
        ++records;
      }).ok());
  EXPECT_EQ(records, 0);
}

}  // namespace
}  // namespace meute::recommend
