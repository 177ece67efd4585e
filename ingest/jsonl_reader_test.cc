#include "ingest/jsonl_reader.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;

TEST(JsonLinesReader, KeepsValidRecordsAroundABrokenLine) {
  const std::string content = R"({"id":"n1","kind":"news","title":"Un","date":"2026-01-02"})"
                              "\n"
                              R"({"id":"n2","kind":"news","title":"Deux","date":"31/02/2026"})"
                              "\n"
                              R"({"id":"n3","kind":"news","title":"Trois"})"
                              "\n";
  ReadResult r = ParseJsonLines(content, "news.jsonl");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].id, "n1");
  EXPECT_EQ(r.documents[1].id, "n3");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "news.jsonl:2: field \"date\": expected YYYY-MM-DD, got \"31/02/2026\"");
  EXPECT_EQ(r.stats.read, 3);
  EXPECT_EQ(r.stats.accepted, 2);
  EXPECT_EQ(r.stats.rejected, 1);
}

TEST(JsonLinesReader, RejectsImpossibleCalendarDates) {
  EXPECT_FALSE(IsValidDate("2026-02-29"));
  EXPECT_TRUE(IsValidDate("2028-02-29"));
  EXPECT_FALSE(IsValidDate("2026-13-01"));
  EXPECT_FALSE(IsValidDate("2026-1-01"));
  EXPECT_TRUE(IsValidDate("2026-12-31"));
}

TEST(JsonLinesReader, ReportsSyntaxErrorsWithLineAndColumn) {
  ReadResult r = ParseJsonLines(
      "{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\"}\n{\"id\": nope}\n", "f.jsonl");
  ASSERT_EQ(r.documents.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 2);
  EXPECT_GT(r.diagnostics[0].column, 0);
  EXPECT_THAT(r.diagnostics[0].ToString(), HasSubstr("f.jsonl:2:"));
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("invalid JSON"));
}

TEST(JsonLinesReader, ReportsEveryBadFieldOfARecord) {
  ReadResult r = ParseJsonLines(
      R"({"id":"m1","kind":"member","title":"X","size":"huge","skills":"soudure","budget_eur":"lots"})",
      "m.jsonl");
  EXPECT_TRUE(r.documents.empty());
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("field \"budget_eur\""));
  EXPECT_THAT(r.diagnostics[1].message, HasSubstr("field \"size\""));
}

TEST(JsonLinesReader, RequiresIdKindAndTitle) {
  ReadResult r = ParseJsonLines(R"({"text":"orphan"})", "x.jsonl");
  EXPECT_TRUE(r.documents.empty());
  std::string all;
  for (const Diagnostic& d : r.diagnostics) all += d.message + "\n";
  EXPECT_THAT(all, HasSubstr("field \"id\": missing"));
  EXPECT_THAT(all, HasSubstr("field \"kind\": missing"));
  EXPECT_THAT(all, HasSubstr("field \"title\": missing"));
}

TEST(JsonLinesReader, KeepsUnknownFieldsAndRoundTripsThroughJson) {
  ReadResult r = ParseJsonLines(
      R"({"id":"c1","kind":"call","title":"AAP","budget_eur":250000,"themes":["eau"],"contact":{"nom":"A"},"deadline":"2026-12-01"})",
      "c.jsonl");
  ASSERT_EQ(r.documents.size(), 1u);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.kind, Kind::kCall);
  EXPECT_EQ(d.extra_json, R"({"contact":{"nom":"A"}})");
  const std::string json = ToJson(d);
  EXPECT_THAT(json, HasSubstr("\"budget_eur\":250000"));
  EXPECT_THAT(json, HasSubstr("\"contact\":{\"nom\":\"A\"}"));
  absl::StatusOr<Document> back = FromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->deadline, "2026-12-01");
  EXPECT_EQ(ToJson(*back), json);
  // Kept, but said: it is not indexed.
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_THAT(r.diagnostics[0].ToString(),
              HasSubstr("c.jsonl:1: warning: field \"contact\" is not a record field: stored, "
                        "not indexed"));
}

TEST(JsonLinesReader, NamesEachUnknownFieldOnceAndSuggestsTheFieldMeant) {
  ReadResult r = ParseJsonLines(
      "{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\",\"body\":\"Trains\"}\n"
      "{\"id\":\"b\",\"kind\":\"news\",\"title\":\"y\",\"body\":\"Eau\",\"Deadlin\":\"2026-01-01\"}"
      "\n",
      "n.jsonl");
  ASSERT_EQ(r.documents.size(), 2u);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].line, 1);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("\"body\" is not a record field"));
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("mapping"));
  EXPECT_EQ(r.diagnostics[1].line, 2);
  EXPECT_THAT(r.diagnostics[1].message, HasSubstr("\"Deadlin\""));
  EXPECT_THAT(r.diagnostics[1].message, HasSubstr("did you mean \"deadline\"?"));
  EXPECT_EQ(r.stats.warnings, 2);
}

TEST(JsonLinesReader, AcceptsBomCrlfAndBlankLines) {
  ReadResult r = ParseJsonLines(
      "\xEF\xBB\xBF{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\"}\r\n\r\n"
      "{\"id\":\"b\",\"kind\":\"news\",\"title\":\"y\"}\r\n",
      "w.jsonl");
  EXPECT_EQ(r.documents.size(), 2u);
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(JsonLinesReader, RepairsInvalidUtf8WithAWarning) {
  ReadResult r =
      ParseJsonLines("{\"id\":\"a\",\"kind\":\"news\",\"title\":\"caf\xE9\"}", "l1.jsonl");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].title, "caf\xEF\xBF\xBD");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
}

TEST(JsonLinesReader, RejectsDeepNestingWithoutRecursion) {
  std::string deep = "{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\",\"z\":";
  deep += std::string(200000, '[') + std::string(200000, ']') + "}";
  ReadResult r =
      ParseJsonLines(deep + "\n{\"id\":\"b\",\"kind\":\"news\",\"title\":\"y\"}", "deep.jsonl");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].id, "b");
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("nested deeper"));
}

TEST(JsonLinesReader, CapsOversizedFields) {
  ReaderOptions options;
  options.max_field_bytes = 10;
  ReadResult r = ParseJsonLines(
      "{\"id\":\"a\",\"kind\":\"news\",\"title\":\"x\",\"text\":\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
      "\xC3\xA9\xC3\xA9\"}",
      "big.jsonl", options);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].text.size(), 10u);
  EXPECT_EQ(r.stats.warnings, 1);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("truncated"));
}

TEST(JsonLinesReader, TitleFallsBackToNameOrOrganisation) {
  ReadResult r =
      ParseJsonLines(R"({"id":"c","kind":"cluster","name":"Mipyrail"})"
                     "\n"
                     R"({"id":"m","kind":"member","organisation":"Ferro SAS","lang":"FR-fr"})",
                     "t.jsonl");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].title, "Mipyrail");
  EXPECT_EQ(r.documents[1].title, "Ferro SAS");
  EXPECT_EQ(r.documents[1].lang, "fr");
}

}  // namespace
}  // namespace meute::ingest
