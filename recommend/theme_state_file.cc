#include "recommend/theme_state_file.h"

#include <string>
#include <utility>

#include "base/file_util.h"
#include "base/status_macros.h"

namespace meute::recommend {

absl::StatusOr<ThemeState> LoadThemeStateBeside(absl::string_view db_dir) {
  const std::string state_path = ThemeStatePath(db_dir);
  absl::StatusOr<std::string> saved = ReadFileToString(state_path);
  if (saved.ok()) {
    absl::StatusOr<ThemeState> parsed = ParseThemeState(*saved);
    if (!parsed.ok()) return Annotate(parsed.status(), state_path);
    return *std::move(parsed);
  }
  if (saved.status().code() != absl::StatusCode::kNotFound) return saved.status();
  return ThemeState();
}

}  // namespace meute::recommend
