// Opening a list of databases, local and remote, as one: what the searcher
// does with its --db argument. Private to meute_index: Xapian types never
// leave the library.
//
// Thread safety: free function; the returned Xapian::Database must not be
// shared across threads without external locking.

#ifndef MEUTE_INDEX_INTERNAL_SHARDS_H_
#define MEUTE_INDEX_INTERNAL_SHARDS_H_

#include <xapian.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::index::internal {

// Default time limit for each exchange with a remote shard, in milliseconds.
inline constexpr unsigned kRemoteTimeoutMs = 10000;

// True when `spec` is a list (a comma) or names a remote shard: then open it
// with OpenDatabaseList() rather than as one directory.
bool IsDatabaseList(absl::string_view spec);

// Opens every entry of the comma-separated `spec` and returns their union,
// searched as one database (Xapian merges the statistics, so scores are those
// of a single database holding every record). An entry is a local path (a
// Meute database, or a sharded one: see index/shards.h) or "tcp://HOST:PORT",
// a database served by `xapian-tcpsrv`. Each entry is checked like
// OpenForReading() (analyzer and schema versions).
// Errors: kInvalidArgument for an empty entry or a malformed tcp:// address;
// kNotFound for a missing local entry; kInternal when a remote shard cannot be
// reached (the message names it: not kUnavailable, which means "locked" to
// the CLI); kFailedPrecondition on a version mismatch.
absl::StatusOr<Xapian::Database> OpenDatabaseList(absl::string_view spec,
                                                  unsigned remote_timeout_ms = kRemoteTimeoutMs);

}  // namespace meute::index::internal

#endif  // MEUTE_INDEX_INTERNAL_SHARDS_H_
