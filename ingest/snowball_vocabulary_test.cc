// The analyzer's stemming step against the Snowball French reference
// vocabulary that matches Xapian 1.4 (20,403 words). The data folder comes from
// MEUTE_DATA_DIR (set by scripts/test.sh and .ci/run).

#include <cstdlib>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "base/file_util.h"
#include "ingest/analyzer.h"

namespace meute::ingest {
namespace {

TEST(SnowballVocabulary, EveryWordStemsAsTheReference) {
  const char* data = std::getenv("MEUTE_DATA_DIR");
  if (data == nullptr || *data == '\0') GTEST_SKIP() << "MEUTE_DATA_DIR is not set";
  const std::string dir = std::string(data) + "/snowball-french/";
  absl::StatusOr<std::string> voc = ReadFileToString(dir + "voc-xapian14.txt");
  absl::StatusOr<std::string> out = ReadFileToString(dir + "output-xapian14.txt");
  if (voc.status().code() == absl::StatusCode::kNotFound) {
    GTEST_SKIP() << "no Snowball vocabulary under " << dir;
  }
  ASSERT_TRUE(voc.ok()) << voc.status();
  ASSERT_TRUE(out.ok()) << out.status();
  auto analyzer = Analyzer::Create();
  ASSERT_TRUE(analyzer.ok());

  std::istringstream words(*voc), stems(*out);
  std::string word, stem;
  int total = 0, same = 0;
  while (std::getline(words, word)) {
    ASSERT_TRUE(static_cast<bool>(std::getline(stems, stem))) << "output shorter than voc";
    ++total;
    const std::string got = (*analyzer)->Stem(word, Language::kFrench);
    if (got == stem) {
      ++same;
    } else if (total - same <= 10) {
      ADD_FAILURE() << word << ": got " << got << ", expected " << stem;
    }
  }
  EXPECT_EQ(total, 20403);
  EXPECT_EQ(same, total);
  RecordProperty("matched", same);
}

}  // namespace
}  // namespace meute::ingest
