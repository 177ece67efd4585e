#include "ingest/readers/html_reader.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ingest/csv_mapping.h"

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string AllMessages(const ReadResult& r) {
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

// A news-site page laid out like the pages our users scrape: a header with a
// menu, a share bar, a newsletter box, a "related" list, a footer. The
// article itself was written for this test.
constexpr char kNewsPage[] = R"(<!DOCTYPE html>
<html lang="fr-FR">
<head>
  <meta charset="utf-8">
  <title>Agroalimentaire : trois réseaux mutualisent leurs achats d'énergie | Voccitanie Eco</title>
  <meta property="og:site_name" content="Voccitanie Eco">
  <meta property="og:title" content="Agroalimentaire : trois réseaux mutualisent leurs achats d'énergie">
  <meta property="article:published_time" content="2026-02-10T07:30:00+01:00">
  <meta name="description" content="Trois réseaux d'entreprises s'unissent.">
  <link rel="canonical" href="https://eco.example.org/agroalimentaire-achats-energie">
  <script>window.dataLayer = [];</script>
  <style>.menu { display: none }</style>
</head>
<body class="single-post has-sidebar">
  <a class="skip-link" href="#main">Aller au contenu</a>
  <header class="site-header">
    <button class="menu-toggle">Menu</button>
    <div class="logo"><a href="/">Voccitanie Eco</a></div>
    <nav class="main-navigation">
      <button class="close">Fermer le menu</button>
      <ul>
        <li><a href="/territoires">Territoires</a></li>
        <li><a href="/filieres">Filières</a></li>
        <li><a href="/innovation">Innovation</a></li>
      </ul>
    </nav>
  </header>
  <div class="wrapper">
    <main id="main">
      <article class="post">
        <h1 class="entry-title">Agroalimentaire : trois réseaux mutualisent leurs achats d'énergie</h1>
        <div class="entry-meta"><time datetime="2026-02-10T07:30:00+01:00">10 février 2026</time></div>
        <div class="entry-content">
          <p>Face à la hausse durable de leurs factures, les adhérents de trois réseaux agroalimentaires du Gers, du Tarn et de l'Aveyron vont désormais négocier ensemble leurs contrats de gaz et d'électricité.</p>
          <p>Le groupement réunit une soixantaine de conserveries, de fromageries et de salaisonniers. Ses promoteurs espèrent obtenir des prix plus stables en s'engageant sur des volumes pluriannuels, et financer un audit énergétique pour chaque site de production.</p>
          <p>« Aucune de nos entreprises n'avait le poids suffisant pour discuter seule avec un fournisseur », explique la déléguée générale de l'un des réseaux. Un premier appel d'offres commun doit être lancé au printemps, avec l'appui de la chambre régionale de commerce.</p>
          <div class="share-buttons">
            <span>Partager</span>
            <a href="https://twitter.com/share">Twitter</a>
            <a href="https://www.facebook.com/sharer">Facebook</a>
            <a href="https://www.linkedin.com/share">LinkedIn</a>
          </div>
        </div>
      </article>
      <section class="related">
        <h2>En complément</h2>
        <ul>
          <li><a href="/a">Les conserveries du Gers investissent dans la chaleur solaire</a></li>
          <li><a href="/b">Un cluster tarnais mise sur la méthanisation</a></li>
        </ul>
      </section>
    </main>
    <aside class="sidebar">
      <div class="widget newsletter">
        <h3>Inscription – Newsletters Voccitanie</h3>
        <form><input type="email"><button>S'inscrire</button></form>
      </div>
    </aside>
  </div>
  <div class="social-links"><a href="https://twitter.com/x">Twitter</a>27</div>
  <footer class="site-footer">
    <p>Inscription – Newsletters</p>
    <p>© 2026 Voccitanie Eco – Tous droits réservés</p>
  </footer>
  <div id="cookie-banner">Ce site utilise des cookies. <button>Accepter</button></div>
</body>
</html>
)";

TEST(HtmlReader, ExtractsTheArticleWithoutThePageFurniture) {
  ReadResult r = ParseHtmlPage(kNewsPage, "page.html");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.title, "Agroalimentaire : trois réseaux mutualisent leurs achats d'énergie");
  EXPECT_EQ(d.date, "2026-02-10");
  EXPECT_EQ(d.url, "https://eco.example.org/agroalimentaire-achats-energie");
  EXPECT_EQ(d.id, "https://eco.example.org/agroalimentaire-achats-energie");
  EXPECT_EQ(d.source, "Voccitanie Eco");
  EXPECT_EQ(d.lang, "fr");
  EXPECT_EQ(d.kind, Kind::kNews);
  EXPECT_THAT(d.text, HasSubstr("Face à la hausse durable de leurs factures"));
  EXPECT_THAT(d.text, HasSubstr("avec l'appui de la chambre régionale de commerce."));
  // The seed page's furniture never reaches the text, as lines or inside them.
  for (absl::string_view line : absl::StrSplit(d.text, '\n')) {
    for (const char* furniture : {"Menu", "Fermer le menu", "Inscription – Newsletters", "Twitter",
                                  "Twitter27", "Partager", "En complément"}) {
      EXPECT_NE(line, furniture);
    }
  }
  for (const char* furniture : {"Fermer le menu", "Newsletters", "Twitter", "Facebook", "LinkedIn",
                                "cookies", "Tous droits réservés", "Territoires", "chaleur solaire",
                                "dataLayer", "display: none", "Aller au contenu", "S'inscrire"}) {
    EXPECT_THAT(d.text, Not(HasSubstr(furniture)));
  }
  // The title is not repeated as the first line of the text.
  EXPECT_THAT(d.text, Not(HasSubstr("trois réseaux mutualisent")));
  // Three paragraphs, one per line.
  EXPECT_EQ(std::count(d.text.begin(), d.text.end(), '\n'), 2) << d.text;
}

TEST(HtmlReader, BoilerplateLines) {
  for (const char* line :
       {"Menu", "Fermer le menu", "Inscription – Newsletters Voccitanie", "Twitter27",
        "Partager sur Facebook", "Suivez-nous", "Lire aussi", "27", "|"}) {
    EXPECT_TRUE(internal::IsBoilerplateLine(line)) << line;
  }
  for (const char* line :
       {"Le menu des cantines scolaires sera désormais composé de produits locaux, annonce "
        "le département.",
        "Face à la hausse durable de leurs factures.", "Innovation",
        "Le réseau social Twitter a été racheté en 2022 par un industriel américain qui l'a "
        "renommé X."}) {
    EXPECT_FALSE(internal::IsBoilerplateLine(line)) << line;
  }
}

TEST(HtmlReader, DateFromTimeElementOrDateline) {
  ReadResult r = ParseHtmlPage(
      "<html><body><article><h1>Titre</h1><time datetime=\"2026-03-01\">1er mars</time>"
      "<p>Un texte suffisamment long pour former le contenu principal de cette page de test, "
      "avec plusieurs phrases. Une deuxième phrase complète le paragraphe et dépasse ainsi "
      "le seuil de deux cents octets.</p></article></body></html>",
      "t.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].date, "2026-03-01");
  EXPECT_EQ(r.documents[0].title, "Titre");

  r = ParseHtmlPage(
      "<html><body><h1>Titre</h1><p>Publié le 12 février 2026</p><p>Texte.</p></body></html>",
      "d.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].date, "2026-02-12");
  EXPECT_EQ(r.documents[0].id, "d.html");
}

TEST(HtmlReader, TitleElementLosesTheSiteName) {
  ReadResult r = ParseHtmlPage(
      "<html><head><title>Appel à projets Eau | Région Occitanie</title></head>"
      "<body><p>Texte de l'appel.</p></body></html>",
      "t.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Appel à projets Eau");
}

TEST(HtmlReader, Windows1252PageIsConverted) {
  ReadResult r = ParseHtmlPage(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=windows-1252\"><title>\xC9t\xE9</title></head><body><p>Texte accentu\xE9 "
      "\x96 d\xE9p\xF4t avant le 15 mars 2026</p></body></html>",
      "w.html");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Été");
  EXPECT_EQ(r.documents[0].text, "Texte accentué – dépôt avant le 15 mars 2026");
}

TEST(HtmlReader, MetaDescriptionWhenThePageHasNoText) {
  ReadResult r = ParseHtmlPage(
      "<html><head><title>App</title><meta name=\"description\" content=\"Une application.\">"
      "</head><body><div id=\"root\"></div><script>render()</script></body></html>",
      "spa.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].text, "Une application.");
  EXPECT_THAT(AllMessages(r), HasSubstr("meta description"));
}

TEST(HtmlReader, CallPagesGetTheirDeadline) {
  absl::StatusOr<Mapping> m = ParseMapping("[defaults]\nkind = \"call\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseHtmlPage(
      "<html><body><h1>AAP Mobilité</h1><p>Les dossiers sont à déposer jusqu'au 30 avril "
      "2026 sur la plateforme.</p></body></html>",
      "aap.html", {}, &*m);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].kind, Kind::kCall);
  EXPECT_EQ(r.documents[0].deadline, "2026-04-30");
}

// A page naming a local port for its DTD, images, styles, scripts and frames
// must not connect to it: the reader fetches nothing.
TEST(HtmlReader, NeverOpensANetworkConnection) {
  const int server = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(server, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(server, 8), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ASSERT_EQ(fcntl(server, F_SETFL, O_NONBLOCK), 0);
  const std::string url = absl::StrCat("http://127.0.0.1:", ntohs(addr.sin_port), "/x");
  const std::string page = absl::StrCat(
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"", url, ".dtd\">\n",
      "<html><head><link rel=\"stylesheet\" href=\"", url, ".css\"><script src=\"", url,
      ".js\"></script><base href=\"", url, "/\"></head><body><h1>Titre</h1><img src=\"", url,
      ".png\"><iframe src=\"", url, ".html\"></iframe><object data=\"", url,
      ".svg\"></object><p>Texte.</p></body></html>");
  ReadResult r = ParseHtmlPage(page, "net.html");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].text, "Texte.");
  const int client = accept(server, nullptr, nullptr);
  EXPECT_EQ(client, -1) << "the reader connected to " << url;
  EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);
  if (client >= 0) close(client);
  close(server);
}

TEST(HtmlReader, EmptyPageIsRejected) {
  ReadResult r = ParseHtmlPage("<html><body></body></html>", "e.html");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(r.stats.rejected, 1);
}

}  // namespace
}  // namespace meute::ingest
