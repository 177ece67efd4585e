#include "ingest/utf8.h"

#include <gtest/gtest.h>

namespace meute::ingest {
namespace {

TEST(Utf8, ValidTextIsUntouched) {
  std::string s = "Midi-Pyr\xC3\xA9n\xC3\xA9\x65s \xE2\x82\xAC";
  EXPECT_EQ(FindInvalidUtf8(s), std::string::npos);
  EXPECT_EQ(RepairUtf8(&s), 0);
}

TEST(Utf8, ReplacesLatin1BytesAndTruncatedSequences) {
  std::string s = "caf\xE9 \xE2\x82";  // Latin-1 é, then a cut euro sign.
  EXPECT_EQ(FindInvalidUtf8(s), 3u);
  EXPECT_EQ(RepairUtf8(&s), 2);
  EXPECT_EQ(s, "caf\xEF\xBF\xBD \xEF\xBF\xBD");
}

TEST(Utf8, RejectsOverlongAndSurrogates) {
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);
  EXPECT_EQ(FindInvalidUtf8("a\xED\xA0\x80"), 1u);
}

TEST(Utf8, StripsBom) {
  std::string s = "\xEF\xBB\xBFid";
  EXPECT_TRUE(StripUtf8Bom(&s));
  EXPECT_EQ(s, "id");
  EXPECT_FALSE(StripUtf8Bom(&s));
}

}  // namespace
}  // namespace meute::ingest
