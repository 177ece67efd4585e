#include "recommend/theme_state_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/file_util.h"

namespace meute::recommend {
namespace {

TEST(LoadThemeStateBeside, NothingSavedIsAnEmptyState) {
  absl::StatusOr<ThemeState> state = LoadThemeStateBeside("/nonexistent-db-dir");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->next_id, 1);
  EXPECT_TRUE(state->themes.empty());
}

TEST(LoadThemeStateBeside, ReadsWhatWasSavedAndRejectsACorruptFile) {
  const std::filesystem::path db =
      std::filesystem::temp_directory_path() / "meute_theme_state_file_test";
  std::filesystem::remove_all(db);
  std::filesystem::create_directories(db);
  ThemeState saved;
  saved.next_id = 7;
  ASSERT_TRUE(WriteFileAtomically(ThemeStatePath(db.string()), SerializeThemeState(saved)).ok());
  absl::StatusOr<ThemeState> state = LoadThemeStateBeside(db.string());
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->next_id, 7);

  ASSERT_TRUE(WriteFileAtomically(ThemeStatePath(db.string()), "not json").ok());
  state = LoadThemeStateBeside(db.string());
  EXPECT_EQ(state.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(state.status().message().find(ThemeStatePath(db.string())), std::string::npos);
  std::filesystem::remove_all(db);
}

}  // namespace
}  // namespace meute::recommend
