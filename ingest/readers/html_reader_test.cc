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
#include "ingest/readers/html_text.h"
#include "ingest/readers/text_reader.h"

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
      "<html><head><title>Appel à projets Eau potable 2026 | Région Occitanie</title></head>"
      "<body><p>Texte de l'appel.</p></body></html>",
      "t.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Appel à projets Eau potable 2026");
  // As Readability: a cut that leaves four words or fewer keeps the whole
  // <title> ("Mozilla - Wikipedia" is not "Wikipedia").
  r = ParseHtmlPage(
      "<html><head><title>Contacts | Région Occitanie</title></head>"
      "<body><p>Texte de la page.</p></body></html>",
      "c.html");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Contacts | Région Occitanie");
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

// Paragraphs written for these tests: an article long enough to be the page's
// main text (Readability wants 500 characters).
std::string ArticleParagraphs() {
  return "<p>La communauté de communes du Val d'Adour a voté mardi soir un plan de rénovation "
         "des écoles rurales, financé pour moitié par l'État, qui doit s'étaler sur quatre "
         "ans et concerner onze bâtiments.</p>"
         "<p>Les travaux commenceront par l'isolation des toitures, puis le remplacement des "
         "chaudières au fioul par des pompes à chaleur, avant la reprise des cours d'école, "
         "dont la moitié sera désimperméabilisée.</p>"
         "<p>Selon le vice-président chargé du patrimoine, la facture énergétique des écoles "
         "devrait baisser d'un tiers, ce qui permettra de rembourser une partie de l'emprunt "
         "contracté pour l'occasion.</p>";
}

std::string Page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">" + head +
         "</head><body>" + body + "</body></html>";
}

Document OnlyDocument(const ReadResult& r) {
  EXPECT_EQ(r.documents.size(), 1u) << AllMessages(r);
  return r.documents.empty() ? Document{} : r.documents[0];
}

TEST(HtmlReaderClasses, TeasersTagsAuthorBoxNewsletterAndCookieBannerAreDropped) {
  const std::string body =
      "<div class=\"page\"><div class=\"story\">" + ArticleParagraphs() +
      "<ul class=\"tag-list\"><li><a href=\"/t/ecoles\">écoles</a></li>"
      "<li><a href=\"/t/renovation\">rénovation</a></li></ul>"
      "<div class=\"more-on-this\"><h3>Sur le même thème</h3><ul>"
      "<li><a href=\"/a\">Un collège du Gers passe à la géothermie</a></li>"
      "<li><a href=\"/b\">Cantines : le bio progresse dans les Landes</a></li></ul></div>"
      "<div class=\"author-box\"><p>Marion Lacoste suit les collectivités du Sud-Ouest "
      "depuis 2015 pour la rédaction, après dix ans passés dans la presse quotidienne "
      "régionale.</p></div>"
      "<div class=\"newsletter-promo\"><p>Recevez chaque matin l'essentiel de l'actualité "
      "locale dans votre boîte aux lettres.</p></div>"
      "</div></div>"
      "<div id=\"cookie-notice\"><p>Nous utilisons des traceurs pour mesurer l'audience de "
      "ce site.</p><button>OK</button></div>";
  const Document& d =
      OnlyDocument(ParseHtmlPage(Page("<title>Écoles rurales</title>", body), "c.html"));
  EXPECT_THAT(d.text, HasSubstr("plan de rénovation des écoles rurales"));
  EXPECT_THAT(d.text, HasSubstr("rembourser une partie de l'emprunt"));
  for (const char* boilerplate : {"géothermie", "Sur le même thème", "Marion Lacoste",
                                  "boîte aux lettres", "traceurs", "rénovation\n", "écoles\n"}) {
    EXPECT_THAT(d.text, Not(HasSubstr(boilerplate))) << d.text;
  }
}

TEST(HtmlReaderClasses, ConditionalCommentMarkersAreNotText) {
  const std::string body =
      "<![if !IE]><div class=\"content\">" + ArticleParagraphs() +
      "</div><![endif]><!--[if lt IE 9]><p>Navigateur obsolète</p><![endif]-->";
  const Document d = OnlyDocument(ParseHtmlPage(
      Page("<title><![if !IE]>Écoles rurales : un plan sur quatre ans<![endif]></title>", body),
      "ie.html"));
  EXPECT_THAT(d.text, HasSubstr("chaudières au fioul"));
  EXPECT_THAT(d.text, Not(HasSubstr("<![")));
  EXPECT_THAT(d.text, Not(HasSubstr("endif")));
  EXPECT_THAT(d.text, Not(HasSubstr("obsolète")));
  EXPECT_THAT(d.title, Not(HasSubstr("<![")));
}

TEST(HtmlReaderClasses, ClassModifierNamingAdsDoesNotDropTheArticle) {
  for (const char* cls : {"Article Article--Ads", "o-story o-story--has-ads", "Section--Ads"}) {
    const std::string body = absl::StrCat("<div class=\"", cls, "\">", ArticleParagraphs(),
                                          "</div><div class=\"ad-slot\">Publicité</div>");
    const Document d = OnlyDocument(ParseHtmlPage(Page("<title>Écoles</title>", body), "a.html"));
    EXPECT_THAT(d.text, HasSubstr("pompes à chaleur")) << cls;
    EXPECT_THAT(d.text, HasSubstr("facture énergétique")) << cls;
  }
}

TEST(HtmlReaderClasses, TeaserArticleCardsAreNotChosenOverThePost) {
  std::string cards;
  for (int i = 0; i < 6; ++i) {
    cards += absl::StrCat("<article class=\"card\"><h3><a href=\"/n", i, "\">Brève numéro ", i,
                          " sur la vie locale du canton</a></h3>"
                          "<p>Un court chapeau de présentation, pour la brève ",
                          i, ".</p></article>");
  }
  const std::string body = "<div id=\"post\"><h1>Écoles rurales</h1>" + ArticleParagraphs() +
                           "</div><div class=\"cards\">" + cards + "</div>";
  const Document& d =
      OnlyDocument(ParseHtmlPage(Page("<title>Écoles rurales</title>", body), "t.html"));
  EXPECT_THAT(d.text, HasSubstr("isolation des toitures"));
  EXPECT_THAT(d.text, Not(HasSubstr("Brève numéro")));
}

TEST(HtmlReaderClasses, ParagraphsOfLinksAndHeaderTextAreKept) {
  const std::string body =
      "<article><header><h1>Écoles rurales</h1><p class=\"standfirst\">Onze écoles du Val "
      "d'Adour seront rénovées d'ici 2030, pour un coût total de neuf millions "
      "d'euros.</p></header>" +
      ArticleParagraphs() +
      "<p><a href=\"/delib.pdf\">Lire la délibération du conseil communautaire du 3 "
      "mars</a></p><p>东京</p><p>مدرسة</p></article>";
  const Document& d =
      OnlyDocument(ParseHtmlPage(Page("<title>Écoles rurales</title>", body), "h.html"));
  EXPECT_THAT(d.text, HasSubstr("neuf millions d'euros"));
  EXPECT_THAT(d.text, HasSubstr("Lire la délibération du conseil communautaire"));
  EXPECT_THAT(d.text, HasSubstr("东京"));
  EXPECT_THAT(d.text, HasSubstr("مدرسة"));
}

TEST(HtmlReaderClasses, TheHeaderOfTheArticleIsKeptWhateverItsClass) {
  const std::string body =
      "<header class=\"site-header\"><a href=\"/\">Le Petit Journal</a><nav><a "
      "href=\"/a\">Actualités</a></nav></header><article><header class=\"entry-header\"><h1>Un "
      "plan pour les écoles</h1><div class=\"lede\">Le Val d'Adour investit neuf millions "
      "d'euros dans onze écoles rurales d'ici 2030.</div></header>" +
      ArticleParagraphs() + "</article>";
  const Document d = OnlyDocument(ParseHtmlPage(Page("<title>Écoles</title>", body), "e.html"));
  EXPECT_THAT(d.text, HasSubstr("investit neuf millions d'euros"));
  EXPECT_THAT(d.text, Not(HasSubstr("Actualités")));
}

TEST(HtmlReaderClasses, NumbersAndDatesOfADataTableAreKept) {
  const std::string body = "<div class=\"content\">" + ArticleParagraphs() +
                           "<table><thead><tr><th>Commune</th><th>Élèves</th><th>Travaux</th></tr>"
                           "</thead><tr><td>Aire</td><td>142</td><td>3 mars 2027</td></tr>"
                           "<tr><td>Riscle</td><td>87</td><td>9 juin 2027</td></tr></table></div>";
  const Document d = OnlyDocument(ParseHtmlPage(Page("<title>Écoles</title>", body), "n.html"));
  for (const char* cell : {"\n142\n", "\n87\n", "3 mars 2027", "9 juin 2027", "Riscle"}) {
    EXPECT_THAT(d.text, HasSubstr(cell)) << d.text;
  }
}

TEST(HtmlReaderClasses, FragmentsLoseNonTextElements) {
  // The helper the feed reader uses for description and content:encoded.
  EXPECT_EQ(internal::HtmlFragmentToText(
                "<p>Appel <script>zqx()</script>ouvert</p><style>p{zqx:1}</style>"
                "<noscript>zqx</noscript><template>zqx</template><svg><text>zqx</text></svg>"
                "<iframe>zqx</iframe><p>Jusqu'au 2 mai.</p>"),
            "Appel ouvert\nJusqu'au 2 mai.");
}

TEST(HtmlReaderClasses, ShortLinesInOtherScriptsAreNotSymbols) {
  for (const char* line : {"东京", "مدرسة", "Школа", "学校の改修"}) {
    EXPECT_FALSE(internal::IsBoilerplateLine(line)) << line;
  }
}

TEST(HtmlReaderClasses, NonTextElementsNeverReachTitleOrText) {
  const std::string body =
      "<h1>Écoles<script>alert('zqxscript')</script> rurales</h1><div class=\"content\">" +
      ArticleParagraphs() +
      "<template><p>zqxtemplate</p></template><noscript><p>zqxnoscript</p></noscript>"
      "<svg><text>zqxsvg</text></svg><iframe>zqxiframe</iframe>"
      "<style>p { color: zqxstyle }</style></div>";
  const std::string head =
      "<title>Écoles<script>zqxhead</script></title><style>zqxstyle2</style>"
      "<meta name=\"description\" content=\"Un plan pour les écoles.\">";
  const Document d = OnlyDocument(ParseHtmlPage(Page(head, body), "s.html"));
  EXPECT_THAT(d.text, HasSubstr("vice-président chargé du patrimoine"));
  for (const char* marker : {"zqx", "alert", "color:"}) {
    EXPECT_THAT(d.text, Not(HasSubstr(marker)));
    EXPECT_THAT(d.title, Not(HasSubstr(marker)));
  }
}

TEST(HtmlReaderClasses, TitleComesFromThePageNotASiteBanner) {
  const std::string banner = "<div class=\"logo\"><h1>Le Petit Journal</h1></div>";
  // og:title, without the site name it repeats.
  Document d = OnlyDocument(ParseHtmlPage(
      Page("<title>Écoles rurales : un plan sur quatre ans | Le Petit Journal</title>"
           "<meta property=\"og:site_name\" content=\"Le Petit Journal\">"
           "<meta property=\"og:title\" content=\"Un plan pour les écoles rurales - Le Petit "
           "Journal\">",
           banner + "<div class=\"content\">" + ArticleParagraphs() + "</div>"),
      "o.html"));
  EXPECT_EQ(d.title, "Un plan pour les écoles rurales");
  // JSON-LD headline before og:title.
  d = OnlyDocument(ParseHtmlPage(
      Page("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
           "\"@type\":\"NewsArticle\",\"headline\":\"Onze écoles rénovées en quatre ans\"}"
           "</script><meta property=\"og:title\" content=\"Autre titre\">",
           banner + "<div class=\"content\">" + ArticleParagraphs() + "</div>"),
      "j.html"));
  EXPECT_EQ(d.title, "Onze écoles rénovées en quatre ans");
  // <title> without the site part after " - ", never the banner <h1>.
  d = OnlyDocument(ParseHtmlPage(
      Page("<title>Rénovation des écoles rurales du Val d'Adour - Le Petit Journal</title>",
           banner + "<div class=\"content\">" + ArticleParagraphs() + "</div>"),
      "t.html"));
  EXPECT_EQ(d.title, "Rénovation des écoles rurales du Val d'Adour");
}

TEST(HtmlReaderClasses, MarkdownInlineNonTextElementsAreDropped) {
  ReadResult r = ParseMarkdown(
      "# Bilan <script>alert('zqx1')</script>du plan vélo\n\n"
      "Le conseil a adopté <style>.x{color:zqx2}</style>le bilan.\n\n"
      "<SCRIPT type=\"text/javascript\">\nvar zqx3 = 1;\n</SCRIPT>\n\n"
      "<template><p>zqx4</p></template><svg><text>zqx5</text></svg>\n\n"
      "Exemple : `<script>garde()</script>` dans un texte.\n\n"
      "```\n<style>code { montre: oui }</style>\n```\n",
      "bilan.md");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.title, "Bilan du plan vélo");
  EXPECT_THAT(d.text, HasSubstr("Le conseil a adopté le bilan."));
  EXPECT_THAT(d.text, Not(HasSubstr("zqx")));
  EXPECT_THAT(d.text, Not(HasSubstr("alert")));
  // Markup shown as code stays text.
  EXPECT_THAT(d.text, HasSubstr("garde()"));
  EXPECT_THAT(d.text, HasSubstr("montre: oui"));
}

TEST(HtmlReader, EmptyPageIsRejected) {
  ReadResult r = ParseHtmlPage("<html><body></body></html>", "e.html");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(r.stats.rejected, 1);
}

}  // namespace
}  // namespace meute::ingest
