#include "ingest/csv_mapping.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace meute::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvMapping, ParsesEveryKindOfFieldSource) {
  absl::StatusOr<Mapping> m = ParseMapping(R"(
format = "csv"
delimiter = ";"
encoding = "windows-1252"
list_separator = "|"
drop = ["Interne"]

[defaults]
kind = "member"
themes = ["industrie", "export"]
budget_eur = 1000

[fields]
title = "Raison sociale"
text = ["Activité", "Description"]
id = { from = "SIRET", prefix = "siret:" }
date = { from = "Création", from_text = true }
skills = { from = "Compétences", split = "," }
)",
                                           "m.toml");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->format, "csv");
  EXPECT_EQ(m->delimiter, ';');
  EXPECT_EQ(m->encoding, "windows-1252");
  EXPECT_EQ(m->list_separator, "|");
  EXPECT_THAT(m->drop, ElementsAre("Interne"));
  EXPECT_THAT(m->defaults.at("kind"), ElementsAre("member"));
  EXPECT_THAT(m->defaults.at("themes"), ElementsAre("industrie", "export"));
  EXPECT_THAT(m->defaults.at("budget_eur"), ElementsAre("1000"));
  EXPECT_THAT(m->fields.at("title").from, ElementsAre("Raison sociale"));
  EXPECT_THAT(m->fields.at("text").from, ElementsAre("Activité", "Description"));
  EXPECT_EQ(m->fields.at("id").prefix, "siret:");
  EXPECT_TRUE(m->fields.at("date").from_text);
  EXPECT_EQ(m->fields.at("skills").split, ",");
}

TEST(CsvMapping, TabDelimiterByName) {
  absl::StatusOr<Mapping> m = ParseMapping("delimiter = \"\\t\"\n", "m.toml");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->delimiter, '\t');
}

TEST(CsvMapping, ErrorsNameFileLineAndColumn) {
  absl::StatusOr<Mapping> m = ParseMapping("[fields]\ntitle = \"Nom\"\ntitel = \"X\"\n", "m.toml");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(m.status().message()),
              HasSubstr("m.toml:3:1: unknown record field \"titel\""));
}

TEST(CsvMapping, RejectsBadValues) {
  EXPECT_THAT(std::string(ParseMapping("[fields]\ntitle = 3\n", "m.toml").status().message()),
              HasSubstr("expected a column name"));
  EXPECT_THAT(
      std::string(
          ParseMapping("[fields]\ntitle = { form = \"X\" }\n", "m.toml").status().message()),
      HasSubstr("unknown option \"form\""));
  EXPECT_THAT(std::string(ParseMapping("format = \"xls\"\n", "m.toml").status().message()),
              HasSubstr("\"format\""));
  EXPECT_THAT(std::string(ParseMapping("delimiter = \";;\"\n", "m.toml").status().message()),
              HasSubstr("one character"));
  EXPECT_THAT(std::string(ParseMapping("colums = 1\n", "m.toml").status().message()),
              HasSubstr("unknown key \"colums\""));
  EXPECT_THAT(
      std::string(ParseMapping("[fields]\ntitle = { from = \"X\", from_text = true }\n", "m.toml")
                      .status()
                      .message()),
      HasSubstr("from_text"));
  EXPECT_THAT(std::string(ParseMapping("[fields\n", "m.toml").status().message()),
              HasSubstr("m.toml:1:"));
}

TEST(CsvMapping, IdentityMappingUsesColumnsNamedLikeFields) {
  Mapping m = IdentityMapping({"ID", " Title ", "kind", "Commentaire", "themes"});
  EXPECT_THAT(m.fields.at("id").from, ElementsAre("ID"));
  EXPECT_THAT(m.fields.at("title").from, ElementsAre(" Title "));
  EXPECT_EQ(m.fields.count("commentaire"), 0u);
  EXPECT_EQ(m.fields.size(), 4u);
}

TEST(CsvMapping, LoadMappingReportsMissingFile) {
  EXPECT_EQ(LoadMapping("/nonexistent/m.toml").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace meute::ingest
