// The theme state saved beside a database (ThemeStatePath()), which keeps
// theme ids stable from one run to the next: read by `meute themes`,
// `meute partners`, the digests and the map; written only by `meute themes`
// (unless --no-save).
//
// Thread safety: free functions; concurrent writers of one file are not
// coordinated.

#ifndef MEUTE_RECOMMEND_THEME_STATE_FILE_H_
#define MEUTE_RECOMMEND_THEME_STATE_FILE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/themes.h"

namespace meute::recommend {

// The state saved beside the database in `db_dir`; an empty state (nothing
// saved yet) if there is no such file. kDataLoss, naming the file, if it is
// not a theme state; the read error if it cannot be read.
absl::StatusOr<ThemeState> LoadThemeStateBeside(absl::string_view db_dir);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_THEME_STATE_FILE_H_
