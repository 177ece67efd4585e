#include "base/make_dirs.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"

namespace meute {

absl::Status MakeDirs(absl::string_view path, mode_t mode) {
  namespace fs = std::filesystem;
  if (path.empty()) return absl::OkStatus();
  fs::path current;
  for (const fs::path& part : fs::path(std::string(path)).lexically_normal()) {
    current /= part;
    if (part.empty() || part == "/" || part == ".") continue;
    const std::string dir = current.string();
    if (::mkdir(dir.c_str(), mode) == 0) continue;
    const int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(dir.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) continue;
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create folder \"", path, "\": \"", dir, "\" is not a folder"));
    }
    const std::string msg =
        absl::StrCat("cannot create folder \"", dir, "\": ", std::strerror(err));
    return err == EACCES || err == EPERM || err == EROFS ? absl::PermissionDeniedError(msg)
                                                         : absl::InternalError(msg);
  }
  return absl::OkStatus();
}

}  // namespace meute
