// JSON documents: a file holding an array of records (or one record), and the
// answers of aid APIs (Aides-territoires, ADEME Agir, regions' catalogues)
// read through a mapping file whose `records` key says where the array is.
// Also JSON Lines read through a mapping (records of another shape, such as
// the WiNER news articles).
//
// Without a mapping, each object must be a canonical record (as in JSON Lines).
// With one, MapRecord() builds it. Nesting deeper than ReaderOptions::max_depth
// is refused before parsing (no recursion on hostile input). Each record's
// diagnostics carry the line where its object starts.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_READERS_JSON_READER_H_
#define MEUTE_INGEST_READERS_JSON_READER_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Parses one JSON document; `mapping` may be null.
ReadResult ParseJsonDocument(absl::string_view content, absl::string_view file_name,
                             const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

// Parses JSON Lines whose objects are mapped by `mapping` (not null).
ReadResult ParseMappedJsonLines(absl::string_view content, absl::string_view file_name,
                                const Mapping& mapping, const ReaderOptions& options = {});

namespace internal {

// 1-based lines where the elements of the array at dotted `path` start ("" for
// a top-level array). Empty if there is no such array. Exposed for tests.
std::vector<int> ArrayElementLines(absl::string_view json, absl::string_view path);

}  // namespace internal
}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_JSON_READER_H_
