#include "ingest/readers/json_reader.h"

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

TEST(JsonReader, ArrayOfCanonicalRecordsWithLinesPerRecord) {
  ReadResult r = ParseJsonDocument(
      "[\n"
      "  {\"id\": \"n1\", \"kind\": \"news\", \"title\": \"Un\"},\n"
      "  {\"id\": \"n2\", \"kind\": \"news\",\n"
      "   \"title\": \"Deux\", \"date\": \"31/02/2026\"},\n"
      "  \"pas un objet\",\n"
      "  {\"id\": \"n3\", \"kind\": \"call\", \"title\": \"Trois\", \"deadline\": \"2026-05-31\"}\n"
      "]\n",
      "a.json");
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(r.documents[1].deadline, "2026-05-31");
  EXPECT_THAT(AllMessages(r), HasSubstr("a.json:3: field \"date\": expected YYYY-MM-DD"));
  EXPECT_THAT(AllMessages(r), HasSubstr("a.json:5: expected a JSON object, got string"));
  EXPECT_EQ(r.stats.read, 4);
  EXPECT_EQ(r.stats.rejected, 2);
}

TEST(JsonReader, NamesUnknownFieldsOncePerFile) {
  ReadResult r = ParseJsonDocument(
      "[\n"
      "  {\"id\": \"n1\", \"kind\": \"news\", \"title\": \"Un\", \"content\": \"a\"},\n"
      "  {\"id\": \"n2\", \"kind\": \"news\", \"title\": \"Deux\", \"content\": \"b\"}\n"
      "]\n",
      "u.json");
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(AllMessages(r),
            "u.json:2: warning: field \"content\" is not a record field: stored, not indexed (a "
            "mapping file can map it: see corpora/mappings/README.md)\n");
}

TEST(JsonReader, SingleObjectIsOneRecord) {
  ReadResult r = ParseJsonDocument(
      R"({"id":"c1","kind":"cluster","title":"Mipyrail","sectors":["ferroviaire"]})", "c.json");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_THAT(r.documents[0].sectors, ElementsAre("ferroviaire"));
}

TEST(JsonReader, SyntaxErrorNamesLineAndColumn) {
  ReadResult r = ParseJsonDocument("[\n {\"id\": \"a\"},\n {\"id\": }\n]", "b.json");
  EXPECT_TRUE(r.documents.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_GT(r.diagnostics[0].column, 0);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("invalid JSON"));
}

TEST(JsonReader, DeepNestingIsRefusedWithoutRecursion) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  ReadResult r = ParseJsonDocument(deep, "d.json");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_THAT(AllMessages(r), HasSubstr("nested deeper than"));
}

// An answer shaped like the aid APIs: records under a key, HTML fields,
// arrays of objects.
constexpr char kApiAnswer[] = R"({
  "count": 2,
  "results": [
    {
      "id": 7,
      "name": "Aide &agrave; l&rsquo;innovation",
      "description": "<p>Pour les <b>PME</b> innovantes.</p><p>Second paragraphe.</p>",
      "origin_url": "https: //example.org/aides/7",
      "submission_deadline": "2026-06-30",
      "tags": [{"href": "/t/1", "title": "innovation"}, {"href": "/t/2", "title": "numérique"}],
      "is_call_for_project": true,
      "contact": null
    },
    {
      "id": 8,
      "name": "Aide sans date",
      "submission_deadline": "bientôt",
      "tags": []
    }
  ]
})";

TEST(JsonReader, MappedApiAnswer) {
  absl::StatusOr<Mapping> m = ParseMapping(R"(
records = "results"
[defaults]
kind = "call"
funder = "Région"
[fields]
id = { from = "id", prefix = "api:" }
title = { from = "name", html = true }
text = { from = "description", html = true }
url = "origin_url"
deadline = "submission_deadline"
themes = "tags.title"
)",
                                           "api.toml");
  ASSERT_TRUE(m.ok()) << m.status();
  ReadResult r = ParseJsonDocument(kApiAnswer, "api.json", {}, &*m);
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  const Document& a = r.documents[0];
  EXPECT_EQ(a.id, "api:7");
  EXPECT_EQ(a.kind, Kind::kCall);
  EXPECT_EQ(a.title, "Aide \xC3\xA0 l\xE2\x80\x99innovation");
  EXPECT_EQ(a.text, "Pour les PME innovantes.\nSecond paragraphe.");
  EXPECT_EQ(a.url, "https://example.org/aides/7");
  EXPECT_EQ(a.deadline, "2026-06-30");
  EXPECT_EQ(a.funder, "Région");
  EXPECT_THAT(a.themes, ElementsAre("innovation", "numérique"));
  EXPECT_EQ(a.extra_json, R"({"is_call_for_project":true})");
  EXPECT_THAT(AllMessages(r), HasSubstr("api.json:14: warning: field \"deadline\""));
}

TEST(JsonReader, MissingRecordsPathIsAnError) {
  absl::StatusOr<Mapping> m = ParseMapping("records = \"aides\"\n", "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseJsonDocument(kApiAnswer, "api.json", {}, &*m);
  EXPECT_THAT(AllMessages(r), HasSubstr("no \"aides\" in the document"));
}

TEST(JsonReader, ElementLinesOfNestedArrays) {
  const std::string json =
      "{\"a\": [1, 2],\n \"results\": [\n  {\"x\": [\"[\", {}]},\n  {\"y\": \"}\"}\n ]}";
  EXPECT_THAT(internal::ArrayElementLines(json, "results"), ElementsAre(3, 4));
  EXPECT_THAT(internal::ArrayElementLines(json, "a"), ElementsAre(1, 1));
  EXPECT_THAT(internal::ArrayElementLines("[\n{},\n\n{}]", ""), ElementsAre(2, 4));
}

TEST(JsonReader, MappedJsonLines) {
  absl::StatusOr<Mapping> m = ParseMapping(R"(
drop = ["entities"]
[defaults]
kind = "news"
[fields]
title = "titre"
date = { from = "date", from_text = true }
text = "corps"
)",
                                           "m.toml");
  ASSERT_TRUE(m.ok());
  ReadResult r = ParseMappedJsonLines(
      "{\"id\":\"1\",\"titre\":\"Un\",\"date\":\"1er janvier 2016\",\"entities\":[1]}\n"
      "{\"id\":\"2\",\"titre\":\"Deux\",\"date\":\"\",\"corps\":\"Deux\\n\\n3 juillet 2016 . "
      "–\\nTexte\"}\n"
      "{broken\n",
      "w.jsonl", *m);
  ASSERT_EQ(r.documents.size(), 2u) << AllMessages(r);
  EXPECT_EQ(r.documents[0].date, "2016-01-01");
  EXPECT_EQ(r.documents[0].extra_json, R"js({"id (unmapped)":"1"})js");
  EXPECT_EQ(r.documents[1].date, "2016-07-03");
  EXPECT_THAT(AllMessages(r), HasSubstr("w.jsonl:3:"));
}

}  // namespace
}  // namespace meute::ingest
