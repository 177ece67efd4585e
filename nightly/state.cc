#include "nightly/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_util.h"
#include "base/make_dirs.h"
#include "base/status_macros.h"

namespace meute::nightly {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string Join(const std::string& dir, absl::string_view name, absl::string_view suffix) {
  return (fs::path(dir) / absl::StrCat(name, suffix)).string();
}

}  // namespace

std::string StateStore::StatePath(absl::string_view name) const {
  return Join(dir_, name, ".state.json");
}
std::string StateStore::PendingPath(absl::string_view name) const {
  return Join(dir_, name, ".pending");
}
std::string StateStore::BodyPath(absl::string_view name) const { return Join(dir_, name, ".body"); }
std::string StateStore::LockPath() const { return Join(dir_, "nightly", ".lock"); }

absl::Status StateStore::Init() const {
  if (absl::Status s = MakeDirs(dir_); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the state folder: ", s.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<SourceState> StateStore::Load(absl::string_view name) const {
  SourceState state;
  const std::string path = StatePath(name);
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (text.ok()) {
    auto corrupt = [&](absl::string_view why) {
      return absl::DataLossError(absl::StrCat(
          "state file \"", path, "\" ", why,
          ": delete it (the next run then checks every record of the source against the index)"));
    };
    const json j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return corrupt("is not a JSON object");
    if (j.value("version", 0) != kStateVersion) {
      return corrupt(
          absl::StrCat("has version ", j.value("version", 0), ", expected ", kStateVersion));
    }
    const auto str = [&](const char* key, std::string* out) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) *out = it->get<std::string>();
    };
    str("location", &state.location);
    str("fingerprint", &state.fingerprint);
    str("etag", &state.etag);
    str("last_modified", &state.last_modified);
    str("format", &state.format);
    auto records = j.find("records");
    if (records == j.end() || !records->is_object()) return corrupt("has no \"records\" object");
    state.records.reserve(records->size());
    for (auto it = records->begin(); it != records->end(); ++it) {
      if (!it.value().is_string())
        return corrupt(absl::StrCat("has a bad hash for \"", it.key(), "\""));
      state.records.emplace(it.key(), it.value().get<std::string>());
    }
  } else if (text.status().code() != absl::StatusCode::kNotFound) {
    return text.status();
  }
  absl::StatusOr<std::string> pending = ReadFileToString(PendingPath(name));
  if (pending.ok()) {
    // A last line without its newline was cut by a crash before the sync
    // returned, so its records were never handed to the writer: skip it.
    absl::string_view complete = *pending;
    complete = complete.substr(0, complete.rfind('\n') + 1);
    for (absl::string_view id : absl::StrSplit(complete, '\n', absl::SkipEmpty())) {
      state.pending.emplace(id);
    }
  } else if (pending.status().code() != absl::StatusCode::kNotFound) {
    return pending.status();
  }
  return state;
}

absl::Status StateStore::Save(absl::string_view name, const SourceState& state) const {
  json records = json::object();
  for (const auto& [id, hash] : state.records) records[id] = hash;
  json j = {{"version", kStateVersion},   {"source", std::string(name)},
            {"location", state.location}, {"fingerprint", state.fingerprint},
            {"etag", state.etag},         {"last_modified", state.last_modified},
            {"format", state.format},     {"records", std::move(records)}};
  MEUTE_RETURN_IF_ERROR(
      WriteFileAtomically(StatePath(name), j.dump(-1, ' ', false, json::error_handler_t::replace)));
  std::error_code ec;
  fs::remove(PendingPath(name), ec);
  return absl::OkStatus();
}

absl::Status StateStore::AppendPending(absl::string_view name,
                                       const std::vector<std::string>& ids) const {
  if (ids.empty()) return absl::OkStatus();
  std::string text;
  for (const std::string& id : ids) absl::StrAppend(&text, id, "\n");
  const std::string path = PendingPath(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("opening \"", path, "\": ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      return absl::InternalError(absl::StrCat("writing \"", path, "\": ", std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fdatasync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!synced) {
    return absl::InternalError(absl::StrCat("syncing \"", path, "\": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace meute::nightly
