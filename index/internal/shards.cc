#include "index/internal/shards.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "index/internal/database.h"
#include "index/shards.h"
#include "index/xapian_status.h"

namespace meute::index::internal {

bool IsDatabaseList(absl::string_view spec) {
  return absl::StrContains(spec, ',') || IsRemoteShard(spec);
}

absl::StatusOr<Xapian::Database> OpenDatabaseList(absl::string_view spec,
                                                  unsigned remote_timeout_ms) {
  std::vector<absl::string_view> entries = absl::StrSplit(spec, ',');
  for (absl::string_view& entry : entries) {
    entry = absl::StripAsciiWhitespace(entry);
    if (entry.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("empty entry in database list \"", spec, "\""));
    }
  }
  Xapian::Database all;
  for (absl::string_view entry : entries) {
    Xapian::Database one;
    if (IsRemoteShard(entry)) {
      MEUTE_ASSIGN_OR_RETURN(const RemoteShard remote, ParseRemoteShard(entry));
      MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("opening remote shard \"", entry, "\""), [&] {
        one = Xapian::Remote::open(remote.host, static_cast<unsigned>(remote.port),
                                   remote_timeout_ms, remote_timeout_ms);
      }));
      MEUTE_RETURN_IF_ERROR(CheckVersions(one, entry));
    } else {
      MEUTE_ASSIGN_OR_RETURN(one, OpenForReading(entry));
    }
    MEUTE_RETURN_IF_ERROR(CallXapian("combining databases", [&] { all.add_database(one); }));
  }
  return all;
}

}  // namespace meute::index::internal
