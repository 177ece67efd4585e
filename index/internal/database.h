// Opening Meute databases with their version checks. Private to meute_index:
// Xapian types never leave the library.
//
// Thread safety: free functions; a Xapian::Database must not be shared across
// threads without external locking.

#ifndef MEUTE_INDEX_INTERNAL_DATABASE_H_
#define MEUTE_INDEX_INTERNAL_DATABASE_H_

#include <string>

#include <xapian.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::index::internal {

// Opens `db_dir` for reading. kNotFound if there is no database there;
// kFailedPrecondition if it was built by another analyzer or schema version
// (the message says how to rebuild); kDataLoss if corrupt.
absl::StatusOr<Xapian::Database> OpenForReading(absl::string_view db_dir);

// Checks the versions stored in `db` against this build's. An empty database
// without metadata passes (nothing was indexed yet).
absl::Status CheckVersions(const Xapian::Database& db, absl::string_view db_dir);

// A rebuild of `db_dir` is written to RebuildDir(db_dir) and swapped in
// through OldDir(db_dir).
std::string RebuildDir(absl::string_view db_dir);
std::string OldDir(absl::string_view db_dir);

// Puts the fully committed database `rebuilt` in the place of `db_dir`: the
// current database (if any) is renamed to OldDir(db_dir), `rebuilt` to
// `db_dir`, then the old one is removed. If the second rename fails, the old
// database is put back. kInternal names the step that failed.
absl::Status SwapInRebuilt(const std::string& rebuilt, const std::string& db_dir);

}  // namespace meute::index::internal

#endif  // MEUTE_INDEX_INTERNAL_DATABASE_H_
