#include "ingest/french_date.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace meute::ingest {
namespace {

std::string D(absl::string_view s) { return ParseDate(s).value_or("none"); }

TEST(FrenchDate, ReadsLongFrenchDates) {
  EXPECT_EQ(D("1er janvier 2016"), "2016-01-01");
  EXPECT_EQ(D("3 juillet 2016"), "2016-07-03");
  EXPECT_EQ(D("lundi 12 février 2026"), "2026-02-12");
  EXPECT_EQ(D("le 12 février 2026"), "2026-02-12");
  EXPECT_EQ(D("12 FÉVRIER 2026"), "2026-02-12");
  EXPECT_EQ(D("12 fevrier 2026"), "2026-02-12");
  EXPECT_EQ(D("25 décembre 2017"), "2017-12-25");
  EXPECT_EQ(D("15 août 2018"), "2018-08-15");
  EXPECT_EQ(D("1\xE1\xB5\x89\xCA\xB3 mars 2026"), "2026-03-01");  // 1ᵉʳ
  EXPECT_EQ(D("1\xC2\xA0"
              "avril\xC2\xA0"
              "2026"),
            "2026-04-01");  // No-break spaces.
}

TEST(FrenchDate, ReadsAbbreviatedMonths) {
  EXPECT_EQ(D("12 févr. 2026"), "2026-02-12");
  EXPECT_EQ(D("3 janv. 2026"), "2026-01-03");
  EXPECT_EQ(D("30 sept. 2025"), "2025-09-30");
  EXPECT_EQ(D("mar. 12 mars 2026"), "2026-03-12");
}

TEST(FrenchDate, ReadsNumericDatesDayFirst) {
  EXPECT_EQ(D("12/02/2026"), "2026-02-12");
  EXPECT_EQ(D("31/12/2022"), "2022-12-31");
  EXPECT_EQ(D("1-3-2026"), "2026-03-01");
  EXPECT_EQ(D("12.02.26"), "2026-02-12");
}

TEST(FrenchDate, ReadsRfc822AsFeedsWriteIt) {
  EXPECT_EQ(D("Thu, 12 Feb 2026 10:00:00 +0100"), "2026-02-12");
  EXPECT_EQ(D("Sun, 01 Mar 2026 23:30:00 GMT"), "2026-03-01");
  // The day as written, not converted to UTC.
  EXPECT_EQ(D("Wed, 31 Dec 2025 23:30:00 -0500"), "2025-12-31");
  EXPECT_EQ(D("12 Feb 26 10:00 GMT"), "2026-02-12");
  EXPECT_EQ(D("jeu., 12 févr. 2026 10:00:00 +0100"), "2026-02-12");
}

TEST(FrenchDate, ReadsIso8601) {
  EXPECT_EQ(D("2026-02-12"), "2026-02-12");
  EXPECT_EQ(D("2026-02-12T10:00:00Z"), "2026-02-12");
  EXPECT_EQ(D("2026-02-12T10:00:00.123+02:00"), "2026-02-12");
  EXPECT_EQ(D("2026/02/12"), "2026-02-12");
  EXPECT_EQ(D("2022-07-28T11: 40: 47+02: 00"), "2022-07-28");  // As in a real API sample.
}

TEST(FrenchDate, ReadsEnglishDates) {
  EXPECT_EQ(D("February 12, 2026"), "2026-02-12");
  EXPECT_EQ(D("12 February 2026"), "2026-02-12");
  EXPECT_EQ(D("Feb. 12th 2026"), "2026-02-12");
  EXPECT_EQ(D("15 April 2026 at 17:00"), "2026-04-15");
}

TEST(FrenchDate, AcceptsATrailingTime) {
  EXPECT_EQ(D("1er janvier 2016, 14h30"), "2016-01-01");
  EXPECT_EQ(D("12 mars 2026 à 10h"), "2026-03-12");
}

TEST(FrenchDate, RejectsWhatIsNotADate) {
  EXPECT_EQ(ParseDate("31 février 2026"), std::nullopt);
  EXPECT_EQ(ParseDate("29/02/2026"), std::nullopt);
  EXPECT_EQ(ParseDate("32 janvier 2026"), std::nullopt);
  EXPECT_EQ(ParseDate("janvier 2026"), std::nullopt);
  EXPECT_EQ(ParseDate("Permanente"), std::nullopt);
  EXPECT_EQ(ParseDate(""), std::nullopt);
  EXPECT_EQ(ParseDate("12 mars 2026 et 13 mars 2026"), std::nullopt);
  EXPECT_EQ(ParseDate("2026-02-12 14"), std::nullopt);
  EXPECT_EQ(ParseDate("12 02 2026"), std::nullopt);
}

TEST(FrenchDate, LeapYears) {
  EXPECT_EQ(D("29 février 2028"), "2028-02-29");
  EXPECT_EQ(ParseDate("29 février 2100"), std::nullopt);
}

TEST(FrenchDate, PrefixReportsWhatItConsumed) {
  size_t consumed = 0;
  const std::string line =
      "3 juillet 2016 . \xE2\x80\x93 Apr\xC3\xA8s plus de 188 kilom\xC3\xA8tres";
  EXPECT_EQ(ParseDatePrefix(line, &consumed), "2016-07-03");
  EXPECT_EQ(line.substr(0, consumed), "3 juillet 2016");
  EXPECT_EQ(ParseDatePrefix("Le 1er mars 2026, la Région", &consumed), "2026-03-01");
  EXPECT_EQ(ParseDatePrefix("Hier, la Région"), std::nullopt);
}

TEST(FrenchDate, FindsTheDatelineOfANewsText) {
  const std::string text =
      "Un cluster signe un accord\n"
      "\n"
      "Sur le même sujet\n"
      "Une autre dépêche, sans date au début\n"
      "\n"
      "3 juillet 2016 . –\n"
      "Le texte commence ici, le 4 juillet 2016 étant une autre date.\n";
  EXPECT_EQ(FindDateline(text), "2016-07-03");
  EXPECT_EQ(FindDateline("Titre\nPublié le 12 février 2026 à 10h\nTexte"), "2026-02-12");
  EXPECT_EQ(FindDateline("Titre\nMis à jour le 2026-02-13\nTexte"), "2026-02-13");
  EXPECT_EQ(FindDateline("Titre\nTexte sans date.\n"), std::nullopt);
  // Only the first lines count.
  std::string late = "Titre\n";
  for (int i = 0; i < 30; ++i) late += "ligne\n";
  late += "1er mars 2026\n";
  EXPECT_EQ(FindDateline(late), std::nullopt);
}

TEST(FrenchDate, FindsTheDeadlineOfACall) {
  EXPECT_EQ(FindDeadline("Dépôt des dossiers jusqu’au 15 mars 2026 à midi."), "2026-03-15");
  EXPECT_EQ(FindDeadline("Date limite de dépôt : 30/06/2026"), "2026-06-30");
  EXPECT_EQ(FindDeadline("Ouverture le 1er février 2026. Clôture le 31 mai 2026."), "2026-05-31");
  EXPECT_EQ(FindDeadline("The deadline for submission is 15 April 2026 at 17:00."), "2026-04-15");
  EXPECT_EQ(FindDeadline("Aide permanente, sans date."), std::nullopt);
}

}  // namespace
}  // namespace meute::ingest
