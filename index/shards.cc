#include "index/shards.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <xapian.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "index/xapian_status.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kShardPrefix = "shard-";

bool IsXapianDatabaseDir(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / "iamglass", ec) || fs::exists(fs::path(dir) / "iamchert", ec);
}

// Parses one "auto shard-NNN" line; -1 if it is not one.
int ShardOfStubLine(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  if (!absl::ConsumePrefix(&line, "auto ")) return -1;
  line = absl::StripLeadingAsciiWhitespace(line);
  if (!absl::ConsumePrefix(&line, kShardPrefix)) return -1;
  int n = -1;
  if (line.size() != 3 || !absl::SimpleAtoi(line, &n)) return -1;
  return n;
}

}  // namespace

int ShardOf(absl::string_view id, int shards) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : id) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<int>(h % static_cast<uint64_t>(shards));
}

std::string ShardDirName(int shard) { return absl::StrFormat("%s%03d", kShardPrefix, shard); }

std::vector<std::string> ShardDirs(absl::string_view db_dir, int shards) {
  if (shards <= 1) return {std::string(db_dir)};
  std::vector<std::string> dirs;
  for (int i = 0; i < shards; ++i) {
    dirs.push_back((fs::path(std::string(db_dir)) / ShardDirName(i)).string());
  }
  return dirs;
}

absl::StatusOr<int> ShardCount(absl::string_view db_dir) {
  const std::string dir(db_dir);
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  if (!fs::is_directory(dir, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("index path \"", db_dir, "\" exists and is not a directory"));
  }
  if (IsXapianDatabaseDir(dir)) return 1;
  const std::string stub = (fs::path(dir) / std::string(kStubFileName)).string();
  if (!fs::exists(stub, ec)) return 0;
  MEUTE_ASSIGN_OR_RETURN(const std::string content, ReadFileToString(stub));
  int count = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n', absl::SkipWhitespace())) {
    if (ShardOfStubLine(line) != count) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", stub, "\" was not written by meute (line \"",
                       absl::StripAsciiWhitespace(line), "\"): list its databases yourself"));
    }
    ++count;
  }
  if (count < 2) {
    return absl::InvalidArgumentError(absl::StrCat("\"", stub, "\" lists fewer than 2 shards"));
  }
  return count;
}

absl::Status WriteShardStub(absl::string_view db_dir, int shards) {
  if (shards < 2 || shards > kMaxShards) {
    return absl::InvalidArgumentError(absl::StrCat("cannot write a stub for ", shards, " shards"));
  }
  std::string content;
  for (int i = 0; i < shards; ++i) absl::StrAppend(&content, "auto ", ShardDirName(i), "\n");
  return WriteFileAtomically((fs::path(std::string(db_dir)) / std::string(kStubFileName)).string(),
                             content);
}

bool IsRemoteShard(absl::string_view spec) { return absl::StartsWith(spec, "tcp://"); }

absl::StatusOr<RemoteShard> ParseRemoteShard(absl::string_view spec) {
  absl::string_view rest = spec;
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("remote shard \"", spec, "\": ", why, " (expected tcp://HOST:PORT)"));
  };
  if (!absl::ConsumePrefix(&rest, "tcp://")) return bad("not a tcp:// address");
  absl::ConsumeSuffix(&rest, "/");
  const size_t colon = rest.rfind(':');
  if (colon == absl::string_view::npos) return bad("no port");
  absl::string_view host = rest.substr(0, colon);
  if (absl::ConsumePrefix(&host, "[") && !absl::ConsumeSuffix(&host, "]")) {
    return bad("unbalanced [ in the host");
  }
  if (host.empty()) return bad("no host");
  RemoteShard remote;
  remote.host = std::string(host);
  if (!absl::SimpleAtoi(rest.substr(colon + 1), &remote.port) || remote.port < 1 ||
      remote.port > 65535) {
    return bad("the port is not a number from 1 to 65535");
  }
  return remote;
}

absl::StatusOr<std::string> DatabaseFingerprint(absl::string_view db_dir) {
  MEUTE_ASSIGN_OR_RETURN(const int shards, ShardCount(db_dir));
  if (shards == 0) return absl::NotFoundError(absl::StrCat("no index at \"", db_dir, "\""));
  std::string out;
  for (const std::string& dir : ShardDirs(db_dir, shards)) {
    MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("opening index \"", dir, "\""), [&] {
      Xapian::Database db(dir);
      if (!out.empty()) out.push_back(',');
      absl::StrAppend(&out, db.get_uuid(), ":", db.get_revision());
    }));
  }
  return out;
}

}  // namespace meute::index
