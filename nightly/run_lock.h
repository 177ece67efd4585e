// One `meute nightly` at a time per state folder: an advisory lock (flock) on
// STATE_DIR/nightly.lock, released by the kernel when the process ends, even
// on kill -9. The file holds the holder's pid, for the message a second run
// prints.
//
// Thread safety: a RunLock is a move-only handle.

#ifndef MEUTE_NIGHTLY_RUN_LOCK_H_
#define MEUTE_NIGHTLY_RUN_LOCK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::nightly {

class RunLock {
 public:
  // Takes the lock at `path` without waiting. kUnavailable, naming the pid
  // that holds it, if another process does; kInternal if the file cannot be
  // opened.
  static absl::StatusOr<RunLock> Acquire(absl::string_view path);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_RUN_LOCK_H_
