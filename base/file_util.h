// Small file helpers that return absl::Status instead of throwing.
//
// Thread safety: all functions are thread-compatible (they touch only the
// files named).

#ifndef MEUTE_BASE_FILE_UTIL_H_
#define MEUTE_BASE_FILE_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute {

// Returns the whole content of `path`; kNotFound if it does not exist,
// kPermissionDenied or kInternal on other I/O failures.
absl::StatusOr<std::string> ReadFileToString(absl::string_view path);

// Writes `content` to `path` atomically: a temporary file in the same folder is
// written, flushed with fsync and renamed over `path`.
absl::Status WriteFileAtomically(absl::string_view path, absl::string_view content);

// Expands `paths` (files or folders) into a sorted list of regular files.
// Folders are walked recursively; only files whose extension (without the dot,
// lower case) is in `extensions` are kept from folders (every named file is
// kept). kNotFound if a path does not exist.
absl::StatusOr<std::vector<std::string>> ListInputFiles(const std::vector<std::string>& paths,
                                                        const std::vector<std::string>& extensions);

}  // namespace meute

#endif  // MEUTE_BASE_FILE_UTIL_H_
