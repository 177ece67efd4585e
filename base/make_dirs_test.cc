#include "base/make_dirs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace meute {
namespace {

namespace fs = std::filesystem;

class MakeDirsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("meute_make_dirs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static mode_t Mode(const fs::path& p) {
    struct stat st;
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }
  fs::path dir_;
};

TEST_F(MakeDirsTest, CreatesMissingParentsWithTheMode) {
  const mode_t old = ::umask(022);
  const fs::path deep = dir_ / "var" / "lib" / "meute";
  ASSERT_TRUE(MakeDirs(deep.string()).ok());
  ::umask(old);
  EXPECT_TRUE(fs::is_directory(deep));
  EXPECT_EQ(Mode(dir_ / "var"), 0750u);
  EXPECT_EQ(Mode(deep), 0750u);
}

TEST_F(MakeDirsTest, LeavesExistingFoldersAlone) {
  fs::create_directories(dir_ / "a");
  fs::permissions(dir_ / "a", fs::perms(0755));
  ASSERT_TRUE(MakeDirs((dir_ / "a" / "b").string()).ok());
  EXPECT_EQ(Mode(dir_ / "a"), 0755u);
  EXPECT_TRUE(MakeDirs((dir_ / "a" / "b").string()).ok());  // Twice is fine.
}

TEST_F(MakeDirsTest, FileInTheWayIsAnErrorNamingIt) {
  std::ofstream(dir_ / "f") << "x";
  const absl::Status s = MakeDirs((dir_ / "f" / "g").string());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(s.message()).find("is not a folder"), std::string::npos) << s;
}

}  // namespace
}  // namespace meute
