#include "nightly/config.h"

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::nightly {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<NightlyConfig> Parse(const std::string& text) {
  return ParseConfig(text, "meute.toml", "/etc/meute");
}

TEST(ParseConfig, ReadsEverySectionAndResolvesPaths) {
  absl::StatusOr<NightlyConfig> c = Parse(R"(
[index]
path = "idx"
shards = 3
batch_size = 500
analysis_threads = 1
spelling = false
report = "/var/log/meute/nightly.json"

[analysis]
synonyms = "synonyms.txt"

[model]
enabled = false
dimensions = 64

[fetch]
timeout_s = 5
retries = 1

[[source]]
name = "calls"
path = "data/calls.jsonl"
authoritative = true

[[source]]
name = "news-feed"
url = "https://example.org/feed.rss"
kind = "news"
format = "rss"

[[source]]
name = "members"
glob = "/srv/members/*.csv"
mapping = "mappings/members.toml"
)");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->file, "meute.toml");
  EXPECT_EQ(c->index_path, "/etc/meute/idx");
  EXPECT_EQ(c->shards, 3);
  EXPECT_EQ(c->batch_size, 500);
  EXPECT_EQ(c->analysis_threads, 1);
  EXPECT_FALSE(c->spelling);
  EXPECT_EQ(c->state_dir, "/etc/meute/idx.state");
  EXPECT_EQ(c->report, "/var/log/meute/nightly.json");
  EXPECT_EQ(c->synonyms, "/etc/meute/synonyms.txt");
  EXPECT_FALSE(c->model.enabled);
  EXPECT_EQ(c->model.dimensions, 64);
  EXPECT_FALSE(c->model.seed.has_value());
  EXPECT_EQ(c->model.path, "/etc/meute/idx/meute.model");
  EXPECT_EQ(c->fetch.timeout_s, 5);
  EXPECT_EQ(c->fetch.retries, 1);
  EXPECT_EQ(c->fetch.max_mb, 64);
  ASSERT_EQ(c->sources.size(), 3u);
  EXPECT_EQ(c->sources[0].path, "/etc/meute/data/calls.jsonl");
  EXPECT_TRUE(c->sources[0].authoritative);
  EXPECT_FALSE(c->sources[0].kind.has_value());
  EXPECT_EQ(c->sources[1].url, "https://example.org/feed.rss");
  EXPECT_EQ(c->sources[1].Location(), "https://example.org/feed.rss");
  EXPECT_EQ(c->sources[1].kind, ingest::Kind::kNews);
  EXPECT_FALSE(c->sources[1].authoritative);
  EXPECT_EQ(c->sources[2].glob, "/srv/members/*.csv");
  EXPECT_EQ(c->sources[2].mapping, "/etc/meute/mappings/members.toml");
}

TEST(ParseConfig, DefaultsWhenOnlyThePathAndASourceAreGiven) {
  absl::StatusOr<NightlyConfig> c =
      Parse("[index]\npath = \"/x/idx\"\n[[source]]\nname = \"a\"\npath = \"a.jsonl\"\n");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->shards, 1);
  EXPECT_EQ(c->batch_size, 1000);
  EXPECT_EQ(c->analysis_threads, 0);
  EXPECT_TRUE(c->spelling);
  EXPECT_EQ(c->state_dir, "/x/idx.state");
  EXPECT_TRUE(c->report.empty());
  EXPECT_TRUE(c->model.enabled);
  EXPECT_FALSE(c->model.dimensions.has_value());
}

TEST(ParseConfig, ErrorsNameTheFileAndLine) {
  const std::string head = "[index]\npath = \"idx\"\n";
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"[index\n", "meute.toml:1:"},
      {"[[source]]\nname=\"a\"\npath=\"a\"\n", "no [index] table"},
      {head, "no [[source]]"},
      {head + "shard = 2\n[[source]]\nname=\"a\"\npath=\"a\"\n",
       "meute.toml:3:1: unknown key \"shard\" in [index]"},
      {"[index]\npath = \"idx\"\nshards = 0\n[[source]]\nname=\"a\"\npath=\"a\"\n",
       "meute.toml:3:10: \"shards\" must be from 1 to 256, not 0"},
      {"[index]\npath = \"idx\"\nshards = \"two\"\n[[source]]\nname=\"a\"\npath=\"a\"\n",
       "\"shards\" must be an integer"},
      {head + "[[source]]\nname=\"a\"\n", "needs exactly one of path, glob and url"},
      {head + "[[source]]\nname=\"a\"\npath=\"a\"\nurl=\"http://x\"\n",
       "needs exactly one of path, glob and url"},
      {head + "[[source]]\nname=\"a\"\nurl=\"ftp://x/y\"\n", "url must be http:// or https://"},
      {head + "[[source]]\nname=\"a b\"\npath=\"a\"\n", "use letters, digits"},
      {head + "[[source]]\nname=\"a\"\npath=\"a\"\nkind=\"event\"\n", "unknown kind \"event\""},
      {head + "[[source]]\nname=\"a\"\npath=\"a\"\n[[source]]\nname=\"a\"\npath=\"b\"\n",
       "two sources are named \"a\""},
      {head + "[[source]]\npath=\"a\"\n", "needs a name"},
      {head + "[[source]]\nname=\"a\"\npath=\"a\"\nauthoritative=\"yes\"\n",
       "\"authoritative\" must be true or false"},
      {head + "[model]\nsize=3\n[[source]]\nname=\"a\"\npath=\"a\"\n", "unknown key \"size\""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<NightlyConfig> r = Parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message)) << c.text;
  }
}

TEST(LoadConfig, MissingFileIsNotFound) {
  absl::StatusOr<NightlyConfig> c = LoadConfig("/nonexistent/meute.toml");
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("/nonexistent/meute.toml"));
}

}  // namespace
}  // namespace meute::nightly

namespace meute::nightly {
namespace {

TEST(LoadConfig, TheShippedExampleIsValid) {
  const char* src = std::getenv("MEUTE_SOURCE_DIR");
  absl::StatusOr<NightlyConfig> c =
      LoadConfig(std::string(src != nullptr ? src : ".") + "/deploy/meute.toml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->index_path, "/var/lib/meute/index");
  EXPECT_EQ(c->model.path, "/var/lib/meute/index/meute.model");
  EXPECT_EQ(c->sources.size(), 4u);
}

}  // namespace
}  // namespace meute::nightly
