#include "recommend/describe_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_format.h"
#include "recommend/model_io.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(DescribeModel, TextAndJsonSayTheSame) {
  absl::StatusOr<Model> model = testing::BuildModel(testing::SyntheticCorpus(), 8);
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string path =
      (std::filesystem::temp_directory_path() / "meute_describe_model_test.model").string();
  ASSERT_TRUE(SaveModel(*model, path).ok());
  const std::string text = DescribeModelText(*model, path);
  EXPECT_THAT(text, StartsWith("model          " + path + " (format 2, "));
  EXPECT_THAT(text, HasSubstr(absl::StrFormat("dimensions     k = %d (asked 8;", model->k())));
  EXPECT_EQ(text.back(), '\n');
  const std::string json = DescribeModelJson(*model, path);
  EXPECT_THAT(json, StartsWith("{\n  \"path\": \"" + path + "\",\n  \"format_version\": 2,"));
  EXPECT_THAT(json, HasSubstr(absl::StrFormat("\"k\": %d,", model->k())));
  EXPECT_NE(json.back(), '\n');
  std::filesystem::remove(path);
  // A file gone: its size reads 0, the rest is the same.
  EXPECT_THAT(DescribeModelJson(*model, path), HasSubstr("\"bytes\": 0,"));
}

}  // namespace
}  // namespace meute::recommend
