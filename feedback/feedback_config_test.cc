#include "feedback/feedback_config.h"

#include <unistd.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::feedback {
namespace {

using ::testing::HasSubstr;

std::string Write(const std::string& name, const std::string& text) {
  const std::string path =
      (std::filesystem::temp_directory_path() / absl::StrCat(name, ".", ::getpid(), ".toml"))
          .string();
  EXPECT_TRUE(WriteFileAtomically(path, text).ok());
  return path;
}

TEST(FeedbackConfig, AbsentFileGivesDefaults) {
  absl::StatusOr<FeedbackConfig> c = ReadFeedbackConfig("/nonexistent/meute.feedback.toml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->options.expiry_days, 180);
  EXPECT_TRUE(c->mailto.empty());
}

TEST(FeedbackConfig, ReadsEveryKey) {
  const std::string path = Write("fbconf_ok",
                                 "[feedback]\nexpiry_days = 30\nmailto = \"veille@x.org\"\n"
                                 "url_template = \"https://x.org/a?id={id}&v={answer}\"\n"
                                 "rocchio_weight = 0.25\n");
  absl::StatusOr<FeedbackConfig> c = ReadFeedbackConfig(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->options.expiry_days, 30);
  EXPECT_EQ(c->mailto, "veille@x.org");
  EXPECT_EQ(c->url_template, "https://x.org/a?id={id}&v={answer}");
  EXPECT_DOUBLE_EQ(c->options.weight, 0.25);
  std::filesystem::remove(path);
}

TEST(FeedbackConfig, BadValuesNameFileAndLine) {
  const std::string path = Write("fbconf_bad", "[feedback]\nmailto = \"a@b\"\nexpiry_days = -3\n");
  absl::StatusOr<FeedbackConfig> c = ReadFeedbackConfig(path);
  EXPECT_TRUE(absl::IsInvalidArgument(c.status()));
  EXPECT_THAT(c.status().message(), HasSubstr(absl::StrCat(path, ":3: expiry_days")));
  const std::string js = Write("fbconf_js", "[feedback]\nurl_template = \"javascript:x\"\n");
  EXPECT_THAT(ReadFeedbackConfig(js).status().message(), HasSubstr(":2: url_template"));
  std::filesystem::remove(path);
  std::filesystem::remove(js);
}

}  // namespace
}  // namespace meute::feedback
