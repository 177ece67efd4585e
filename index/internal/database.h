// Opening Meute databases with their version checks. Private to meute_index:
// Xapian types never leave the library.
//
// Thread safety: free functions; a Xapian::Database must not be shared across
// threads without external locking.

#ifndef MEUTE_INDEX_INTERNAL_DATABASE_H_
#define MEUTE_INDEX_INTERNAL_DATABASE_H_

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

}  // namespace meute::index::internal

#endif  // MEUTE_INDEX_INTERNAL_DATABASE_H_
