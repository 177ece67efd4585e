#include "nightly/nightly.h"

#include <glob.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/file_util.h"
#include "base/make_dirs.h"
#include "base/parallel.h"
#include "base/status_macros.h"
#include "index/index_files.h"
#include "index/sharded_writer.h"
#include "index/shards.h"
#include "ingest/analyzer.h"
#include "ingest/csv_mapping.h"
#include "ingest/fetch.h"
#include "ingest/jsonl_reader.h"
#include "ingest/reader.h"
#include "nightly/run_lock.h"
#include "nightly/state.h"

namespace meute::nightly {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// JSON Lines are read this many bytes at a time (cut at a line end), so that
// a large file's bytes never sit in memory whole (its records do, until they
// are linked: Run::pending_).
constexpr size_t kChunkBytes = size_t{8} << 20;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string NowIso() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

std::string ExtensionOf(absl::string_view path) {
  std::string ext = fs::path(std::string(path)).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  return Lower(ext);
}

bool IsSupportedExtension(absl::string_view ext) {
  const std::vector<std::string>& known = ingest::SupportedExtensions();
  return std::find(known.begin(), known.end(), ext) != known.end();
}

// The reader for a body fetched from `url` with `content_type`, when the
// source does not name one: the URL's extension, else the content type.
std::string FormatOfUrl(absl::string_view url, absl::string_view content_type) {
  absl::string_view path = url.substr(0, url.find_first_of("?#"));
  const size_t slash = path.rfind('/');
  if (slash != absl::string_view::npos) path = path.substr(slash + 1);
  const std::string ext = ExtensionOf(path);
  if (!ext.empty() && IsSupportedExtension(ext)) return ext;
  const std::string type = Lower(content_type.substr(0, content_type.find(';')));
  if (absl::StrContains(type, "ndjson") || absl::StrContains(type, "jsonl")) return "jsonl";
  if (absl::StrContains(type, "json")) return "json";
  if (absl::StrContains(type, "csv")) return "csv";
  if (absl::StrContains(type, "xml")) return "rss";
  if (absl::StrContains(type, "html")) return "html";
  if (absl::StrContains(type, "pdf")) return "pdf";
  if (type == "text/plain") return "txt";
  return "";
}

struct InputFile {
  std::string path;    // Where the bytes are.
  std::string label;   // What diagnostics name: the path, or the URL.
  std::string format;  // Reader, "" : by the extension of `path`.
  uint64_t size = 0;
};

struct SourceRun {
  const SourceConfig* config = nullptr;
  SourceReport report;
  SourceState old_state;
  bool trusted = false;  // old_state's hashes describe the index as it is.
  bool failed = false;
  // A file of the source could not be read, or only in part: the records it
  // held last time may still be there, so none is deleted or forgotten.
  bool read_in_part = false;
  std::vector<InputFile> files;
  std::string etag, last_modified, format;  // URL sources: from this fetch.
  bool fetched_new_body = false;
  absl::flat_hash_map<std::string, std::string> records;  // This run: id -> hash.

  void Fail(absl::string_view message) {
    if (!failed) report.error = std::string(message);
    failed = true;
    report.ok = false;
  }
};

// Path of a body fetched in this run: renamed over StateStore::BodyPath() only
// with the state that matches it, so a 304 always reuses the body the saved
// validators describe.
std::string NewBodyPath(const StateStore& store, absl::string_view name) {
  return store.BodyPath(name) + ".new";
}

absl::StatusOr<std::vector<std::string>> Glob(const std::string& pattern) {
  glob_t g{};
  const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
  std::vector<std::string> files;
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) {
      std::error_code ec;
      if (fs::is_regular_file(g.gl_pathv[i], ec)) files.emplace_back(g.gl_pathv[i]);
    }
  }
  globfree(&g);
  if (rc != 0 && rc != GLOB_NOMATCH) {
    return absl::InternalError(absl::StrCat("cannot expand \"", pattern, "\""));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Resolves a source to the files to read (fetching URL sources).
void Resolve(const NightlyConfig& config, const StateStore& store, SourceRun* run) {
  const SourceConfig& src = *run->config;
  std::error_code ec;
  auto add_file = [&](const std::string& path, const std::string& label,
                      const std::string& format) {
    InputFile f;
    f.path = path;
    f.label = label;
    f.format = format;
    f.size = fs::file_size(path, ec);
    if (ec) f.size = 0;
    run->report.bytes += f.size;
    run->files.push_back(std::move(f));
  };
  if (!src.path.empty()) {
    absl::StatusOr<std::vector<std::string>> files =
        ListInputFiles({src.path}, ingest::SupportedExtensions());
    if (!files.ok()) return run->Fail(files.status().message());
    if (files->empty()) {
      return run->Fail(absl::StrCat("no input file in \"", src.path, "\""));
    }
    // In a folder, as with `meute index`: record sources only (README,
    // schemas, glossaries... are listed in the report, not read).
    const bool folder = fs::is_directory(src.path, ec);
    for (const std::string& f : *files) {
      const std::string why = folder ? ingest::NotARecordSource(f) : "";
      if (why.empty()) {
        add_file(f, f, src.format);
      } else {
        run->report.skipped.push_back(absl::StrCat(f, " (", why, ")"));
      }
    }
    if (run->files.empty()) {
      return run->Fail(absl::StrCat("no record source in \"", src.path, "\" (skipped: ",
                                    absl::StrJoin(run->report.skipped, ", "), ")"));
    }
  } else if (!src.glob.empty()) {
    absl::StatusOr<std::vector<std::string>> files = Glob(src.glob);
    if (!files.ok()) return run->Fail(files.status().message());
    // An empty match is more likely a moved folder than a source that
    // emptied: refuse it rather than delete every record of the source.
    if (files->empty()) return run->Fail(absl::StrCat("no file matches \"", src.glob, "\""));
    for (const std::string& f : *files) add_file(f, f, src.format);
  } else {
    ingest::FetchOptions options;
    options.timeout_ms = config.fetch.timeout_s * 1000L;
    options.connect_timeout_ms = config.fetch.connect_timeout_s * 1000L;
    options.max_retries = config.fetch.retries;
    options.max_bytes = static_cast<size_t>(config.fetch.max_mb) << 20;
    const std::string body_path = store.BodyPath(src.name);
    ingest::FetchValidators previous;
    // Without the body they describe, the validators are useless: a 304
    // would leave nothing to read.
    if (fs::exists(body_path, ec)) {
      previous.etag = run->old_state.etag;
      previous.last_modified = run->old_state.last_modified;
    }
    absl::StatusOr<ingest::FetchResult> r = ingest::FetchUrl(src.url, previous, options);
    if (!r.ok()) return run->Fail(absl::StrCat("fetching ", src.url, ": ", r.status().message()));
    run->etag = r->validators.etag;
    run->last_modified = r->validators.last_modified;
    std::string path = body_path;
    if (r->not_modified) {
      run->report.fetch = "not_modified";
      run->format = run->old_state.location == src.url ? run->old_state.format : "";
    } else {
      run->report.fetch = "fetched";
      path = NewBodyPath(store, src.name);
      if (absl::Status s = WriteFileAtomically(path, r->body); !s.ok()) {
        return run->Fail(s.message());
      }
      run->fetched_new_body = true;
      run->format = FormatOfUrl(src.url, r->content_type);
    }
    if (!src.format.empty()) run->format = src.format;
    if (run->format.empty() && src.mapping.empty()) {
      return run->Fail(absl::StrCat("cannot tell the format of ", src.url,
                                    " from its address or content type: set `format`"));
    }
    add_file(path, src.url, run->format);
  }
  run->report.files = run->files.size();
}

// Reads `in` and hands its records to `sink` in pieces, with the input bytes
// each piece covers. JSON Lines without a mapping are cut in chunks at line
// ends (line numbers of diagnostics stay those of the file); other formats
// are read whole. The mapping is the source's, else (for local files, as
// `meute index` does) the one found beside the file. A fetched body is parsed
// under its URL: diagnostics name it, and readers that make ids from the file
// name make the same ids whatever the cache file is called.
template <typename Sink>
absl::Status ReadInput(const InputFile& in, const SourceConfig& src, Sink&& sink) {
  const bool remote = !src.url.empty();
  std::string mapping_path = src.mapping;
  if (mapping_path.empty() && !remote) mapping_path = ingest::FindMappingFile(in.path);
  std::optional<ingest::Mapping> mapping;
  if (!mapping_path.empty()) {
    absl::StatusOr<ingest::Mapping> m = ingest::LoadMapping(mapping_path);
    if (!m.ok()) return Annotate(m.status(), absl::StrCat("mapping file \"", mapping_path, "\""));
    mapping = *std::move(m);
  }
  // The source's `kind` gives a kind to records whose mapping sets none, so
  // that the reader does not reject them as kind-less (HandleChunk() then
  // sets it on every record).
  bool kind_added = false;
  if (mapping.has_value() && src.kind.has_value() && mapping->defaults["kind"].empty() &&
      mapping->fields.find("kind") == mapping->fields.end()) {
    mapping->defaults["kind"] = {std::string(ingest::KindName(*src.kind))};
    kind_added = true;
  }
  std::string format = Lower(in.format);
  if ((format.empty() || format == "auto") && mapping.has_value()) format = mapping->format;
  if (format.empty() || format == "auto") format = ExtensionOf(in.path);

  if ((format == "jsonl" || format == "ndjson") && !mapping.has_value()) {
    std::ifstream f(in.path, std::ios::binary);
    if (!f) return absl::NotFoundError(absl::StrCat("cannot read \"", in.label, "\""));
    std::string carry;
    std::string buffer(kChunkBytes, '\0');
    int lines_before = 0;
    while (true) {
      f.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const size_t got = static_cast<size_t>(f.gcount());
      const bool eof = got < buffer.size();
      carry.append(buffer.data(), got);
      size_t cut = eof ? carry.size() : carry.rfind('\n');
      if (cut == std::string::npos) continue;  // One line longer than a chunk: read on.
      if (!eof) ++cut;
      const absl::string_view piece(carry.data(), cut);
      MEUTE_ASSIGN_OR_RETURN(ingest::ReadResult r, ingest::ParseContent(piece, in.label, "jsonl"));
      for (ingest::Diagnostic& d : r.diagnostics) {
        if (d.line > 0) d.line += lines_before;
      }
      lines_before += static_cast<int>(std::count(piece.begin(), piece.end(), '\n'));
      MEUTE_RETURN_IF_ERROR(sink(std::move(r), static_cast<uint64_t>(cut)));
      carry.erase(0, cut);
      if (eof) break;
    }
    if (f.bad()) return absl::InternalError(absl::StrCat("reading \"", in.label, "\" failed"));
    return absl::OkStatus();
  }
  absl::StatusOr<ingest::ReadResult> r;
  if (remote || kind_added) {
    MEUTE_ASSIGN_OR_RETURN(const std::string body, ReadFileToString(in.path));
    r = ingest::ParseContent(body, in.label, format, {}, mapping.has_value() ? &*mapping : nullptr);
  } else {
    r = ingest::ReadFileWithMapping(in.path, format, mapping_path);
  }
  if (!r.ok()) return r.status();
  return sink(*std::move(r), in.size);
}

class Run {
 public:
  Run(const NightlyConfig& config, const RunOptions& options)
      : config_(config), options_(options), store_(config.state_dir) {}

  RunReport Go();

 private:
  // Ends the run: kLocked for kUnavailable, else kError, with `status`.
  RunReport Stop(const absl::Status& status);
  absl::Status IndexSource(size_t i);
  absl::Status HandleChunk(size_t i, ingest::ReadResult chunk, uint64_t bytes);
  // Links and writes the records every source gave (pending_).
  absl::Status WriteRecords();
  void QueueDeletions();
  absl::Status SaveStates();
  void Finalize();
  void SetPhase(Phase phase) {
    if (options_.progress != nullptr) options_.progress->phase = static_cast<int>(phase);
  }

  const NightlyConfig& config_;
  const RunOptions& options_;
  StateStore store_;
  RunReport report_;
  Clock::time_point start_;
  std::unique_ptr<ingest::Analyzer> analyzer_;
  std::unique_ptr<index::ShardedWriter> writer_;
  std::vector<SourceRun> runs_;
  // Which source produced each id in this run (the last one wins).
  absl::flat_hash_map<std::string, size_t> owner_;
  // An error that stops the whole run (the writer's, or the state folder's).
  absl::Status fatal_;
  // The records read, in order, until every source is read: near-duplicates
  // are linked across all of them before any is written, as `meute index`
  // does, so that both give the same index (this holds the run's records in
  // memory, as `meute index` does).
  struct Pending {
    ingest::Document doc;
    std::string hash;  // RecordHash() of the record as read.
    size_t source = 0;
    bool unchanged = false;  // The source's trusted state has this hash: skipped if all are.
  };
  std::deque<Pending> pending_;  // A deque: growing moves no record.
};

RunReport Run::Stop(const absl::Status& status) {
  report_.status =
      status.code() == absl::StatusCode::kUnavailable ? RunStatus::kLocked : RunStatus::kError;
  report_.exit_code = report_.status == RunStatus::kLocked ? 4 : 1;
  report_.error = std::string(status.message());
  Finalize();
  return report_;
}

absl::Status Run::HandleChunk(size_t i, ingest::ReadResult chunk, uint64_t bytes) {
  SourceRun& run = runs_[i];
  const SourceConfig& src = *run.config;
  // Records refused, and a file a reader gave up on or read in part (counted
  // once, whatever the number of its chunks).
  run.report.rejected += static_cast<uint64_t>(chunk.stats.rejected);
  if (chunk.stats.file_errors > 0) {
    run.read_in_part = true;
    const std::string& file = chunk.stats.file;
    if (std::find(run.report.unreadable.begin(), run.report.unreadable.end(), file) ==
        run.report.unreadable.end()) {
      run.report.unreadable.push_back(file);
      ++run.report.files_unreadable;
    }
  }
  for (const ingest::Diagnostic& d : chunk.diagnostics) {
    if (d.severity == ingest::Severity::kWarning) {
      ++run.report.warnings;
      continue;
    }
    if (report_.rejects.size() < kMaxListedRejects) {
      report_.rejects.push_back({src.name, d.file, d.line, d.message});
    } else {
      report_.rejects_truncated = true;
    }
  }
  std::vector<std::string> journal;
  // The records' hashes, each on its own: on every core.
  std::vector<std::string> hashes(chunk.documents.size());
  ParallelFor(chunk.documents.size(), 512, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      ingest::Document& doc = chunk.documents[k];
      if (src.kind.has_value()) doc.kind = *src.kind;
      hashes[k] = index::RecordHash(doc);
    }
  });
  for (size_t k = 0; k < chunk.documents.size(); ++k) {
    ingest::Document& doc = chunk.documents[k];
    std::string& hash = hashes[k];
    ++run.report.read;
    auto [owner, first] = owner_.try_emplace(doc.id, i);
    if (!first) {
      // The later record wins, as with `meute index`; the earlier source no
      // longer vouches for this id in its state.
      if (owner->second != i) runs_[owner->second].records.erase(doc.id);
      owner->second = i;
      ++run.report.warnings;
    }
    auto old = run.old_state.records.find(doc.id);
    const bool known = old != run.old_state.records.end();
    run.records[doc.id] = hash;
    const bool unchanged = first && run.trusted && known && old->second == hash;
    if (!unchanged && !known && !run.old_state.pending.contains(doc.id)) {
      journal.push_back(doc.id);
    }
    pending_.push_back({std::move(doc), std::move(hash), i, unchanged});
  }
  if (options_.progress != nullptr) {
    options_.progress->read_bytes += bytes;
    options_.progress->read_records += chunk.documents.size();
  }
  // The journal reaches the disk before any of its records can be committed:
  // whatever a killed run leaves in the index, some state names it.
  if (absl::Status s = store_.AppendPending(src.name, journal); !s.ok()) {
    fatal_ = s;
    return s;
  }
  for (std::string& id : journal) run.old_state.pending.insert(std::move(id));
  return absl::OkStatus();
}

absl::Status Run::WriteRecords() {
  std::deque<Pending> pending = std::move(pending_);
  pending_.clear();
  const bool changed =
      std::any_of(pending.begin(), pending.end(), [](const Pending& p) { return !p.unchanged; });
  if (!changed) {
    // Every record as the last run wrote it, and so its link too: nothing
    // to analyse, link or write.
    for (const Pending& p : pending) {
      ++runs_[p.source].report.skipped_unchanged;
      if (options_.progress != nullptr) ++options_.progress->skipped;
    }
    return absl::OkStatus();
  }
  // A record changed, came or went: its links may too. Link every record read,
  // as `meute index` does (index::LinkRecords()), and hand each to the
  // writer, which skips those the index holds as they are, link included.
  std::vector<ingest::Document> docs;
  docs.reserve(pending.size());
  std::vector<bool> had_link;
  had_link.reserve(pending.size());
  for (Pending& p : pending) {
    had_link.push_back(!p.doc.duplicate_of.empty());
    docs.push_back(std::move(p.doc));
  }
  index::LinkRecords(&docs);
  for (size_t k = 0; k < docs.size(); ++k) {
    ++runs_[pending[k].source].report.queued;
    // The hash of the record as read, unless a link was added to it.
    std::string hash =
        had_link[k] || docs[k].duplicate_of.empty() ? std::move(pending[k].hash) : std::string();
    if (absl::Status s = writer_->Add(std::move(docs[k]), std::move(hash)); !s.ok()) {
      fatal_ = s;
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status Run::IndexSource(size_t i) {
  SourceRun& run = runs_[i];
  const Clock::time_point start = Clock::now();
  for (const InputFile& in : run.files) {
    absl::Status s = ReadInput(in, *run.config, [&](ingest::ReadResult r, uint64_t bytes) {
      return HandleChunk(i, std::move(r), bytes);
    });
    if (!fatal_.ok()) return fatal_;
    if (!s.ok()) {
      // A file that cannot be read fails its source only.
      run.Fail(s.message());
      break;
    }
  }
  run.report.duration_s += Since(start);
  return absl::OkStatus();
}

void Run::QueueDeletions() {
  // Ids of failed sources may still be theirs: never delete them.
  absl::flat_hash_set<std::string> keep;
  for (const SourceRun& run : runs_) {
    if (!run.failed && !run.read_in_part) continue;
    for (const auto& [id, hash] : run.old_state.records) keep.insert(id);
    for (const std::string& id : run.old_state.pending) keep.insert(id);
  }
  for (SourceRun& run : runs_) {
    if (run.failed || run.read_in_part || !run.config->authoritative) continue;
    std::vector<std::string> gone;
    auto consider = [&](const std::string& id) {
      if (!owner_.contains(id) && !keep.contains(id)) gone.push_back(id);
    };
    for (const auto& [id, hash] : run.old_state.records) consider(id);
    for (const std::string& id : run.old_state.pending) {
      if (!run.old_state.records.contains(id)) consider(id);
    }
    std::sort(gone.begin(), gone.end());
    for (std::string& id : gone) {
      if (absl::Status s = writer_->Delete(std::move(id)); !s.ok()) {
        fatal_ = s;
        return;
      }
      ++run.report.deleted;
    }
  }
}

absl::Status Run::SaveStates() {
  MEUTE_ASSIGN_OR_RETURN(const std::string fingerprint,
                         index::DatabaseFingerprint(config_.index_path));
  for (SourceRun& run : runs_) {
    // A failed source keeps its old state (and journal): its hashes no longer
    // match the fingerprint, so the next run checks its records one by one.
    if (run.failed) continue;
    const SourceConfig& src = *run.config;
    SourceState state;
    state.location = src.Location();
    state.fingerprint = fingerprint;
    if (!src.url.empty()) {
      state.etag = run.etag;
      state.last_modified = run.last_modified;
      state.format = run.format;
      if (run.fetched_new_body) {
        std::error_code ec;
        fs::rename(NewBodyPath(store_, src.name), store_.BodyPath(src.name), ec);
        if (ec) {
          return absl::InternalError(
              absl::StrCat("keeping the body of ", src.url, ": ", ec.message()));
        }
      }
    }
    state.records = std::move(run.records);
    if (run.read_in_part) {
      // The records of a file read in part are still the source's.
      for (const auto& [id, hash] : run.old_state.records) state.records.try_emplace(id, hash);
    }
    MEUTE_RETURN_IF_ERROR(store_.Save(src.name, state));
  }
  return absl::OkStatus();
}

void Run::Finalize() {
  report_.finished = NowIso();
  report_.duration_s = Since(start_);
  report_.sources.clear();
  for (const SourceRun& run : runs_) {
    report_.sources.push_back(run.report);
    report_.read += run.report.read;
    report_.rejected += run.report.rejected;
    report_.files_unreadable += run.report.files_unreadable;
    report_.warnings += run.report.warnings;
    report_.unchanged += run.report.skipped_unchanged;
  }
  if (writer_ != nullptr) {
    const index::WriterCounts c = writer_->counts();
    report_.added = c.added;
    report_.updated = c.updated;
    report_.unchanged += c.unchanged;
    report_.deleted = c.deleted;
    report_.analysed = c.analysed;
  }
  SetPhase(Phase::kDone);
}

RunReport Run::Go() {
  start_ = Clock::now();
  report_.started = NowIso();
  report_.config = config_.file;
  report_.index = config_.index_path;
  report_.shards = options_.shards.value_or(config_.shards);
  report_.rebuild = options_.rebuild;
  if (!config_.model.enabled) report_.model = "disabled";

  if (absl::Status s = store_.Init(); !s.ok()) return Stop(s);
  absl::StatusOr<RunLock> lock = RunLock::Acquire(store_.LockPath());
  if (!lock.ok()) return Stop(lock.status());
  if (!config_.synonyms.empty()) {
    // The searcher reads it (meute search --synonyms); a nightly run only
    // checks that it is there, so that a moved file is noticed at night.
    std::error_code ec;
    if (!fs::is_regular_file(config_.synonyms, ec)) {
      return Stop(absl::NotFoundError(
          absl::StrCat("synonyms file \"", config_.synonyms, "\" does not exist")));
    }
  }
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return Stop(analyzer.status());
  analyzer_ = *std::move(analyzer);

  index::ShardedWriterOptions writer_options;
  writer_options.shards = report_.shards;
  writer_options.analysis_threads = config_.analysis_threads;
  writer_options.batch_size = config_.batch_size;
  writer_options.spelling = config_.spelling;
  writer_options.rebuild = options_.rebuild;
  if (options_.progress != nullptr) writer_options.written_counter = &options_.progress->written;
  // The index's folder, made 0750 (a first run on a fresh machine).
  if (const std::string parent = fs::path(config_.index_path).parent_path().string();
      !parent.empty()) {
    if (absl::Status s = MakeDirs(parent); !s.ok()) return Stop(s);
  }
  absl::StatusOr<std::unique_ptr<index::ShardedWriter>> writer =
      index::ShardedWriter::Open(config_.index_path, *analyzer_, writer_options);
  if (!writer.ok()) return Stop(writer.status());
  writer_ = *std::move(writer);
  report_.shards = writer_->shards();

  // Hashes in a state are trusted only while the index is exactly as the run
  // that saved them left it.
  absl::StatusOr<std::string> fingerprint = index::DatabaseFingerprint(config_.index_path);
  const std::string now = fingerprint.ok() ? *fingerprint : "";

  SetPhase(Phase::kFetching);
  const Clock::time_point fetch_start = Clock::now();
  runs_.resize(config_.sources.size());
  for (size_t i = 0; i < config_.sources.size(); ++i) {
    SourceRun& run = runs_[i];
    run.config = &config_.sources[i];
    run.report.name = run.config->name;
    run.report.location = run.config->Location();
    const Clock::time_point start = Clock::now();
    absl::StatusOr<SourceState> state = store_.Load(run.config->name);
    if (!state.ok()) {
      run.Fail(state.status().message());
      continue;
    }
    run.old_state = *std::move(state);
    run.trusted = !options_.rebuild && !now.empty() && run.old_state.fingerprint == now &&
                  run.old_state.pending.empty();
    Resolve(config_, store_, &run);
    run.report.duration_s = Since(start);
    if (options_.progress != nullptr) options_.progress->total_bytes += run.report.bytes;
  }
  report_.fetch_s = Since(fetch_start);

  SetPhase(Phase::kIndexing);
  const Clock::time_point index_start = Clock::now();
  for (size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i].failed) continue;
    if (absl::Status s = IndexSource(i); !s.ok()) return Stop(s);
  }
  if (absl::Status s = WriteRecords(); !s.ok()) return Stop(s);
  if (options_.rebuild) {
    for (const SourceRun& run : runs_) {
      if (run.failed) {
        return Stop(
            absl::InternalError(absl::StrCat("rebuild abandoned, the index is unchanged: source \"",
                                             run.config->name, "\" failed: ", run.report.error)));
      }
    }
  } else {
    SetPhase(Phase::kDeleting);
    QueueDeletions();
    if (!fatal_.ok()) return Stop(fatal_);
  }
  report_.index_s = Since(index_start);

  SetPhase(Phase::kCommitting);
  const Clock::time_point commit_start = Clock::now();
  if (absl::Status s = writer_->Finish(); !s.ok()) return Stop(s);
  report_.documents = writer_->DocCount();
  report_.commit_s = Since(commit_start);

  const Clock::time_point state_start = Clock::now();
  if (absl::Status s = SaveStates(); !s.ok()) return Stop(s);
  report_.state_s = Since(state_start);

  const index::WriterCounts counts = writer_->counts();
  const bool changed = counts.added + counts.updated + counts.deleted > 0;
  if (config_.model.enabled) {
    std::error_code ec;
    const bool current = fs::exists(config_.model.path, ec) &&
                         (!options_.model_is_current || options_.model_is_current(config_));
    if (!changed && current) {
      report_.model = "unchanged";
    } else if (report_.documents == 0) {
      // Every source failed or is empty: nothing to model, and the failed
      // sources are the message.
      report_.model = "skipped (empty index)";
    } else if (!options_.refresh_model) {
      report_.model = "not built in";
    } else {
      SetPhase(Phase::kModel);
      const Clock::time_point model_start = Clock::now();
      absl::StatusOr<std::string> model = options_.refresh_model(config_);
      report_.model_s = Since(model_start);
      if (!model.ok()) {
        return Stop(absl::InternalError(
            absl::StrCat("the index is committed, but refreshing the model failed: ",
                         model.status().message())));
      }
      report_.model = *model;
    }
  }

  Finalize();
  bool source_failed = false;
  for (const SourceRun& run : runs_) source_failed = source_failed || run.failed;
  const bool partial = source_failed || report_.rejected > 0 || report_.files_unreadable > 0;
  report_.status = partial ? RunStatus::kPartial : RunStatus::kOk;
  report_.exit_code = source_failed ? kExitSourceFailed : partial ? 3 : 0;
  if (partial) {
    for (const SourceRun& run : runs_) {
      if (run.failed) {
        report_.error =
            absl::StrCat("source \"", run.config->name, "\" failed: ", run.report.error);
        break;
      }
    }
  }
  return report_;
}

}  // namespace

RunReport RunNightly(const NightlyConfig& config, const RunOptions& options) {
  Run run(config, options);
  return run.Go();
}

}  // namespace meute::nightly
