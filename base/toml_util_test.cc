#include "base/toml_util.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute {
namespace {

TEST(ParseToml, ReadsATable) {
  absl::StatusOr<toml::table> t = ParseToml("[index]\ndb = \"var/db\"\n", "meute.toml");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)["index"]["db"].value_or(std::string()), "var/db");
}

TEST(ParseToml, SyntaxErrorNamesFileLineAndColumn) {
  absl::StatusOr<toml::table> t = ParseToml("a = 1\nb = = 2\n", "m.toml");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(t.status().message()), ::testing::StartsWith("m.toml:2:"));
}

}  // namespace
}  // namespace meute
