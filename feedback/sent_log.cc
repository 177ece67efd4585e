#include "feedback/sent_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_util.h"
#include "base/status_macros.h"

namespace meute::feedback {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " \"", path, "\": ", std::strerror(errno)));
}

}  // namespace

std::string SentLogPath(absl::string_view db_dir) {
  return (std::filesystem::path(std::string(db_dir)) / "meute.sent.jsonl").string();
}

absl::Status RecordSent(const std::string& path, const std::vector<SentDigest>& digests) {
  std::string lines;
  for (const SentDigest& d : digests) {
    nlohmann::ordered_json j;
    j["week"] = d.week;
    j["date"] = d.date;
    j["cluster"] = d.cluster;
    j["ids"] = d.ids;
    absl::StrAppend(&lines, j.dump(), "\n");
  }
  if (lines.empty()) return absl::OkStatus();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("opening sent-digest log", path);
  absl::Status status;
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      status = Errno("locking sent-digest log", path);
      break;
    }
  }
  for (size_t done = 0; status.ok() && done < lines.size();) {
    const ssize_t n = ::write(fd, lines.data() + done, lines.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Errno("writing sent-digest log", path);
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) status = Errno("syncing sent-digest log", path);
  ::close(fd);  // Releases the lock.
  return status;
}

absl::StatusOr<std::set<std::string>> LoadSentIds(const std::string& path) {
  std::set<std::string> ids;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return ids;
  MEUTE_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ids") || !j["ids"].is_array()) {
      return absl::DataLossError(
          absl::StrCat(path, ":", number, ": not a sent digest (an object with \"ids\")"));
    }
    for (const nlohmann::json& id : j["ids"]) {
      if (!id.is_string()) {
        return absl::DataLossError(
            absl::StrCat(path, ":", number, ": field \"ids\": not a string"));
      }
      ids.insert(id.get<std::string>());
    }
  }
  return ids;
}

}  // namespace meute::feedback
