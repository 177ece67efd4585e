// One entry point for every input format: picks the reader by --format or by
// the file's extension, and returns canonical records plus diagnostics.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_INGEST_READER_H_
#define MEUTE_INGEST_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Extensions (lower case, no dot) that folders are scanned for.
const std::vector<std::string>& SupportedExtensions();

// Reads `path` with the reader named by `format` ("jsonl", ...), or chosen by
// the extension when `format` is empty or "auto". kInvalidArgument for an
// unknown format or extension; kNotFound / kPermissionDenied if unreadable.
// Problems inside the file are diagnostics, never errors.
absl::StatusOr<ReadResult> ReadFile(absl::string_view path, absl::string_view format = "",
                                    const ReaderOptions& options = {});

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READER_H_
