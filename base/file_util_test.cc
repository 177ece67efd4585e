#include "base/file_util.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace meute {
namespace {

namespace fs = std::filesystem;

class FileUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("meute_file_util_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileUtilTest, WriteThenReadRoundTrips) {
  const std::string path = (dir_ / "a.txt").string();
  ASSERT_TRUE(WriteFileAtomically(path, std::string("l\0a", 3)).ok());
  absl::StatusOr<std::string> got = ReadFileToString(path);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, std::string("l\0a", 3));
}

TEST_F(FileUtilTest, MissingFileIsNotFound) {
  absl::StatusOr<std::string> got = ReadFileToString((dir_ / "nope").string());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(got.status().message()), ::testing::HasSubstr("nope"));
}

TEST_F(FileUtilTest, ListsFoldersRecursivelyByExtensionSorted) {
  fs::create_directories(dir_ / "sub");
  std::ofstream(dir_ / "b.jsonl") << "{}";
  std::ofstream(dir_ / "sub" / "a.JSONL") << "{}";
  std::ofstream(dir_ / "c.txt") << "x";
  absl::StatusOr<std::vector<std::string>> files = ListInputFiles({dir_.string()}, {"jsonl"});
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ(fs::path((*files)[0]).filename(), "b.jsonl");
  EXPECT_EQ(fs::path((*files)[1]).filename(), "a.JSONL");
}

TEST_F(FileUtilTest, NamedFileIsKeptWhateverItsExtension) {
  std::ofstream(dir_ / "c.txt") << "x";
  absl::StatusOr<std::vector<std::string>> files =
      ListInputFiles({(dir_ / "c.txt").string()}, {"jsonl"});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->size(), 1u);
  EXPECT_EQ(ListInputFiles({(dir_ / "zz").string()}, {"jsonl"}).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace meute
