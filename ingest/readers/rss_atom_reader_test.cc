#include "ingest/readers/rss_atom_reader.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

}  // namespace
}  // namespace meute::ingest
