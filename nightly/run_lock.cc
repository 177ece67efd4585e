#include "nightly/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace meute::nightly {

absl::StatusOr<RunLock> RunLock::Acquire(absl::string_view path) {
  const std::string file(path);
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("opening lock file \"", path, "\": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      const std::string pid(absl::StripAsciiWhitespace(absl::string_view(buf, n > 0 ? n : 0)));
      return absl::UnavailableError(absl::StrCat(
          "another `meute nightly` is running on this index", pid.empty() ? "" : " (pid ", pid,
          pid.empty() ? "" : ")", "; lock file \"", path, "\""));
    }
    return absl::InternalError(absl::StrCat("locking \"", path, "\": ", std::strerror(err)));
  }
  const std::string pid = absl::StrCat(::getpid(), "\n");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for messages: a lock without it still protects.
  }
  return RunLock(fd);
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // Closing releases the flock.
}

}  // namespace meute::nightly
