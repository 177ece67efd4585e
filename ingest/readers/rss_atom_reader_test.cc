#include "ingest/readers/rss_atom_reader.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iconv.h>

#include <cerrno>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "ingest/csv_mapping.h"

namespace meute::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string AllMessages(const ReadResult& r) {
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

// Everything a record holds, for "nothing of X leaked" checks.
std::string Everything(const ReadResult& r) {
  std::string all = AllMessages(r);
  for (const Document& d : r.documents) all += ToJson(d) + "\n";
  return all;
}

constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Actualités des clusters d'Occitanie</title>
  <link>https://example.org/</link>
  <language>fr-FR</language>
  <item>
    <title>Mipyrail ouvre un appel à partenaires</title>
    <link>https://example.org/actu/1</link>
    <guid isPermaLink="true">https://example.org/actu/1</guid>
    <pubDate>Thu, 12 Feb 2026 10:00:00 +0100</pubDate>
    <description>&lt;p&gt;Le cluster cherche des &lt;b&gt;PME&lt;/b&gt; &amp;amp; des laboratoires.&lt;/p&gt;</description>
    <category>ferroviaire</category>
    <category>appel</category>
    <dc:creator>Rédaction</dc:creator>
  </item>
  <item>
    <title>Deuxième nouvelle</title>
    <guid isPermaLink="false">4242</guid>
    <dc:date>2026-02-13T08:00:00+01:00</dc:date>
    <description>Résumé court.</description>
    <content:encoded><![CDATA[<p>Texte complet de la <i>deuxième</i> nouvelle.</p><script>alert(1)</script>]]></content:encoded>
  </item>
  <item>
    <description>Une nouvelle sans titre, dont le texte commence ainsi.</description>
    <pubDate>mauvaise date</pubDate>
  </item>
  <item><link>https://example.org/vide</link></item>
</channel>
</rss>
)";

TEST(RssReader, ReadsItemsOfAnRss2Feed) {
  ReadResult r = ParseFeed(kRss, "clusters.rss");
  ASSERT_EQ(r.documents.size(), 3u) << AllMessages(r);
  const Document& a = r.documents[0];
  EXPECT_EQ(a.id, "https://example.org/actu/1");
  EXPECT_EQ(a.kind, Kind::kNews);
  EXPECT_EQ(a.title, "Mipyrail ouvre un appel à partenaires");
  EXPECT_EQ(a.url, "https://example.org/actu/1");
  EXPECT_EQ(a.date, "2026-02-12");
  EXPECT_EQ(a.text, "Le cluster cherche des PME & des laboratoires.");
  EXPECT_THAT(a.themes, ElementsAre("ferroviaire", "appel"));
  EXPECT_EQ(a.source, "Actualités des clusters d'Occitanie");
  EXPECT_EQ(a.lang, "fr");
  EXPECT_EQ(a.extra_json, R"({"author":"Rédaction"})");

  const Document& b = r.documents[1];
  EXPECT_EQ(b.id, "clusters:4242");  // A bare guid is made unique to its feed.
  EXPECT_EQ(b.date, "2026-02-13");
  EXPECT_EQ(b.text, "Texte complet de la deuxième nouvelle.");

  const Document& c = r.documents[2];
  EXPECT_EQ(c.title, "Une nouvelle sans titre, dont le texte commence ainsi.");
  EXPECT_EQ(c.date, "");
  EXPECT_THAT(AllMessages(r), HasSubstr("warning: field \"title\": missing, taken from the text"));
  EXPECT_THAT(AllMessages(r), HasSubstr("warning: field \"date\": could not read a date"));
  EXPECT_THAT(AllMessages(r), HasSubstr("clusters.rss:29: record has neither title nor text"));
  EXPECT_EQ(r.stats.read, 4);
  EXPECT_EQ(r.stats.rejected, 1);
}

TEST(RssReader, ReadsAtomEntries) {
  ReadResult r = ParseFeed(R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <title type="text">EU calls</title>
  <entry>
    <title type="html">Hydrogen &lt;em&gt;valleys&lt;/em&gt;</title>
    <link rel="self" href="https://example.org/self/1"/>
    <link rel="alternate" type="text/html" href="https://example.org/calls/1"/>
    <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
    <updated>2026-03-02T09:00:00Z</updated>
    <published>2026-03-01T09:00:00Z</published>
    <summary>Short summary.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Proposals <b>should</b> connect production and use.</p><p>Second part.</p></div></content>
    <category term="energy"/>
    <author><name>Commission</name></author>
  </entry>
</feed>)",
                           "eu.atom");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& e = r.documents[0];
  EXPECT_EQ(e.id, "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6");
  EXPECT_EQ(e.title, "Hydrogen valleys");
  EXPECT_EQ(e.url, "https://example.org/calls/1");
  EXPECT_EQ(e.date, "2026-03-01");
  EXPECT_EQ(e.text, "Proposals should connect production and use.\nSecond part.");
  EXPECT_THAT(e.themes, ElementsAre("energy"));
  EXPECT_EQ(e.lang, "en");
  EXPECT_EQ(e.source, "EU calls");
}

TEST(RssReader, ReadsRss1Rdf) {
  ReadResult r = ParseFeed(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>RDF</title></channel>
  <item rdf:about="https://example.org/r1"><title>Un</title><link>https://example.org/r1</link>
    <dc:date>2016-01-01</dc:date><description>Texte.</description></item>
</rdf:RDF>)",
                           "r.rdf");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].id, "https://example.org/r1");
  EXPECT_EQ(r.documents[0].date, "2016-01-01");
  EXPECT_EQ(r.documents[0].source, "RDF");
}

TEST(RssReader, DeclaredLatin1IsConverted) {
  const std::string feed =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel>"
      "<title>D\xE9"
      "fi</title><item><title>\xC9t\xE9 en r\xE9gion</title>"
      "<pubDate>lun., 12 f\xE9vr. 2026</pubDate></item></channel></rss>";
  ReadResult r = ParseFeed(feed, "l.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Été en région");
  EXPECT_EQ(r.documents[0].source, "Défi");
  EXPECT_EQ(r.documents[0].date, "2026-02-12");
}

TEST(RssReader, BrokenXmlKeepsWhatParsesAndSaysWhere) {
  ReadResult r = ParseFeed(
      "<rss><channel><title>x</title>\n<item><title>Un</title><description>a</description></item>\n"
      "<item><title>Deux</title><description>b & c</description></item>\n"
      "<item><title>Trois</item>\n</channel>",
      "b.rss");
  EXPECT_GE(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].title, "Un");
  EXPECT_THAT(AllMessages(r), HasSubstr("b.rss:3:"));
  EXPECT_THAT(AllMessages(r), HasSubstr("XML:"));
}

TEST(RssReader, NotAFeed) {
  ReadResult r = ParseFeed("<html><body>x</body></html>", "p.xml");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_THAT(AllMessages(r), HasSubstr("not an RSS or Atom feed (root element <html>)"));
  r = ParseFeed("", "e.rss");
  EXPECT_THAT(AllMessages(r), HasSubstr("not a feed"));
}

TEST(RssReader, OversizedDescriptionIsCut) {
  ReaderOptions options;
  options.max_field_bytes = 100;
  const std::string feed =
      absl::StrCat("<rss><channel><item><title>T</title><description>", std::string(500, 'a'),
                   "</description></item></channel></rss>");
  ReadResult r = ParseFeed(feed, "o.rss", options);
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_LE(r.documents[0].text.size(), 100u);
  EXPECT_THAT(AllMessages(r), HasSubstr("field \"text\": longer than 100 bytes, truncated"));
}

TEST(RssReader, MappingDefaultsSetKindAndFunder) {
  absl::StatusOr<Mapping> m =
      ParseMapping("[defaults]\nkind = \"call\"\nfunder = \"Bpifrance\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseFeed(kRss, "calls.rss", {}, &*m);
  ASSERT_FALSE(r.documents.empty());
  EXPECT_EQ(r.documents[0].kind, Kind::kCall);
  EXPECT_EQ(r.documents[0].funder, "Bpifrance");
}

// --- Security ------------------------------------------------------------

TEST(RssSecurity, ExternalEntityToEtcPasswdIsNeverExpanded) {
  const std::string feed = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY % pe SYSTEM "file:///etc/passwd">
  %pe;
]>
<rss version="2.0"><channel><title>Flux &xxe;</title>
<item><title>Fuite &xxe;</title><description>avant &xxe; après</description>
<link>https://example.org/x</link></item>
<item><title>Sain</title><description>Texte normal.</description></item>
</channel></rss>)";
  ReadResult r = ParseFeed(feed, "xxe.rss");
  const std::string all = Everything(r);
  EXPECT_THAT(all, Not(HasSubstr("root:")));
  EXPECT_THAT(all, Not(HasSubstr("/bin/")));
  EXPECT_THAT(all, Not(HasSubstr("nologin")));
  EXPECT_THAT(AllMessages(r), HasSubstr("entity \"xxe\" is external: not expanded"));
  EXPECT_THAT(AllMessages(r), HasSubstr("parameter entity \"pe\" ignored"));
  // The valid item is kept.
  bool sane = false;
  for (const Document& d : r.documents) sane = sane || d.title == "Sain";
  EXPECT_TRUE(sane) << AllMessages(r);
}

TEST(RssSecurity, ExternalDtdIsNotLoaded) {
  const std::string feed = R"(<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><item><title>T &ent;</title><description>x</description></item></channel></rss>)";
  ReadResult r = ParseFeed(feed, "dtd.rss");
  EXPECT_THAT(Everything(r), Not(HasSubstr("root:")));
}

TEST(RssSecurity, BillionLaughsIsRejectedInBoundedMemory) {
  std::string feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    feed += absl::StrCat("<!ENTITY lol", i, " \"");
    for (int k = 0; k < 10; ++k) feed += absl::StrCat("&lol", i - 1, ";");
    feed += "\">\n";
  }
  feed +=
      "]>\n<rss version=\"2.0\"><channel><title>Rires</title>\n"
      "<item><title>Bombe</title><description>&lol9;</description></item>\n"
      "<item><title>Sain</title><description>Texte normal.</description></item>\n"
      "</channel></rss>\n";
  ReaderOptions options;
  options.max_field_bytes = 64 * 1024;
  ReadResult r = ParseFeed(feed, "lol.rss", options);
  size_t total = 0;
  for (const Document& d : r.documents) total += ToJson(d).size();
  EXPECT_LT(total, 4 * options.max_field_bytes);
  bool sane = false;
  for (const Document& d : r.documents) {
    // Neutralised: the bomb item, if kept, holds none of the expansion.
    EXPECT_THAT(d.text, Not(HasSubstr("lol"))) << d.title;
    sane = sane || d.title == "Sain";
  }
  EXPECT_TRUE(sane) << AllMessages(r);
  EXPECT_THAT(AllMessages(r), HasSubstr("entity \"lol9\" refers to other entities: not expanded"));
}

TEST(RssSecurity, QuadraticBlowupStopsAtTheBudget) {
  const std::string big(50000, 'x');
  std::string feed = absl::StrCat("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"", big,
                                  "\">]>\n<rss><channel><item><title>Q</title><description>");
  for (int i = 0; i < 2000; ++i) feed += "&a;";  // 100 MB if expanded.
  feed += "</description></item></channel></rss>";
  ReaderOptions options;
  options.max_field_bytes = 256 * 1024;
  ReadResult r = ParseFeed(feed, "q.rss", options);
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_LE(r.documents[0].text.size(), options.max_field_bytes);
  EXPECT_THAT(AllMessages(r), HasSubstr("entities expand to more than 262144 bytes"));
}

TEST(RssReader, UndeclaredHtmlEntitiesBecomeCharacters) {
  ReadResult r = ParseFeed(
      "<rss><channel><item><title>L&rsquo;&eacute;t&eacute;&nbsp;&amp; &inconnu;</title>"
      "</item></channel></rss>",
      "h.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "L\xE2\x80\x99\xC3\xA9t\xC3\xA9 &");
  EXPECT_THAT(AllMessages(r), HasSubstr("entity \"inconnu\" is not declared: left out"));
}

TEST(RssReader, PlainInternalEntitiesAreExpanded) {
  ReadResult r = ParseFeed(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY org \"CCI Occitanie\">\n]>\n"
      "<rss><channel><item><title>Note &org;</title></item></channel></rss>",
      "e.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Note CCI Occitanie");
}

// A feed naming a local port for its DTD and entities must not connect to it.
TEST(RssSecurity, NeverOpensANetworkConnection) {
  const int server = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(server, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(server, 8), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  ASSERT_EQ(fcntl(server, F_SETFL, O_NONBLOCK), 0);

  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/evil");
  const std::string feed = absl::StrCat(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"", url, ".dtd\" [\n<!ENTITY net SYSTEM \"",
      url, ".txt\">\n<!ENTITY % p SYSTEM \"", url,
      ".ent\">\n%p;\n]>\n<rss><channel><item><title>T &net;</title></item></channel></rss>");
  ReadResult r = ParseFeed(feed, "net.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "T");

  const int client = accept(server, nullptr, nullptr);
  EXPECT_EQ(client, -1) << "the reader connected to " << url;
  EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);
  if (client >= 0) close(client);
  close(server);
}

// --- Issue 17: encodings declared in the prolog, feed semantics ---------------

// `utf8` encoded with iconv(3) into `charset`.
std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
  std::string out(utf8.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string FeedDeclaring(const std::string& charset) {
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"", charset,
                      "\"?>\n<rss version=\"2.0\"><channel><title>Veille</title><item>"
                      "<title>Réunion à Sète</title><description>Ça démarre</description>"
                      "</item></channel></rss>\n");
}

TEST(RssEncoding, PrologCharsetsWithoutBomAreHonoured) {
  struct Case {
    const char* declared;
    const char* iconv_name;
    std::string bom;
  };
  const Case cases[] = {
      {"UTF-16", "UTF-16LE", ""},
      {"UTF-16", "UTF-16BE", ""},
      {"UTF-32", "UTF-32LE", ""},
      {"UTF-32", "UTF-32BE", ""},
      {"UTF-32", "UTF-32BE", std::string("\x00\x00\xFE\xFF", 4)},
      {"UTF-32", "UTF-32LE", std::string("\xFF\xFE\x00\x00", 4)},
      {"cp500", "IBM500", ""},     // EBCDIC (international)
      {"ibm1047", "IBM1047", ""},  // EBCDIC (Open Systems)
      {"macintosh", "MACINTOSH", ""},
      {"mac", "MACINTOSH", ""},
      {"cp850", "CP850", ""},
  };
  for (const Case& c : cases) {
    const std::string bytes = c.bom + Encode(FeedDeclaring(c.declared), c.iconv_name);
    ReadResult r = ParseFeed(bytes, "veille.rss");
    ASSERT_EQ(r.documents.size(), 1u) << c.iconv_name << "\n" << AllMessages(r);
    EXPECT_EQ(r.documents[0].title, "Réunion à Sète") << c.iconv_name;
    EXPECT_EQ(r.documents[0].text, "Ça démarre") << c.iconv_name;
    EXPECT_EQ(r.documents[0].source, "Veille") << c.iconv_name;
    EXPECT_EQ(r.stats.file_errors, 0) << c.iconv_name << "\n" << AllMessages(r);
  }
}

TEST(RssEncoding, Latin1LabelIsReadAsWindows1252) {
  // 0x9C is "œ" in Windows-1252, a C1 control in ISO-8859-1 (WHATWG reads
  // the label as Windows-1252, as browsers do).
  const std::string feed =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><channel><item>"
      "<title>C\x9B"
      "ur de c\xE9"
      "leri</title><description>x</description></item></channel></rss>";
  ReadResult r = ParseFeed(feed, "l1.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "C\xE2\x80\xBAur de céleri");  // 0x9B: "›"
}

TEST(RssEncoding, C1ControlsBecomeTheirWindows1252Characters) {
  ReadResult r = ParseFeed(
      "<rss><channel><item><title>l&#146;an&#150;deux</title>"
      "<description>c\xC2\x92"
      "est</description></item></channel></rss>",
      "c1.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "l’an–deux");
  EXPECT_EQ(r.documents[0].text, "c’est");
}

TEST(RssSemantics, ExtensionTitlesNeverReplaceTheItemsOwn) {
  for (const char* order : {"own-first", "own-last"}) {
    const std::string ext =
        "<media:title>Épisode 12 (vidéo)</media:title><itunes:title>Ép. 12</itunes:title>";
    const std::string own = "<title>Douze PME rejoignent le pôle</title>";
    const std::string item = std::string(order) == "own-first" ? own + ext : ext + own;
    ReadResult r = ParseFeed(
        absl::StrCat("<rss xmlns:media=\"http://search.yahoo.com/mrss/\" "
                     "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>"
                     "<item>",
                     item, "<description>d</description></item></channel></rss>"),
        "ext.rss");
    ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
    EXPECT_EQ(r.documents[0].title, "Douze PME rejoignent le pôle") << order;
  }
  // With no title of its own, an extension's title stands in.
  ReadResult alone = ParseFeed(
      "<rss xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel><item>"
      "<itunes:title>Podcast n°3</itunes:title></item></channel></rss>",
      "alone.rss");
  ASSERT_EQ(alone.documents.size(), 1u) << AllMessages(alone);
  EXPECT_EQ(alone.documents[0].title, "Podcast n°3");
}

TEST(RssSemantics, TextAfterEmbedAndObjectIsKept) {
  ReadResult r = ParseFeed(
      "<rss><channel><item><title>t</title><description>Avant &lt;embed "
      "src=\"v.swf\"&gt; après l'embed, &lt;object data=\"a.swf\"&gt;&lt;param name=\"q\" "
      "value=\"1\"&gt;texte de repli&lt;/object&gt; et la fin.</description></item>"
      "</channel></rss>",
      "embed.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_THAT(r.documents[0].text, HasSubstr("après l'embed"));
  EXPECT_THAT(r.documents[0].text, HasSubstr("texte de repli"));
  EXPECT_THAT(r.documents[0].text, HasSubstr("et la fin."));
}

TEST(RssSemantics, Atom03Base64IsDecoded) {
  // "Appel à projets <i>IA</i> & santé", base64 of its UTF-8.
  ReadResult r = ParseFeed(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
      "<title mode=\"base64\">QXBwZWwgw6AgcHJvamV0cyA8aT5JQTwvaT4gJiBzYW50w6k=</title>"
      "<content type=\"text/html\" "
      "mode=\"base64\">PHA+Q2FuZGlkYXR1cmVzIDxiPmF2YW50PC9iPiBtYXJzPC9wPg==</content>"
      "</entry></feed>",
      "b64.atom");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  // Atom 0.3's default type is text/plain: the markup is literal text.
  EXPECT_EQ(r.documents[0].title, "Appel à projets <i>IA</i> & santé");
  EXPECT_EQ(r.documents[0].text, "Candidatures avant mars");
}

TEST(RssSemantics, RelativeLinksAreResolvedAndOnlyWebAndMailLinksKept) {
  const std::string feed =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://pole.example.fr/actu/\">"
      "<entry><title>a</title><link href=\"2026/salon.html\"/></entry>"
      "<entry xml:base=\"/agenda/\"><title>b</title><link href=\"../contact\"/></entry>"
      "<entry><title>c</title><link href=\"javascript:alert('x')\"/></entry>"
      "<entry><title>d</title><link href=\"mailto:veille@pole.example.fr\"/></entry>"
      "<entry><title>e</title><link href=\"data:text/html,hi\"/></entry>"
      "</feed>";
  ReadResult r = ParseFeed(feed, "base.atom");
  ASSERT_EQ(r.documents.size(), 5u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].url, "https://pole.example.fr/actu/2026/salon.html");
  EXPECT_EQ(r.documents[1].url, "https://pole.example.fr/contact");
  EXPECT_EQ(r.documents[2].url, "");
  EXPECT_EQ(r.documents[3].url, "mailto:veille@pole.example.fr");
  EXPECT_EQ(r.documents[4].url, "");
  EXPECT_THAT(AllMessages(r), HasSubstr("\"javascript:alert('x')\" is not an http"));
  EXPECT_THAT(AllMessages(r), HasSubstr("\"data:text/html,hi\" is not an http"));
  // An RSS link with no base to resolve it against is refused too.
  ReadResult rss =
      ParseFeed("<rss><channel><item><title>t</title><link>/relatif</link></item></channel></rss>",
                "rel.rss");
  ASSERT_EQ(rss.documents.size(), 1u);
  EXPECT_EQ(rss.documents[0].url, "");
}

TEST(RssSemantics, EscapedLiteralMarkupInTitlesStaysText) {
  ReadResult r = ParseFeed(
      "<rss><channel>"
      "<item><title>La balise &lt;canvas&gt; expliquée</title></item>"
      "<item><title>Bilan &lt;b&gt;2026&lt;/b&gt;</title></item>"
      "</channel></rss>",
      "lit.rss");
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "La balise <canvas> expliquée");
  // An end tag: the title is HTML (feedparser's rule), the markup goes.
  EXPECT_EQ(r.documents[1].title, "Bilan 2026");
  ReadResult atom = ParseFeed(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
      "<title type=\"text/plain\">Remplacer &lt;br&gt; par &lt;p&gt;</title>"
      "<summary type=\"text/plain\">Le &lt;div&gt; reste</summary></entry>"
      "<entry><title>Sans type : &lt;i&gt;littéral&lt;/i&gt;</title></entry></feed>",
      "lit.atom");
  ASSERT_EQ(atom.documents.size(), 2u) << AllMessages(atom);
  EXPECT_EQ(atom.documents[0].title, "Remplacer <br> par <p>");
  EXPECT_EQ(atom.documents[0].text, "Le <div> reste");
  EXPECT_EQ(atom.documents[1].title, "Sans type : <i>littéral</i>");
}

TEST(RssSemantics, Atom03InlineXhtmlScriptNeverReachesTheTitle) {
  ReadResult r = ParseFeed(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
      "<title type=\"application/xhtml+xml\" mode=\"xml\"><div "
      "xmlns=\"http://www.w3.org/1999/xhtml\">Forum <script>document.write('zqxmarker')"
      "</script>hydrogène<style>.zqxstyle{}</style></div></title></entry></feed>",
      "xhtml.atom");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Forum hydrogène");
  EXPECT_THAT(Everything(r), Not(HasSubstr("zqx")));
}

TEST(RssSemantics, NamesakesFromOtherNamespacesAreNotTheItemsFields) {
  ReadResult r = ParseFeed(
      "<rss xmlns:x=\"http://example.org/ext\"><channel><item>"
      "<x:description>pas celle-ci</x:description><title>t</title>"
      "<description>la bonne</description><x:link>https://faux.example/</x:link>"
      "<link>https://vrai.example/</link><x:description>ni celle-là</x:description>"
      "</item></channel></rss>",
      "ns.rss");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].text, "la bonne");
  EXPECT_EQ(r.documents[0].url, "https://vrai.example/");
}

}  // namespace
}  // namespace meute::ingest
