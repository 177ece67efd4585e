#include "index/term_export.h"

#include <filesystem>
#include <string>

#include <xapian.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/schema.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class TermExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("meute_term_export_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a database by hand, as the indexer lays it out.
  void Write(int analyzer_version) {
    Xapian::WritableDatabase db(dir_.string(), Xapian::DB_CREATE_OR_OPEN);
    ingest::Document a;
    a.id = "news-1";
    a.kind = ingest::Kind::kNews;
    a.title = "Hydrogène";
    a.text = "L'hydrogène vert";
    Xapian::Document da;
    da.set_data(ingest::ToJson(a));
    da.add_boolean_term("Qnews-1");
    da.add_boolean_term("Knews");
    da.add_posting("hydrogene", 1);
    da.add_term("Zhydrogen", 3);
    da.add_term("Zvert", 1);
    da.add_term("SZhydrogen", 1);
    db.replace_document("Qnews-1", da);
    ingest::Document b;
    b.id = "call-2";
    b.kind = ingest::Kind::kCall;
    b.title = "Appel";
    Xapian::Document dbb;
    dbb.set_data(ingest::ToJson(b));
    dbb.add_boolean_term("Qcall-2");
    dbb.add_term("Zappel", 2);
    db.replace_document("Qcall-2", dbb);
    db.set_metadata(std::string(kMetaAnalyzerVersion), std::to_string(analyzer_version));
    db.set_metadata(std::string(kMetaSchemaVersion), std::to_string(kSchemaVersion));
    db.commit();
  }

  std::filesystem::path dir_;
};

TEST_F(TermExportTest, ExportsStemsWithoutPrefixInDocumentOrder) {
  Write(ingest::kAnalyzerVersion);
  absl::StatusOr<std::vector<ingest::TermVector>> tvs = ExportTermVectors(dir_.string());
  ASSERT_TRUE(tvs.ok()) << tvs.status();
  ASSERT_EQ(tvs->size(), 2u);
  EXPECT_EQ((*tvs)[0].record.id, "news-1");
  EXPECT_EQ((*tvs)[0].record.title, "Hydrogène");
  EXPECT_THAT((*tvs)[0].terms, ElementsAre(Pair("hydrogen", 3u), Pair("vert", 1u)));
  EXPECT_EQ((*tvs)[1].record.id, "call-2");
  EXPECT_EQ((*tvs)[1].record.kind, ingest::Kind::kCall);
  EXPECT_THAT((*tvs)[1].terms, ElementsAre(Pair("appel", 2u)));
}

TEST_F(TermExportTest, RefusesAnotherAnalyzerVersion) {
  Write(ingest::kAnalyzerVersion + 1);
  absl::StatusOr<std::vector<ingest::TermVector>> tvs = ExportTermVectors(dir_.string());
  EXPECT_EQ(tvs.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(tvs.status().message()), ::testing::HasSubstr("analyzer version"));
}

TEST_F(TermExportTest, MissingIndexIsNotFound) {
  EXPECT_EQ(ExportTermVectors(dir_.string()).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace meute::index
