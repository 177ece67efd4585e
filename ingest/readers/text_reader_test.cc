#include "ingest/readers/text_reader.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(TextReader, WikinewsLikeTextHasTitleAndDateline) {
  ReadResult r = ParsePlainText(
      "Un cluster signe un accord\n\nSur le même sujet\n\n3 juillet 2016 . –\n"
      "Le texte de la dépêche commence ici.\n",
      "news/2016_07_03-001.txt");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.id, "news/2016_07_03-001.txt");
  EXPECT_EQ(d.kind, Kind::kNews);
  EXPECT_EQ(d.title, "Un cluster signe un accord");
  EXPECT_EQ(d.date, "2016-07-03");
  EXPECT_EQ(d.text,
            "Sur le même sujet\n\n3 juillet 2016 . –\nLe texte de la dépêche commence ici.");
}

TEST(TextReader, BomCrlfAndInvalidUtf8) {
  ReadResult r =
      ParsePlainText("\xEF\xBB\xBFTitre\r\nLigne caf\xC3\xA9\r\nLigne \xFF\r\n", "b.txt");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Titre");
  EXPECT_EQ(r.documents[0].text, "Ligne café\nLigne \xEF\xBF\xBD");
  EXPECT_THAT(AllMessages(r), HasSubstr("b.txt:3: warning: invalid UTF-8 replaced by U+FFFD"));
}

TEST(TextReader, Windows1252Text) {
  ReadResult r = ParsePlainText("R\xE9sum\xE9\nD\xE9p\xF4t avant l'\xE9t\xE9.\n", "w.txt");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Résumé");
  EXPECT_THAT(AllMessages(r), HasSubstr("read as windows-1252"));
}

TEST(TextReader, EmptyFileIsRejected) {
  ReadResult r = ParsePlainText("\n\n  \n", "vide.txt");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(r.stats.rejected, 1);
}

constexpr char kCallMarkdown[] = R"(---
id: aap-h2-2026
kind: call
title: "Appel à projets : hydrogène dans les zones d'activité"
funder: Région Occitanie
deadline: 15 mars 2026
budget_eur: 2 M€
themes: [hydrogène, mobilité]
sectors:
  - énergie
  - transport
contact: service.innovation@example.org
---
# Appel à projets : hydrogène

Ce dispositif soutient les **projets collaboratifs** entre PME et
laboratoires. Voir le [cahier des charges](https://example.org/cdc.pdf).

## Calendrier

* ouverture : `1er février 2026`
* dépôt : avant le 15 mars 2026

| Étape | Date |
|-------|------|
| Jury  | avril |

```
code gardé tel quel
```
)";

TEST(MarkdownReader, FrontMatterFillsTheRecord) {
  ReadResult r = ParseMarkdown(kCallMarkdown, "appels/h2.md");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.id, "aap-h2-2026");
  EXPECT_EQ(d.kind, Kind::kCall);
  EXPECT_EQ(d.title, "Appel à projets : hydrogène dans les zones d'activité");
  EXPECT_EQ(d.funder, "Région Occitanie");
  EXPECT_EQ(d.deadline, "2026-03-15");
  ASSERT_TRUE(d.budget_eur.has_value());
  EXPECT_DOUBLE_EQ(*d.budget_eur, 2e6);
  EXPECT_THAT(d.themes, ElementsAre("hydrogène", "mobilité"));
  EXPECT_THAT(d.sectors, ElementsAre("énergie", "transport"));
  EXPECT_EQ(d.extra_json, R"({"contact":"service.innovation@example.org"})");
  EXPECT_EQ(d.text,
            "Ce dispositif soutient les projets collaboratifs entre PME et\n"
            "laboratoires. Voir le cahier des charges.\n\n"
            "Calendrier\n\n"
            "ouverture : 1er février 2026\n"
            "dépôt : avant le 15 mars 2026\n\n"
            "Étape Date\n"
            "Jury avril\n\n"
            "code gardé tel quel");
}

TEST(MarkdownReader, TomlFrontMatter) {
  ReadResult r = ParseMarkdown(
      "+++\ntitle = \"Note\"\ndate = 2026-02-12\nthemes = [\"eau\"]\n+++\n"
      "Corps du texte.\n",
      "n.md");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Note");
  EXPECT_EQ(r.documents[0].date, "2026-02-12");
  EXPECT_THAT(r.documents[0].themes, ElementsAre("eau"));
  EXPECT_EQ(r.documents[0].kind, Kind::kNews);
}

TEST(MarkdownReader, TitleFromHeadingWithoutFrontMatter) {
  ReadResult r = ParseMarkdown(
      "Intro avant le titre.\n\nTitre principal\n===============\n\nTexte _souligné_ et "
      "snake_case.\n",
      "s.md");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "Titre principal");
  EXPECT_EQ(r.documents[0].text, "Intro avant le titre.\n\nTexte souligné et snake_case.");
}

TEST(MarkdownReader, BadFrontMatterIsReportedNotFatal) {
  ReadResult r = ParseMarkdown("---\ntitle: x\nkind: pomme\n---\nTexte\n", "k.md");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_THAT(AllMessages(r), HasSubstr("k.md:1: field \"kind\": expected call"));

  r = ParseMarkdown("---\ntitle: Titre\nligne sans deux-points\n---\nTexte\n", "l.md");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_THAT(AllMessages(r), HasSubstr("l.md:3: warning: front matter: expected \"key: value\""));

  r = ParseMarkdown("---\ntitle: jamais fermé\nTexte\n", "u.md");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_THAT(AllMessages(r), HasSubstr("front matter not closed"));
}

TEST(MarkdownReader, MappingRenamesFrontMatterKeys) {
  absl::StatusOr<Mapping> m = ParseMapping(
      "[defaults]\nkind = \"call\"\n[fields]\ntitle = \"titre\"\nfunder = "
      "\"financeur\"\n",
      "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseMarkdown("---\ntitre: Appel Eau\nfinanceur: Agence de l'eau\n---\nTexte.\n",
                               "e.md", {}, &*m);
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Appel Eau");
  EXPECT_EQ(r.documents[0].funder, "Agence de l'eau");
  EXPECT_EQ(r.documents[0].kind, Kind::kCall);
}

TEST(MarkdownReader, MarkupIsRemoved) {
  EXPECT_EQ(internal::MarkdownToText("> **Gras** et *italique*, `code`, ![image](i.png) "
                                     "[lien](https://x) <span>html</span> <https://y.org>\n"
                                     "---\n1. un\n2. deux\n[ref]: https://z\n"),
            "Gras et italique, code, image lien html https://y.org\nun\ndeux");
}

}  // namespace
}  // namespace meute::ingest
