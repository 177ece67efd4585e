#include "ingest/readers/csv_reader.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/csv_mapping.h"

namespace meute::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string AllMessages(const ReadResult& r) {
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.ToString() + "\n";
  return all;
}

TEST(CsvSplit, Rfc4180QuotesSeparatorsAndNewlines) {
  const std::string text =
      "a;b;c\n"
      "1;\"deux; avec \"\"guillemets\"\"\";3\n"
      "4;\"sur\ndeux lignes\";6\n"
      "7;;\n";
  std::vector<internal::CsvRecord> recs = internal::SplitCsv(text, ';', 1000);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_THAT(recs[1].fields, ElementsAre("1", "deux; avec \"guillemets\"", "3"));
  EXPECT_THAT(recs[2].fields, ElementsAre("4", "sur\ndeux lignes", "6"));
  EXPECT_EQ(recs[2].line, 3);
  EXPECT_EQ(recs[3].line, 5);
  EXPECT_THAT(recs[3].fields, ElementsAre("7", "", ""));
}

TEST(CsvSplit, StrayQuoteCostsOneRecord) {
  const std::string text = "id,title\na,\"cassé\nb,bon\nc,\"aussi\" bon\n";
  std::vector<internal::CsvRecord> recs = internal::SplitCsv(text, ',', 1000);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_FALSE(recs[1].error.empty());
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_THAT(recs[2].fields, ElementsAre("b", "bon"));
  EXPECT_EQ(recs[2].line, 3);
  EXPECT_THAT(recs[3].fields, ElementsAre("c", "aussi bon"));
  EXPECT_FALSE(recs[3].warning.empty());
}

TEST(CsvSplit, LineEndsInsideQuotesAreKeptAsWritten) {
  // Records end at CRLF, LF or a lone CR; a quoted field keeps its own CRLF.
  const std::string text = "id;note\r\nx;\"ligne un\r\nligne deux\"\r\ny;fin\rz;\"a\nb\"\n";
  std::vector<internal::CsvRecord> recs = internal::SplitCsv(text, ';', 1000);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_THAT(recs[1].fields, ElementsAre("x", "ligne un\r\nligne deux"));
  EXPECT_THAT(recs[2].fields, ElementsAre("y", "fin"));
  EXPECT_EQ(recs[2].line, 4);
  EXPECT_THAT(recs[3].fields, ElementsAre("z", "a\nb"));
  EXPECT_EQ(recs[3].line, 5);
}

TEST(CsvSplit, DetectsTheSeparatorOfTheHeader) {
  EXPECT_EQ(internal::DetectDelimiter("Nom;Ville;\"a,b\"\nx,y,z,t\n"), ';');
  EXPECT_EQ(internal::DetectDelimiter("Nom,Ville,Site\n"), ',');
  EXPECT_EQ(internal::DetectDelimiter("Nom\tVille\n"), '\t');
  EXPECT_EQ(internal::DetectDelimiter("Nom\n"), ',');
}

TEST(CsvReader, ColumnsNamedLikeFieldsWithoutMapping) {
  ReadResult r = ParseCsv(
      "\xEF\xBB\xBFid;kind;title;skills;Commentaire\r\n"
      "m1;member;Atelier Dupont;usinage;soudure;client fidèle\r\n"
      "m2;member;Lab Capteurs;capteurs;\r\n",
      "membres.csv");
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].id, "m1");
  EXPECT_EQ(r.documents[0].kind, Kind::kMember);
  EXPECT_THAT(r.documents[0].skills, ElementsAre("usinage"));
  EXPECT_EQ(r.documents[1].extra_json, "{}");
  EXPECT_EQ(r.stats.read, 2);
  EXPECT_EQ(r.stats.accepted, 2);
}

TEST(CsvReader, KeepsUnknownColumns) {
  ReadResult r =
      ParseCsv("id,kind,title,Commentaire\nc1,cluster,Mipyrail,réseau ferroviaire\n", "c.csv");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].extra_json, R"({"Commentaire":"réseau ferroviaire"})");
}

TEST(CsvReader, MissingKindRejectsEachRowWithItsLine) {
  ReadResult r = ParseCsv("id,title\na,Un\nb,Deux\n", "k.csv");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(r.stats.rejected, 2);
  EXPECT_THAT(AllMessages(r), HasSubstr("k.csv:2: field \"kind\": missing"));
  EXPECT_THAT(AllMessages(r), HasSubstr("k.csv:3: field \"kind\": missing"));
}

TEST(CsvReader, Windows1252IsDetectedAndConverted) {
  // "Appel à projets – 1,5 M€" in Windows-1252: à = E0, – = 96, € = 80.
  ReadResult r = ParseCsv("id;kind;title\nc1;call;Appel \xE0 projets \x96 1,5 M\x80\n", "w.csv");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Appel \xC3\xA0 projets \xE2\x80\x93 1,5 M\xE2\x82\xAC");
  EXPECT_THAT(AllMessages(r), HasSubstr("w.csv: warning: not valid UTF-8: read as windows-1252"));
}

TEST(CsvReader, AFewBrokenBytesInUtf8AreRepairedWithTheirLine) {
  ReadResult r = ParseCsv(
      "id;kind;title\nc1;call;Région Occitanie\nc2;call;Caf\xE9 d\xC3\xA9j\xC3\xA0 vu\n", "u.csv");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].title, "Région Occitanie");
  EXPECT_EQ(r.documents[1].title, "Caf\xEF\xBF\xBD déjà vu");
  EXPECT_THAT(AllMessages(r), HasSubstr("u.csv:3: warning: invalid UTF-8 replaced by U+FFFD"));
}

TEST(CsvReader, OneBadRecordNeverStopsTheFile) {
  ReadResult r =
      ParseCsv("id,kind,title\na,news,\"cassé\nb,news,Bon\nc,cluster,Encore bon\n", "s.csv");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].id, "b");
  EXPECT_EQ(r.documents[1].id, "c");
  EXPECT_EQ(r.stats.rejected, 1);
  EXPECT_THAT(AllMessages(r), HasSubstr("s.csv:2: field 3: quoted field not closed"));
}

TEST(CsvReader, RaggedRowsAreKeptWithAWarning) {
  ReadResult r =
      ParseCsv("id\tkind\ttitle\nx1\tcluster\tMipyrail\tToulouse\nx2\tcluster\n", "t.tsv");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].extra_json, R"({"column 4":"Toulouse"})");
  EXPECT_THAT(AllMessages(r), HasSubstr("t.tsv:2: warning: 4 fields where the header has 3"));
  EXPECT_THAT(AllMessages(r), HasSubstr("t.tsv:3: record has neither title nor text"));
}

TEST(CsvReader, OversizedFieldsAreCutWithAWarning) {
  ReaderOptions options;
  options.max_field_bytes = 10;
  ReadResult r =
      ParseCsv("id,kind,title,text\na,news,Titre,\"abcdéfghijklmnop\"\n", "o.csv", options);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_LE(r.documents[0].text.size(), 10u);
  EXPECT_EQ(r.documents[0].text, "abcdéfghi");
  EXPECT_THAT(AllMessages(r), HasSubstr("field \"text\": longer than 10 bytes, truncated"));
}

TEST(CsvReader, MappingRenamesSplitsParsesAndDefaults) {
  absl::StatusOr<Mapping> m = ParseMapping(R"(
[defaults]
kind = "call"
source = "CRM"
[fields]
title = "Nom"
text = ["Résumé", "Détails"]
deadline = "Clôture"
opens = "Ouverture"
budget_eur = "Montant"
themes = { from = "Thèmes", split = "," }
funder = "Financeur"
)",
                                           "crm.toml");
  ASSERT_TRUE(m.ok()) << m.status();
  ReadResult r = ParseCsv(
      "Nom;Résumé;Détails;Clôture;Ouverture;Montant;Thèmes;Financeur;Interne\n"
      "Appel H2;Court.;Long.;15 mars 2026;01/02/2026;1,5 M€;hydrogène, mobilité;ADEME;x\n"
      "Appel Eau;Texte;;bientôt;;beaucoup;eau;Agence;\n",
      "aap.csv", {}, &*m);
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  const Document& a = r.documents[0];
  EXPECT_EQ(a.kind, Kind::kCall);
  EXPECT_EQ(a.title, "Appel H2");
  EXPECT_EQ(a.text, "Court.\n\nLong.");
  EXPECT_EQ(a.deadline, "2026-03-15");
  EXPECT_EQ(a.opens, "2026-02-01");
  ASSERT_TRUE(a.budget_eur.has_value());
  EXPECT_DOUBLE_EQ(*a.budget_eur, 1500000);
  EXPECT_THAT(a.themes, ElementsAre("hydrogène", "mobilité"));
  EXPECT_EQ(a.funder, "ADEME");
  EXPECT_EQ(a.source, "CRM");
  EXPECT_EQ(a.extra_json, R"({"Interne":"x"})");
  // Unreadable values are warnings; the record stays.
  const Document& b = r.documents[1];
  EXPECT_EQ(b.deadline, "");
  EXPECT_FALSE(b.budget_eur.has_value());
  EXPECT_THAT(AllMessages(r),
              HasSubstr("aap.csv:3: warning: field \"deadline\": could not read a date in "
                        "\"bientôt\", dropped"));
  EXPECT_THAT(AllMessages(r), HasSubstr("aap.csv:3: warning: field \"budget_eur\""));
}

TEST(CsvReader, GeneratedIdsAreStableAndUnique) {
  absl::StatusOr<Mapping> m =
      ParseMapping("[defaults]\nkind = \"news\"\n[fields]\ntitle = \"T\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r1 = ParseCsv("T\nUn\nDeux\nUn\n", "dir/f.csv", {}, &*m);
  ReadResult r2 = ParseCsv("T\nDeux\nUn\n", "dir/f.csv", {}, &*m);
  ASSERT_EQ(r1.documents.size(), 3u);
  EXPECT_THAT(r1.documents[0].id, HasSubstr("f:"));
  EXPECT_NE(r1.documents[0].id, r1.documents[1].id);
  EXPECT_EQ(r1.documents[2].id, r1.documents[0].id + "-2");
  EXPECT_EQ(r2.documents[1].id, r1.documents[0].id);  // Same content, same id.
}

TEST(CsvReader, MappingColumnMissingFromHeaderIsReported) {
  absl::StatusOr<Mapping> m =
      ParseMapping("[defaults]\nkind = \"news\"\n[fields]\ntitle = \"Titre\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseCsv("Title\nx\n", "h.csv", {}, &*m);
  EXPECT_THAT(AllMessages(r),
              HasSubstr("mapping: column \"Titre\" (for field \"title\") is not in the header"));
}

TEST(CsvReader, EmptyFileIsAnError) {
  ReadResult r = ParseCsv("", "e.csv");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_THAT(AllMessages(r), HasSubstr("e.csv: no header line"));
}

}  // namespace
}  // namespace meute::ingest
