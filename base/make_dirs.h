// Creates folders for unattended jobs (nightly state, reports) with
// permissions fit for a service account.
//
// Thread safety: thread-compatible (touches only the folders named).

#ifndef MEUTE_BASE_MAKE_DIRS_H_
#define MEUTE_BASE_MAKE_DIRS_H_

#include <sys/types.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace meute {

// Creates `path` and its missing parents, each with `mode` (less the umask);
// folders that exist are left as they are. OK if `path` is (or becomes) a
// folder; kPermissionDenied, or kFailedPrecondition when a component is not a
// folder, naming the folder that could not be made.
absl::Status MakeDirs(absl::string_view path, mode_t mode = 0750);

}  // namespace meute

#endif  // MEUTE_BASE_MAKE_DIRS_H_
