// Helpers for the end-to-end tests of `meute nightly`: run the built binary,
// make corpora and configurations in a temporary folder, search the result
// with the library's Searcher and compare hit lists.

#ifndef MEUTE_TESTS_NIGHTLY_NIGHTLY_TEST_UTIL_H_
#define MEUTE_TESTS_NIGHTLY_NIGHTLY_TEST_UTIL_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "ingest/document.h"

namespace meute::testing {

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal or did not start.
  std::string out;
  std::string err;
};

// Path of the `meute` binary under test.
std::string MeuteBinary();

// The repository root (MEUTE_SOURCE_DIR, set by ctest).
std::string SourceDir();

// Runs `argv` to completion, capturing stdout and stderr.
ProcessResult RunProcess(const std::vector<std::string>& argv);

// Starts `argv` in the background with stdout and stderr sent to files.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out_file,
            const std::string& err_file);

// Waits for `pid`; its exit code, or -1 if a signal ended it.
int Wait(pid_t pid);

// A fresh folder under the system temp folder, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }

 private:
  std::filesystem::path path_;
};

void WriteText(const std::string& path, const std::string& text);
std::string ReadText(const std::string& path);

// One JSON Lines record.
ingest::Document News(const std::string& id, const std::string& title, const std::string& text);
void WriteJsonl(const std::string& path, const std::vector<ingest::Document>& docs);

// Parses the JSON report at `path` (fails the test if it does not parse).
nlohmann::json ReadReport(const std::string& path);

struct HitInfo {
  std::string id;
  double score = 0;
};

// Searches `db` (a directory or a database list) with the library's
// Searcher; error if it cannot be opened or searched.
absl::StatusOr<std::vector<HitInfo>> Search(const std::string& db, const std::string& query,
                                            int limit = 20);
absl::StatusOr<uint64_t> DocCount(const std::string& db);

// Empty if `a` and `b` are the same hits in the same order; else what
// differs. Runs of hits whose scores tie in `a` may come in any order (Xapian
// breaks ties by document id, which differs between a database and its
// shards). With `scores`, the scores must be equal too: true for two builds
// of one layout; across shards Xapian 1.4 weighs an OP_SYNONYM group (a word
// and its stems) with per-shard statistics of the terms each shard has, so
// scores differ slightly there while the order holds.
std::string CompareHits(const std::vector<HitInfo>& a, const std::vector<HitInfo>& b,
                        bool scores = true);

// Queries whose hits the tests compare: words, phrases, fields, boolean
// operators, no wildcard (Xapian expands wildcards shard by shard).
const std::vector<std::string>& SampleQueries();

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace meute::testing

#endif  // MEUTE_TESTS_NIGHTLY_NIGHTLY_TEST_UTIL_H_
