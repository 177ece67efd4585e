#include "ingest/readers/pdf_reader.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

// Escapes a PDF literal string; `latin1` text must already be Windows-1252.
std::string PdfString(const std::string& latin1) {
  std::string out = "(";
  for (char c : latin1) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

// A minimal, valid PDF: one Helvetica text line per entry of each page, with
// a cross-reference table at the right offsets. Text is Windows-1252.
std::string MakePdf(const std::vector<std::vector<std::string>>& pages,
                    const std::string& title = "") {
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (size_t i = 0; i < pages.size(); ++i) absl::StrAppend(&kids, 4 + 2 * i, " 0 R ");
  objects.push_back(
      absl::StrCat("<< /Type /Pages /Kids [", kids, "] /Count ", pages.size(), " >>"));
  objects.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    std::string content = "BT /F1 11 Tf 14 TL 72 760 Td ";
    for (const std::string& line : pages[i]) absl::StrAppend(&content, PdfString(line), " '\n");
    content += "ET";
    objects.push_back(absl::StrCat(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R "
        ">> >> /Contents ",
        5 + 2 * i, " 0 R >>"));
    objects.push_back(
        absl::StrCat("<< /Length ", content.size(), " >>\nstream\n", content, "\nendstream"));
  }
  size_t info = 0;
  if (!title.empty()) {
    objects.push_back(
        absl::StrCat("<< /Title ", PdfString(title), " /CreationDate (D:20250105100000Z) >>"));
    info = objects.size();
  }
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t off : offsets) pdf += absl::StrFormat("%010d 00000 n \n", off);
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R",
                  info > 0 ? absl::StrCat(" /Info ", info, " 0 R") : "", " >>\nstartxref\n", xref,
                  "\n%%EOF\n");
  return pdf;
}

TEST(PdfReader, ReadsACallForProjects) {
  const std::string pdf = MakePdf({{"Appel \xE0 projets Mobilit\xE9 d\xE9"
                                    "carbon\xE9"
                                    "e",
                                    "Date limite de d\xE9p\xF4t : 15 mars 2026",
                                    "Les projets collabora-", "tifs sont \xE9ligibles."},
                                   {"Deuxi\xE8me page du cahier des charges."}},
                                  "Appel \xE0 projets Mobilit\xE9");
  ReadResult r = ParsePdf(pdf, "appels/mobilite.pdf");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.id, "appels/mobilite.pdf");
  EXPECT_EQ(d.kind, Kind::kCall);
  EXPECT_EQ(d.title, "Appel à projets Mobilité");
  EXPECT_EQ(d.deadline, "2026-03-15");
  EXPECT_EQ(d.date, "2025-01-05");  // Creation date: no date line in the text.
  EXPECT_THAT(d.text, HasSubstr("Date limite de dépôt : 15 mars 2026"));
  EXPECT_THAT(d.text, HasSubstr("Les projets collaboratifs sont éligibles."));
  EXPECT_THAT(d.text, HasSubstr("Deuxième page du cahier des charges."));
}

TEST(PdfReader, FirstLineIsTheTitleWithoutMetadata) {
  ReadResult r = ParsePdf(MakePdf({{"Programme r\xE9gional Eau", "Texte du programme."}}), "e.pdf");
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].title, "Programme régional Eau");
  EXPECT_EQ(r.documents[0].text, "Texte du programme.");
}

TEST(PdfReader, MappingDefaultsOverrideTheKind) {
  absl::StatusOr<Mapping> m =
      ParseMapping("[defaults]\nkind = \"news\"\nsource = \"Revue de presse\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParsePdf(MakePdf({{"Communiqu\xE9", "Texte."}}), "c.pdf", {}, &*m);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].kind, Kind::kNews);
  EXPECT_EQ(r.documents[0].source, "Revue de presse");
}

TEST(PdfReader, DamagedAndForeignFilesAreRejected) {
  const std::string pdf = MakePdf({{"Texte"}});
  ReadResult r = ParsePdf(pdf.substr(0, 40), "cut.pdf");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(r.stats.rejected, 1);
  r = ParsePdf("<html>not a pdf</html>", "x.pdf");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_THAT(AllMessages(r), HasSubstr("x.pdf: not a PDF file"));
}

TEST(PdfReader, LongDocumentsAreCut) {
  std::vector<std::vector<std::string>> pages(20,
                                              std::vector<std::string>(30, std::string(60, 'a')));
  ReaderOptions options;
  options.max_field_bytes = 4000;
  ReadResult r = ParsePdf(MakePdf(pages, "Long"), "l.pdf", options);
  ASSERT_EQ(r.documents.size(), 1u) << AllMessages(r);
  EXPECT_LE(r.documents[0].text.size(), 4000u);
  EXPECT_THAT(AllMessages(r), HasSubstr("later pages skipped"));
}

}  // namespace
}  // namespace meute::ingest
