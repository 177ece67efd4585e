// Exports each record of an index with its stems and their counts, for the
// recommender: recommend/ never opens a Xapian database (ARCHITECTURE.md).
//
// Thread safety: free function; opens its own read-only database.

#ifndef MEUTE_INDEX_TERM_EXPORT_H_
#define MEUTE_INDEX_TERM_EXPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/term_vector.h"

namespace meute::index {

// Returns one TermVector per record of the index at `db_dir`, in document-id
// order (the order records were first indexed). `terms` are the "Z" stems
// without their prefix (body and title together, title words counted with
// their title weight), sorted by term, with their within-document frequency.
// kNotFound if there is no index at `db_dir`; kFailedPrecondition if it was
// built by another analyzer or schema version; kDataLoss if a stored record
// cannot be parsed or the database is corrupt.
absl::StatusOr<std::vector<ingest::TermVector>> ExportTermVectors(absl::string_view db_dir);

}  // namespace meute::index

#endif  // MEUTE_INDEX_TERM_EXPORT_H_
