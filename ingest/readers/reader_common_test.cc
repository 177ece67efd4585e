#include "ingest/readers/reader_common.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace meute::ingest::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DecodeText, Utf8WithBomIsTakenAsIs) {
  DecodedText d = DecodeText(
      "\xEF\xBB\xBF"
      "caf\xC3\xA9");
  EXPECT_EQ(d.text, "caf\xC3\xA9");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_FALSE(d.converted);
}

TEST(DecodeText, Utf16ByBom) {
  const std::string le(
      "\xFF\xFE"
      "c\0a\0f\0\xE9\0",
      10);
  EXPECT_EQ(DecodeText(le).text, "caf\xC3\xA9");
  EXPECT_EQ(DecodeText(le).encoding, "UTF-16LE");
  const std::string be(
      "\xFE\xFF"
      "\0c\0a\0f\0\xE9",
      10);
  EXPECT_EQ(DecodeText(be).text, "caf\xC3\xA9");
}

TEST(DecodeText, Windows1252WhenMostlyInvalid) {
  DecodedText d = DecodeText("\x80 \x96 \x9C\x75vre \xE9t\xE9");
  EXPECT_EQ(d.text, "\xE2\x82\xAC \xE2\x80\x93 \xC5\x93uvre \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_TRUE(d.converted);
}

TEST(DecodeText, DeclaredCharsetWhenNotUtf8) {
  // 0xA4 is the euro sign in ISO-8859-15 (and the currency sign in 1252).
  EXPECT_EQ(DecodeText("\xA4", "ISO-8859-15").text, "\xE2\x82\xAC");
  // Valid UTF-8 wins over a wrong declaration.
  EXPECT_EQ(DecodeText("\xC3\xA9", "ISO-8859-1").text, "\xC3\xA9");
}

TEST(DecodeText, MostlyUtf8IsRepairedLineByLine) {
  DecodedText d = DecodeText("d\xC3\xA9j\xC3\xA0\nvu\nl\xE0\n");
  EXPECT_EQ(d.text, "d\xC3\xA9j\xC3\xA0\nvu\nl\xEF\xBF\xBD\n");
  EXPECT_THAT(d.repaired_lines, ElementsAre(3));
}

TEST(TextHelpers, NewlinesAndSpaces) {
  EXPECT_EQ(NormalizeNewlines("a\r\nb\rc\n"), "a\nb\nc\n");
  EXPECT_EQ(CollapseWhitespace("  a\t\n b\xC2\xA0\xE2\x80\xAF"
                               "c  "),
            "a b c");
  EXPECT_EQ(CollapseWhitespace("\xE2\x80\x93"), "\xE2\x80\x93");  // A dash is no space.
}

TEST(TextHelpers, TitleFromText) {
  EXPECT_EQ(TitleFromText("\n\n  Premi\xC3\xA8re ligne  \nsuite"), "Premi\xC3\xA8re ligne");
  const std::string long_line(50, 'a');
  const std::string title = TitleFromText(long_line + " " + long_line + " " + long_line, 120);
  EXPECT_EQ(title, long_line + " " + long_line + "\xE2\x80\xA6");
}

TEST(TextHelpers, LanguageTagsAndStems) {
  EXPECT_EQ(NormalizeLanguageTag("fr-FR"), "fr");
  EXPECT_EQ(NormalizeLanguageTag(" EN_gb "), "en");
  EXPECT_EQ(NormalizeLanguageTag("français"), "");
  EXPECT_EQ(FileStem("a/b/c.tar.csv"), "c.tar");
  EXPECT_EQ(FileStem("c"), "c");
}

// Generated record ids depend on this hash: it must never change.
TEST(TextHelpers, StableHashIsPinned) {
  EXPECT_EQ(StableHash(""), "cbf29ce484222325");
  EXPECT_EQ(StableHash("Mipyrail"), StableHash("Mipyrail"));
  EXPECT_EQ(StableHash("a"), "af63dc4c8601ec8c");
  Document d;
  d.title = "Appel";
  d.text = "Texte";
  EXPECT_EQ(FallbackId(d, "dir/aides.csv"), "aides:" + StableHash("Appel\n\nTexte"));
  d.url = "https://example.org/a";
  EXPECT_EQ(FallbackId(d, "dir/aides.csv"), "https://example.org/a");
}

TEST(ResultBuilder, RepairsCapsAndCounts) {
  ReaderOptions options;
  options.max_field_bytes = 8;
  ResultBuilder b("f.txt", options);
  Document ok;
  ok.id = "a";
  ok.title = "T\xFF";
  ok.text = "0123456789";
  ok.themes = {
      "th\x01"
      "eme"};
  ok.date = "2026-02-30";
  EXPECT_TRUE(b.Accept(ok, 3));
  Document untitled;
  untitled.id = "b";
  untitled.text = "Premi\xC3\xA8re phrase.\nSuite.";
  EXPECT_TRUE(b.Accept(untitled, 4));
  Document empty;
  empty.id = "c";
  EXPECT_FALSE(b.Accept(empty, 5));
  Document no_id;
  no_id.title = "x";
  EXPECT_FALSE(b.Accept(no_id, 6));
  EXPECT_TRUE(b.Accept(ok, 7));  // Same id again: kept, counted as a duplicate.
  ReadResult r = std::move(b).Finish();
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_EQ(r.documents[0].title, "T\xEF\xBF\xBD");
  EXPECT_EQ(r.documents[0].text, "01234567");
  EXPECT_THAT(r.documents[0].themes, ElementsAre("theme"));
  EXPECT_EQ(r.documents[0].date, "");
  EXPECT_EQ(r.documents[1].title, "Premi\xC3\xA8r");  // From the text, as capped.
  EXPECT_EQ(r.stats.read, 5);
  EXPECT_EQ(r.stats.accepted, 3);
  EXPECT_EQ(r.stats.rejected, 2);
  EXPECT_EQ(r.stats.duplicates, 1);
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  EXPECT_THAT(all,
              HasSubstr("f.txt:3: warning: field \"title\": invalid UTF-8 replaced by U+FFFD"));
  EXPECT_THAT(all, HasSubstr("f.txt:3: warning: field \"text\": longer than 8 bytes, truncated"));
  EXPECT_THAT(all, HasSubstr("f.txt:3: warning: field \"themes\": control characters removed"));
  EXPECT_THAT(all, HasSubstr("f.txt:3: warning: field \"date\": expected YYYY-MM-DD"));
  EXPECT_THAT(all, HasSubstr("f.txt:4: warning: field \"title\": missing, taken from the text"));
  EXPECT_THAT(all, HasSubstr("f.txt:5: record has neither title nor text"));
  EXPECT_THAT(all, HasSubstr("f.txt:6: field \"id\": missing or blank"));
  EXPECT_THAT(all, HasSubstr("f.txt:7: warning: id \"a\" repeated (first at line 3)"));
}

}  // namespace
}  // namespace meute::ingest::internal
