#include "nightly/config.h"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "base/toml_util.h"

namespace meute::nightly {
namespace {

namespace fs = std::filesystem;

// Reads typed values out of TOML nodes, with "FILE:LINE:COLUMN: " errors.
class Parser {
 public:
  Parser(absl::string_view file, absl::string_view base_dir) : file_(file), base_dir_(base_dir) {}

  absl::Status Error(const toml::source_region& at, absl::string_view message) const {
    if (at.begin.line == 0) return absl::InvalidArgumentError(absl::StrCat(file_, ": ", message));
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ":", at.begin.line, ":", at.begin.column, ": ", message));
  }

  absl::Status CheckKeys(const toml::table& table, absl::string_view section,
                         const std::set<std::string>& allowed) const {
    for (auto&& [key, node] : table) {
      if (allowed.count(std::string(key.str())) == 0) {
        return Error(key.source(),
                     absl::StrCat("unknown key \"", std::string(key.str()), "\" in ", section,
                                  " (known: ", absl::StrJoin(allowed, ", "), ")"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status String(const toml::table& t, absl::string_view key, std::string* out) const {
    const toml::node* node = t.get(std::string_view(key.data(), key.size()));
    if (node == nullptr) return absl::OkStatus();
    if (!node->is_string())
      return Error(node->source(), absl::StrCat("\"", key, "\" must be a string"));
    *out = node->as_string()->get();
    return absl::OkStatus();
  }

  absl::Status Path(const toml::table& t, absl::string_view key, std::string* out) const {
    std::string value;
    MEUTE_RETURN_IF_ERROR(String(t, key, &value));
    if (value.empty()) return absl::OkStatus();
    *out = Resolve(value);
    return absl::OkStatus();
  }

  absl::Status Bool(const toml::table& t, absl::string_view key, bool* out) const {
    const toml::node* node = t.get(std::string_view(key.data(), key.size()));
    if (node == nullptr) return absl::OkStatus();
    if (!node->is_boolean()) {
      return Error(node->source(), absl::StrCat("\"", key, "\" must be true or false"));
    }
    *out = node->as_boolean()->get();
    return absl::OkStatus();
  }

  absl::Status Int(const toml::table& t, absl::string_view key, int64_t lo, int64_t hi,
                   int* out) const {
    const toml::node* node = t.get(std::string_view(key.data(), key.size()));
    if (node == nullptr) return absl::OkStatus();
    if (!node->is_integer()) {
      return Error(node->source(), absl::StrCat("\"", key, "\" must be an integer"));
    }
    const int64_t v = node->as_integer()->get();
    if (v < lo || v > hi) {
      return Error(node->source(),
                   absl::StrCat("\"", key, "\" must be from ", lo, " to ", hi, ", not ", v));
    }
    *out = static_cast<int>(v);
    return absl::OkStatus();
  }

  const toml::table* Table(const toml::table& root, absl::string_view key,
                           absl::Status* status) const {
    const toml::node* node = root.get(std::string_view(key.data(), key.size()));
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      *status = Error(node->source(), absl::StrCat("\"", key, "\" must be a table ([", key, "])"));
      return nullptr;
    }
    return node->as_table();
  }

  std::string Resolve(const std::string& path) const {
    if (path.empty() || fs::path(path).is_absolute() || base_dir_.empty()) return path;
    return (fs::path(base_dir_) / path).lexically_normal().string();
  }

  absl::StatusOr<SourceConfig> Source(const toml::table& t, const toml::source_region& at) const {
    MEUTE_RETURN_IF_ERROR(
        CheckKeys(t, "[[source]]",
                  {"name", "path", "glob", "url", "format", "mapping", "kind", "authoritative"}));
    SourceConfig s;
    MEUTE_RETURN_IF_ERROR(String(t, "name", &s.name));
    if (s.name.empty()) return Error(at, "a [[source]] needs a name");
    for (char c : s.name) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
        return Error(at, absl::StrCat("source name \"", s.name,
                                      "\": use letters, digits, '_', '-' and '.' only"));
      }
    }
    if (s.name[0] == '.')
      return Error(at, absl::StrCat("source name \"", s.name, "\": starts with '.'"));
    MEUTE_RETURN_IF_ERROR(Path(t, "path", &s.path));
    MEUTE_RETURN_IF_ERROR(Path(t, "glob", &s.glob));
    MEUTE_RETURN_IF_ERROR(String(t, "url", &s.url));
    MEUTE_RETURN_IF_ERROR(String(t, "format", &s.format));
    MEUTE_RETURN_IF_ERROR(Path(t, "mapping", &s.mapping));
    MEUTE_RETURN_IF_ERROR(Bool(t, "authoritative", &s.authoritative));
    const int given = !s.path.empty() + !s.glob.empty() + !s.url.empty();
    if (given != 1) {
      return Error(at,
                   absl::StrCat("source \"", s.name, "\" needs exactly one of path, glob and url"));
    }
    if (!s.url.empty() && !absl::StartsWithIgnoreCase(s.url, "http://") &&
        !absl::StartsWithIgnoreCase(s.url, "https://")) {
      return Error(t.get("url")->source(),
                   absl::StrCat("source \"", s.name, "\": url must be http:// or https://"));
    }
    std::string kind;
    MEUTE_RETURN_IF_ERROR(String(t, "kind", &kind));
    if (!kind.empty()) {
      s.kind = ingest::ParseKind(kind);
      if (!s.kind.has_value()) {
        return Error(t.get("kind")->source(),
                     absl::StrCat("unknown kind \"", kind, "\" (cluster, member, call or news)"));
      }
    }
    return s;
  }

  absl::StatusOr<NightlyConfig> Parse(const toml::table& root) const {
    MEUTE_RETURN_IF_ERROR(
        CheckKeys(root, "the configuration", {"index", "analysis", "model", "fetch", "source"}));
    NightlyConfig c;
    absl::Status status;
    const toml::table* index = Table(root, "index", &status);
    MEUTE_RETURN_IF_ERROR(status);
    if (index == nullptr) return Error({}, "no [index] table (it names the index path)");
    MEUTE_RETURN_IF_ERROR(CheckKeys(
        *index, "[index]",
        {"path", "shards", "batch_size", "analysis_threads", "spelling", "state_dir", "report"}));
    MEUTE_RETURN_IF_ERROR(Path(*index, "path", &c.index_path));
    if (c.index_path.empty()) return Error(index->source(), "[index] needs a path");
    MEUTE_RETURN_IF_ERROR(Int(*index, "shards", 1, 256, &c.shards));
    MEUTE_RETURN_IF_ERROR(Int(*index, "batch_size", 1, 1000000, &c.batch_size));
    MEUTE_RETURN_IF_ERROR(Int(*index, "analysis_threads", 0, 256, &c.analysis_threads));
    MEUTE_RETURN_IF_ERROR(Bool(*index, "spelling", &c.spelling));
    MEUTE_RETURN_IF_ERROR(Path(*index, "state_dir", &c.state_dir));
    if (c.state_dir.empty()) c.state_dir = c.index_path + ".state";
    MEUTE_RETURN_IF_ERROR(Path(*index, "report", &c.report));

    if (const toml::table* analysis = Table(root, "analysis", &status)) {
      MEUTE_RETURN_IF_ERROR(CheckKeys(*analysis, "[analysis]", {"synonyms"}));
      MEUTE_RETURN_IF_ERROR(Path(*analysis, "synonyms", &c.synonyms));
    }
    MEUTE_RETURN_IF_ERROR(status);

    c.model.path = (fs::path(c.index_path) / "meute.model").string();
    if (const toml::table* model = Table(root, "model", &status)) {
      MEUTE_RETURN_IF_ERROR(CheckKeys(*model, "[model]", {"enabled", "dimensions", "seed"}));
      MEUTE_RETURN_IF_ERROR(Bool(*model, "enabled", &c.model.enabled));
      int value = -1;
      MEUTE_RETURN_IF_ERROR(Int(*model, "dimensions", 1, 4096, &value));
      if (value >= 0) c.model.dimensions = value;
      value = -1;
      MEUTE_RETURN_IF_ERROR(Int(*model, "seed", 0, INT32_MAX, &value));
      if (value >= 0) c.model.seed = value;
    }
    MEUTE_RETURN_IF_ERROR(status);

    if (const toml::table* fetch = Table(root, "fetch", &status)) {
      MEUTE_RETURN_IF_ERROR(
          CheckKeys(*fetch, "[fetch]", {"timeout_s", "connect_timeout_s", "retries", "max_mb"}));
      MEUTE_RETURN_IF_ERROR(Int(*fetch, "timeout_s", 1, 3600, &c.fetch.timeout_s));
      MEUTE_RETURN_IF_ERROR(Int(*fetch, "connect_timeout_s", 1, 600, &c.fetch.connect_timeout_s));
      MEUTE_RETURN_IF_ERROR(Int(*fetch, "retries", 0, 10, &c.fetch.retries));
      MEUTE_RETURN_IF_ERROR(Int(*fetch, "max_mb", 1, 4096, &c.fetch.max_mb));
    }
    MEUTE_RETURN_IF_ERROR(status);

    const toml::node* sources = root.get("source");
    if (sources == nullptr) return Error({}, "no [[source]] to index");
    if (!sources->is_array_of_tables()) {
      return Error(sources->source(), "\"source\" must be an array of tables ([[source]])");
    }
    std::set<std::string> names;
    for (const toml::node& node : *sources->as_array()) {
      MEUTE_ASSIGN_OR_RETURN(SourceConfig s, Source(*node.as_table(), node.source()));
      if (!names.insert(s.name).second) {
        return Error(node.source(), absl::StrCat("two sources are named \"", s.name, "\""));
      }
      c.sources.push_back(std::move(s));
    }
    if (c.sources.empty()) return Error(sources->source(), "no [[source]] to index");
    return c;
  }

 private:
  std::string file_;
  std::string base_dir_;
};

}  // namespace

std::string SourceConfig::Location() const {
  if (!url.empty()) return url;
  if (!glob.empty()) return glob;
  return path;
}

absl::StatusOr<NightlyConfig> ParseConfig(absl::string_view toml_text, absl::string_view file_name,
                                          absl::string_view base_dir) {
  MEUTE_ASSIGN_OR_RETURN(const toml::table root, ParseToml(toml_text, file_name));
  Parser parser(file_name, base_dir);
  MEUTE_ASSIGN_OR_RETURN(NightlyConfig config, parser.Parse(root));
  config.file = std::string(file_name);
  return config;
}

absl::StatusOr<NightlyConfig> LoadConfig(absl::string_view path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) {
    if (text.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat("no configuration file \"", path, "\""));
    }
    return text.status();
  }
  const std::string base = fs::path(std::string(path)).parent_path().string();
  return ParseConfig(*text, path, base);
}

}  // namespace meute::nightly
