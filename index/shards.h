// Sharded Meute databases: records spread over N Xapian databases by a stable
// hash of their id, and searched together as one database.
//
// On disk (DO NOT CHANGE: persisted, and read by Xapian itself):
//   DB/                 a Xapian "stub directory": opening DB (with Meute, or
//     XAPIANDB          with `quest`, `delve`, ...) opens the union of the
//     shard-000/        databases listed in XAPIANDB, one "auto shard-NNN" line
//     shard-001/ ...    per shard; each shard is a plain Meute database.
// One shard is a plain Meute database directory, without a stub.
//
// Beyond one machine, a shard may be served by Xapian's own `xapian-tcpsrv`
// and named "tcp://HOST:PORT" in a database list (see OpenDatabaseList() in
// index/internal/shards.h, which the searcher uses): "idx/shard-000,
// tcp://10.0.0.2:7001,tcp://10.0.0.3:7001".
//
// Thread safety: free functions; ShardOf() and ShardDirName() are pure.

#ifndef MEUTE_INDEX_SHARDS_H_
#define MEUTE_INDEX_SHARDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::index {

inline constexpr int kMaxShards = 256;

// Name of the stub file inside a sharded database directory (Xapian's).
inline constexpr absl::string_view kStubFileName = "XAPIANDB";

// The shard of the record `id` among `shards`: FNV-1a 64-bit of the id's bytes
// modulo `shards`. DO NOT CHANGE: records would move between shards.
// REQUIRES: 1 <= shards <= kMaxShards.
int ShardOf(absl::string_view id, int shards);

// "shard-000", "shard-001", ...: the directory of shard `shard` inside DB/.
std::string ShardDirName(int shard);

// The local database directories that make up the database at `db_dir`:
// {db_dir} for one shard, {db_dir/shard-000, ...} for more.
std::vector<std::string> ShardDirs(absl::string_view db_dir, int shards);

// How many shards the database at `db_dir` has: 0 when there is none yet
// (missing path or a directory without a database), 1 for a plain database,
// N for a sharded stub directory. kInvalidArgument if `db_dir` is a file, or a
// stub that Meute did not write (other lines than "auto shard-NNN").
absl::StatusOr<int> ShardCount(absl::string_view db_dir);

// Writes DB/XAPIANDB listing shards 0..shards-1, atomically (readers see the
// old stub or the new one). REQUIRES: 2 <= shards <= kMaxShards.
absl::Status WriteShardStub(absl::string_view db_dir, int shards);

struct RemoteShard {
  std::string host;
  int port = 0;
};

// Parses "tcp://HOST:PORT" (HOST a name, an IPv4 address or [IPv6]).
// kInvalidArgument for anything else.
absl::StatusOr<RemoteShard> ParseRemoteShard(absl::string_view spec);

// True if `spec` names a remote shard ("tcp://...").
bool IsRemoteShard(absl::string_view spec);

// An identifier of the committed state of the database at `db_dir`: the UUID
// and revision of each shard. It changes whenever a commit changes the
// database, and only then. kNotFound if there is no database there.
absl::StatusOr<std::string> DatabaseFingerprint(absl::string_view db_dir);

}  // namespace meute::index

#endif  // MEUTE_INDEX_SHARDS_H_
