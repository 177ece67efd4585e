// Regression tests of issue 17, one per defect class, each on a new example:
// one validation rule for every reader, no script/style/template/noscript text
// in any field, diagnostics that are valid UTF-8, whole files lost counted as
// file errors, NUL bytes in JSON texts reported.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/diagnostic.h"
#include "ingest/jsonl_reader.h"
#include "ingest/readers/csv_reader.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/json_reader.h"
#include "ingest/readers/rss_atom_reader.h"
#include "ingest/utf8.h"

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string AllMessages(const ReadResult& r) {
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

// --- One validation rule -------------------------------------------------

TEST(RecordRules, BlankIdsAndTitlesAreRefusedInJsonLines) {
  // Ideographic space, thin space, NBSP + narrow NBSP: blank for every reader.
  const std::string content =
      "{\"id\":\"\xE3\x80\x80\",\"kind\":\"news\",\"title\":\"Une\"}\n"
      "{\"id\":\"n2\",\"kind\":\"news\",\"title\":\"\xE2\x80\x89\xC2\xA0\xE2\x80\xAF\"}\n"
      "{\"id\":\"n3\",\"kind\":\" \",\"title\":\"Trois\"}\n"
      "{\"id\":\"n4\",\"kind\":\"news\",\"title\":\"Quatre\"}\n";
  ReadResult r = ParseJsonLines(content, "b.jsonl");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].id, "n4");
  EXPECT_EQ(r.stats.rejected, 3);
  const std::string all = AllMessages(r);
  EXPECT_THAT(all, HasSubstr("b.jsonl:1: field \"id\": missing or blank"));
  EXPECT_THAT(all, HasSubstr("b.jsonl:2: field \"title\": missing or blank"));
  EXPECT_THAT(all, HasSubstr("b.jsonl:3: field \"kind\": missing or blank"));
}

TEST(RecordRules, BlankIdIsNoIdInCsvAndFeeds) {
  // Formats whose rows may lack an id generate one: a blank id is no id, it
  // never becomes one.
  ReadResult csv = ParseCsv("id,kind,title\n\xC2\xA0\xC2\xA0,news,Un\nc2,news,Deux\n", "b.csv");
  ASSERT_EQ(csv.documents.size(), 2u) << AllMessages(csv);
  for (const Document& d : csv.documents) EXPECT_FALSE(IsBlank(d.id));
  ReadResult feed = ParseFeed(
      "<rss version=\"2.0\"><channel><title>F</title><item><guid>\xE2\x80\x83</guid>"
      "<title>\xE3\x80\x80</title><description>Texte seul</description></item></channel></rss>",
      "b.rss");
  ASSERT_EQ(feed.documents.size(), 1u) << AllMessages(feed);
  EXPECT_FALSE(IsBlank(feed.documents[0].id));
  EXPECT_EQ(feed.documents[0].title, "Texte seul");
}

TEST(RecordRules, DeadlineBeforeOpeningDateIsRefusedInEveryReader) {
  ReadResult jsonl = ParseJsonLines(
      "{\"id\":\"ap1\",\"kind\":\"call\",\"title\":\"AAP\",\"opens\":\"2027-05-10\","
      "\"deadline\":\"2027-04-30\"}\n"
      "{\"id\":\"ap2\",\"kind\":\"call\",\"title\":\"AAP 2\",\"opens\":\"2027-05-10\","
      "\"deadline\":\"2027-05-10\"}\n",
      "calls.jsonl");
  ASSERT_EQ(jsonl.documents.size(), 1u) << AllMessages(jsonl);
  EXPECT_EQ(jsonl.documents[0].id, "ap2");  // Same day is allowed.
  EXPECT_THAT(AllMessages(jsonl),
              HasSubstr("calls.jsonl:1: field \"deadline\": 2027-04-30 precedes the opening "
                        "date (field \"opens\": 2027-05-10)"));

  ReadResult csv =
      ParseCsv("id,kind,title,opens,deadline\nap3,call,AAP 3,2027-09-01,2027-08-15\n", "calls.csv");
  EXPECT_TRUE(csv.documents.empty());
  EXPECT_EQ(csv.stats.rejected, 1);
  EXPECT_THAT(AllMessages(csv), HasSubstr("calls.csv:2: field \"deadline\": 2027-08-15 precedes"));

  ReadResult json = ParseJsonDocument(
      "[\n{\"id\":\"ap4\",\"kind\":\"call\",\"title\":\"T\",\"opens\":\"2028-01-02\","
      "\"deadline\":\"2028-01-01\"}\n]\n",
      "calls.json");
  EXPECT_TRUE(json.documents.empty());
  EXPECT_THAT(AllMessages(json), HasSubstr("calls.json:2: field \"deadline\""));
}

TEST(RecordRules, WrongJsonTypesOfTextFieldsAreRefusedNotConverted) {
  const std::string content =
      "{\"id\":\"m1\",\"kind\":\"member\",\"title\":\"Atelier\",\"city\":31000}\n"
      "{\"id\":\"m2\",\"kind\":\"member\",\"title\":false}\n"
      "{\"id\":42,\"kind\":\"member\",\"title\":\"Quarante-deux\"}\n"
      "{\"id\":\"m4\",\"kind\":\"member\",\"title\":\"Ok\",\"funder\":{\"a\":1}}\n";
  ReadResult r = ParseJsonLines(content, "t.jsonl");
  EXPECT_TRUE(r.documents.empty()) << AllMessages(r);
  EXPECT_EQ(r.stats.rejected, 4);
  const std::string all = AllMessages(r);
  EXPECT_THAT(all, HasSubstr("t.jsonl:1: field \"city\": expected a string, got number"));
  EXPECT_THAT(all, HasSubstr("t.jsonl:2: field \"title\": expected a string, got boolean"));
  EXPECT_THAT(all, HasSubstr("t.jsonl:3: field \"id\": expected a string, got number"));
  EXPECT_THAT(all, HasSubstr("t.jsonl:4: field \"funder\": expected a string, got object"));
}

// --- Script text never reaches a field -----------------------------------

TEST(NonTextElements, NeverReachTitleTextOrDescriptionOfAPage) {
  const std::string page =
      "<html><head><title>Portail<style>.zorglub{}</style></title>"
      "<meta name=\"description\" content=\"Résumé\"></head><body>"
      "<h1>Hydrogène vert<noscript>zorglubnoscript</noscript>"
      "<template>zorglubtemplate</template><script>track('zorglubscript')</script></h1>"
      "<p>Le projet <span><script>var zorglubinline=1;</script>avance</span> vite, avec "
      "des partenaires industriels et des laboratoires de la région.</p>"
      "<p>Un deuxième paragraphe <svg><text>zorglubsvg</text></svg>assez long pour "
      "compter comme le texte de l'article.</p></body></html>";
  ReadResult r = ParseHtmlPage(page, "p.html");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.title, "Hydrogène vert");
  for (const std::string* field : {&d.title, &d.text, &d.extra_json}) {
    EXPECT_THAT(*field, Not(HasSubstr("zorglub")));
  }
  EXPECT_THAT(d.text, HasSubstr("avance"));
}

TEST(NonTextElements, NeverReachTheTitleOfAnAtomEntry) {
  const std::string feed =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>"
      "<entry><id>e1</id><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
      "Appel<script>zorglubfeed()</script> ouvert</div></title>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Texte"
      "<style>p{zorglubstyle}</style></div></content></entry></feed>";
  ReadResult r = ParseFeed(feed, "f.atom");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_THAT(r.documents[0].title, Not(HasSubstr("zorglub")));
  EXPECT_THAT(r.documents[0].title, HasSubstr("Appel"));
  EXPECT_THAT(r.documents[0].text, Not(HasSubstr("zorglub")));
}

// --- Feed semantics: extension titles do not replace the item's own -------

TEST(FeedTitles, ExtensionTitlesOnlyStandIn) {
  const std::string feed =
      "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
      "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel><title>F</title>"
      "<item><guid>p1</guid><itunes:title>Episode court</itunes:title><title>Episode 12 : le "
      "fret ferroviaire</title><media:title>Vignette</media:title></item>"
      "<item><guid>p2</guid><media:title>Seul titre media</media:title>"
      "<description>x</description></item></channel></rss>";
  ReadResult r = ParseFeed(feed, "podcast.rss");
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Episode 12 : le fret ferroviaire");
  EXPECT_EQ(r.documents[1].title, "Seul titre media");
}

// --- Diagnostics are valid UTF-8 ------------------------------------------

TEST(Utf8Diagnostics, InvalidBytesAreEscapedWithTheirOffset) {
  size_t offset = 0;
  EXPECT_EQ(EscapeInvalidUtf8("caf\xE9 \xF0\x9F", &offset), "caf\\xE9 \\xF0\\x9F");
  EXPECT_EQ(offset, 3u);
  EXPECT_EQ(EscapeInvalidUtf8("déjà", &offset), "déjà");
  EXPECT_EQ(offset, std::string::npos);
  Diagnostic d{"a\xFF.json", 2, 3, Severity::kError, "bad \xC0\xAF byte"};
  EXPECT_EQ(d.ToString(), "a\\xFF.json:2:3: bad \\xC0\\xAF byte");
}

TEST(Utf8Diagnostics, JsonParserMessagesCarryNoRawBytes) {
  // A whole-file JSON document whose string holds a lone continuation byte
  // and a truncated sequence: nlohmann quotes the bytes it read last.
  for (const std::string& text : {std::string("[\"\x80\xBF\"\n"),
                                  std::string("{\"a\":\"\xE2\x82\"x}"), std::string("[1,\xFE]")}) {
    for (const ReadResult& r :
         {ParseJsonDocument(text, "u.json"), ParseJsonLines(text, "u.jsonl")}) {
      ASSERT_FALSE(r.diagnostics.empty());
      for (const Diagnostic& d : r.diagnostics) {
        EXPECT_EQ(FindInvalidUtf8(d.message), std::string::npos) << d.ToString();
        EXPECT_EQ(FindInvalidUtf8(d.ToString()), std::string::npos);
      }
    }
  }
}

TEST(IsBlank, UnicodeWhiteSpaceOnly) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\r\n"));
  EXPECT_TRUE(
      IsBlank("\xC2\x85\xE1\x9A\x80\xE2\x80\xA8\xE2\x81\x9F"));  // NEL, U+1680, U+2028, U+205F
  EXPECT_FALSE(IsBlank(" a "));
  EXPECT_FALSE(IsBlank("\xFF"));
}

// --- Whole files lost are file errors -------------------------------------

TEST(FileErrors, ReadersThatGiveUpOnAFileCountIt) {
  EXPECT_GT(ParseJsonDocument("[{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\"},", "j.json")
                .stats.file_errors,
            0);
  EXPECT_GT(ParseFeed("this is no feed at all", "n.rss").stats.file_errors, 0);
  EXPECT_GT(ParseFeed("<?xml version=\"1.0\"?><html><p>x</p></html>", "h.rss").stats.file_errors,
            0);
  ReadResult csv = ParseCsv("id,kind,\"title\nx,news,y\n", "q.csv");
  EXPECT_GT(csv.stats.file_errors, 0) << AllMessages(csv);
  // A file read in full, whatever its bad records, has none.
  ReadResult ok = ParseJsonLines("{\"id\":1}\n", "r.jsonl");
  EXPECT_EQ(ok.stats.file_errors, 0);
  EXPECT_EQ(ok.stats.rejected, 1);
}

// --- NUL bytes in JSON texts ----------------------------------------------

TEST(JsonNul, EndsNoTextSilently) {
  using namespace std::string_literals;
  ReadResult lines = ParseJsonLines(
      "{\"id\":\"z1\",\"kind\":\"news\",\"title\":\"Z\"}\0[\"rest\n"s
      "{\"id\":\"z2\",\"kind\":\"news\",\"title\":\"Y\"}\n",
      "nul.jsonl");
  ASSERT_EQ(lines.documents.size(), 1u);
  EXPECT_EQ(lines.documents[0].id, "z2");
  EXPECT_THAT(AllMessages(lines), HasSubstr("nul.jsonl:1:38: invalid JSON: NUL byte"));

  ReadResult doc = ParseJsonDocument("[\n  \"x\",\n  7\0]"s, "nul.json");
  EXPECT_TRUE(doc.documents.empty());
  EXPECT_GT(doc.stats.file_errors, 0);
  EXPECT_THAT(AllMessages(doc), HasSubstr("nul.json:3:4: invalid JSON: NUL byte"));

  ReadResult number = ParseJsonLines("456\0"s, "n.jsonl");
  EXPECT_EQ(number.stats.rejected, 1);
  EXPECT_THAT(AllMessages(number), HasSubstr("n.jsonl:1:4: invalid JSON: NUL byte"));
}

}  // namespace
}  // namespace meute::ingest
