// The configuration of `meute nightly`: one TOML file (deploy/meute.toml is a
// commented example) naming the index, the sources to pull and how.
//
//   [index]
//   path = "/var/lib/meute/index"     # required
//   shards = 1                        # records spread over N databases
//   batch_size = 1000                 # records per committed batch and shard
//   analysis_threads = 0              # 0: one per core
//   spelling = true                   # feed "did you mean"
//   state_dir = "/var/lib/meute/state"  # default: PATH + ".state"
//   report = "/var/log/meute/nightly.json"  # JSON run report (--report wins)
//   [analysis]
//   synonyms = "synonyms.txt"         # checked, then installed beside the index
//   [model]
//   enabled = true                    # refresh the recommender model after indexing
//   dimensions = 128                  # `meute model build --k` (default: its own)
//   seed = 42                         # `meute model build --seed` (default: its own)
//                                     # The model is PATH/meute.model, where
//                                     # `meute digest` and the others look.
//   [fetch]
//   timeout_s = 30
//   connect_timeout_s = 10
//   retries = 3
//   max_mb = 64
//   [[source]]
//   name = "calls"                    # unique: [A-Za-z0-9_.-]+, names its state file
//   path = "data/calls.jsonl"         # a file or a folder; or:
//   glob = "data/news/*.rss"          # a shell pattern; or:
//   url = "https://example.org/feed"  # http(s), fetched with ETag / If-Modified-Since
//   format = "rss"                    # reader; default: the file's extension
//   mapping = "mappings/members.toml" # CSV/JSON column mapping for the reader
//   kind = "news"                     # sets the kind of every record of the source
//   authoritative = true              # records gone from it are deleted
//
// Relative paths are relative to the folder of the configuration file.
// Unknown keys are errors (a typo must not silently change a nightly run).
//
// Thread safety: plain values and free functions.

#ifndef MEUTE_NIGHTLY_CONFIG_H_
#define MEUTE_NIGHTLY_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/indexer.h"
#include "ingest/document.h"

namespace meute::nightly {

struct SourceConfig {
  std::string name;
  // Exactly one of the three is set; paths are absolute or relative to the
  // current directory once loaded.
  std::string path;
  std::string glob;
  std::string url;
  std::string format;   // "" : by extension.
  std::string mapping;  // "" : none.
  std::optional<ingest::Kind> kind;
  bool authoritative = false;

  // "path", "glob" or "url" and its value, for messages and the report.
  std::string Location() const;
};

struct ModelConfig {
  bool enabled = true;
  std::string path;               // Not configurable: index path + "/meute.model".
  std::optional<int> dimensions;  // Unset: `meute model build`'s default.
  std::optional<int> seed;        // Unset: `meute model build`'s default.
};

struct FetchConfig {
  int timeout_s = 30;
  int connect_timeout_s = 10;
  int retries = 3;
  int max_mb = 64;
};

struct NightlyConfig {
  std::string file;  // The configuration file itself.

  std::string index_path;
  int shards = 1;
  int batch_size = index::kDefaultBatchSize;
  int analysis_threads = 0;
  bool spelling = true;
  std::string state_dir;  // Default: index_path + ".state".
  std::string report;     // "" : none.

  std::string synonyms;  // "" : none.
  ModelConfig model;
  FetchConfig fetch;
  std::vector<SourceConfig> sources;
};

// Parses the TOML text of a configuration; `file_name` labels errors and
// `base_dir` resolves relative paths. kInvalidArgument, with
// "FILE:LINE:COLUMN: message" where the position is known, for TOML syntax
// errors, unknown keys, values of the wrong type or out of range, a missing
// index path, no source, duplicate source names, a source with none or
// several of path/glob/url, a URL that is not http(s), an unknown kind.
absl::StatusOr<NightlyConfig> ParseConfig(absl::string_view toml_text, absl::string_view file_name,
                                          absl::string_view base_dir);

// Reads and parses the file at `path`; kNotFound if it does not exist.
absl::StatusOr<NightlyConfig> LoadConfig(absl::string_view path);

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_CONFIG_H_
