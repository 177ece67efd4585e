#include "index/index_files.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "base/file_util.h"
#include "base/parallel.h"
#include "base/status_macros.h"
#include "index/schema.h"
#include "index/shards.h"
#include "ingest/near_duplicate.h"
#include "ingest/reader.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;

std::string FormatOf(const std::string& path, absl::string_view format) {
  if (!format.empty() && format != "auto") return absl::AsciiStrToLower(format);
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  return absl::AsciiStrToLower(ext);
}

// For JSON Lines: the line of each accepted record, in order (the non-blank
// lines minus those rejected). Empty if it cannot be worked out.
std::vector<int> JsonLinesRecordLines(const std::string& path, const ingest::ReadResult& result) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) return {};
  std::set<int> rejected;
  for (const ingest::Diagnostic& d : result.diagnostics) {
    if (d.severity == ingest::Severity::kError && d.line > 0) rejected.insert(d.line);
  }
  std::vector<int> lines;
  size_t start = 0;
  int line_no = 0;
  while (start < content->size()) {
    size_t end = content->find('\n', start);
    if (end == std::string::npos) end = content->size();
    absl::string_view line(content->data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == absl::string_view::npos) continue;
    if (rejected.count(line_no) == 0) lines.push_back(line_no);
  }
  if (lines.size() != result.documents.size()) return {};
  return lines;
}

// Links near-duplicates across the records of every file (LinkRecords()).
// Returns how many records of each file were linked.
std::vector<int> LinkAcrossFiles(std::vector<ingest::ReadResult>* reads) {
  std::vector<int> linked(reads->size(), 0);
  std::vector<ingest::Document> all;
  std::vector<std::pair<size_t, size_t>> origin;  // (file, record) of each of `all`.
  for (size_t f = 0; f < reads->size(); ++f) {
    for (size_t i = 0; i < (*reads)[f].documents.size(); ++i) {
      all.push_back(std::move((*reads)[f].documents[i]));
      origin.emplace_back(f, i);
    }
  }
  for (const size_t k : LinkRecords(&all)) ++linked[origin[k].first];
  for (size_t k = 0; k < all.size(); ++k) {
    (*reads)[origin[k].first].documents[origin[k].second] = std::move(all[k]);
  }
  return linked;
}

// Linking compares texts, most of an unchanged re-run's time; its result
// depends on the records alone. So if the index holds every record read, each
// with the link it has there, as they are (same RecordHash()), this gives each
// record its stored link, `hashes` their hashes and `linked` the per-file
// counts of links, and returns true. Otherwise it changes nothing and returns
// false.
absl::StatusOr<bool> TakeStoredLinks(ShardedWriter& writer, std::vector<ingest::ReadResult>* reads,
                                     std::vector<std::vector<std::string>>* hashes,
                                     std::vector<int>* linked) {
  std::vector<ingest::Document*> taken;
  auto undo = [&] {
    for (ingest::Document* doc : taken) doc->duplicate_of.clear();
    hashes->clear();
    return false;
  };
  hashes->assign(reads->size(), {});
  linked->assign(reads->size(), 0);
  // First the links, and whether the index holds every record at all (a new
  // index stops at the first); then the hashes, on every core.
  std::vector<std::pair<ingest::Document*, std::string>> checks;  // With the stored hash.
  for (size_t f = 0; f < reads->size(); ++f) {
    for (ingest::Document& doc : (*reads)[f].documents) {
      MEUTE_ASSIGN_OR_RETURN(std::optional<StoredRecord> stored, writer.Stored(doc.id));
      if (!stored.has_value()) return undo();
      if (doc.duplicate_of.empty() && !stored->duplicate_of.empty()) {
        doc.duplicate_of = stored->duplicate_of;
        taken.push_back(&doc);
        ++(*linked)[f];
      }
      checks.emplace_back(&doc, std::move(stored->hash));
    }
  }
  std::vector<std::string> computed(checks.size());
  ParallelFor(checks.size(), 512, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) computed[i] = RecordHash(*checks[i].first);
  });
  for (size_t i = 0; i < checks.size(); ++i) {
    if (computed[i] != checks[i].second) return undo();
  }
  size_t k = 0;
  for (size_t f = 0; f < reads->size(); ++f) {
    for (size_t i = 0; i < (*reads)[f].documents.size(); ++i) {
      (*hashes)[f].push_back(std::move(computed[k++]));
    }
  }
  return true;
}

// The record ids each input file produced, in the first shard's user metadata
// (doc/formats.md): key kMetaSourcePrefix + ContentHash(path), value the
// absolute path, then the ids, each after kListSeparator. DO NOT CHANGE.
struct SourceList {
  std::string path;
  std::vector<std::string> ids;
};

std::string SourcePath(const std::string& file) {
  std::error_code ec;
  fs::path p = fs::absolute(file, ec);
  return (ec ? fs::path(file) : p).lexically_normal().string();
}

std::string SourceKey(const std::string& source_path) {
  return absl::StrCat(kMetaSourcePrefix, ContentHash(source_path));
}

std::string EncodeSource(const SourceList& list) {
  std::string value = list.path;
  for (const std::string& id : list.ids)
    absl::StrAppend(&value, std::string(1, kListSeparator), id);
  return value;
}

SourceList DecodeSource(absl::string_view value) {
  SourceList list;
  std::vector<std::string> parts = absl::StrSplit(value, kListSeparator);
  list.path = std::move(parts[0]);
  list.ids.assign(std::make_move_iterator(parts.begin() + 1), std::make_move_iterator(parts.end()));
  return list;
}

// Every source list the index holds, by key.
absl::StatusOr<std::map<std::string, SourceList>> StoredSources(ShardedWriter& writer) {
  std::map<std::string, SourceList> sources;
  MEUTE_ASSIGN_OR_RETURN(const std::vector<std::string> keys,
                         writer.StoredMetadataKeys(kMetaSourcePrefix));
  for (const std::string& key : keys) {
    MEUTE_ASSIGN_OR_RETURN(const std::string value, writer.StoredMetadata(key));
    if (!value.empty()) sources.emplace(key, DecodeSource(value));
  }
  return sources;
}

}  // namespace

std::vector<size_t> LinkRecords(std::vector<ingest::Document>* records) {
  std::vector<size_t> linked;
  for (const ingest::NearDuplicateOptions& o :
       {ingest::NearDuplicateOptions{}, ingest::RetoldStoryOptions()}) {
    for (const ingest::DuplicatePair& p : ingest::LinkNearDuplicates(records, o)) {
      linked.push_back(p.duplicate);
    }
  }
  return linked;
}

absl::StatusOr<IndexRunSummary> IndexFiles(absl::string_view db_dir,
                                           const std::vector<std::string>& paths,
                                           const ingest::Analyzer& analyzer,
                                           const IndexFilesOptions& options,
                                           const DiagnosticSink& on_diagnostic,
                                           const FileDoneFn& on_file) {
  if (paths.empty()) return absl::InvalidArgumentError("no input file or folder given");
  // Check every input before writing anything.
  MEUTE_ASSIGN_OR_RETURN(std::vector<std::string> listed,
                         ListInputFiles(paths, ingest::SupportedExtensions()));
  // Files found by walking a folder are read only if they are record sources;
  // a file named explicitly is always read.
  const std::set<std::string> named(paths.begin(), paths.end());
  std::vector<std::string> files;
  std::vector<SkippedFile> skipped;
  for (std::string& f : listed) {
    std::string reason = named.count(f) > 0 ? "" : ingest::NotARecordSource(f);
    if (reason.empty()) {
      files.push_back(std::move(f));
    } else {
      skipped.push_back({std::move(f), std::move(reason)});
    }
  }
  if (files.empty() && !skipped.empty()) {
    std::vector<std::string> why;
    for (const SkippedFile& s : skipped) why.push_back(absl::StrCat(s.file, " (", s.reason, ")"));
    return absl::InvalidArgumentError(absl::StrCat("no record source found in ",
                                                   absl::StrJoin(paths, ", "),
                                                   "; skipped: ", absl::StrJoin(why, ", ")));
  }
  if (files.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no input file found in ", absl::StrJoin(paths, ", "), " (looked for .",
                     absl::StrJoin(ingest::SupportedExtensions(), ", ."), ")"));
  }
  // A named --format is checked against the formats, otherwise the extension
  // against the extensions.
  const bool named_format = !options.format.empty() && options.format != "auto";
  const std::vector<std::string>& known =
      named_format ? ingest::SupportedFormats() : ingest::SupportedExtensions();
  for (const std::string& f : files) {
    const std::string fmt = FormatOf(f, options.format);
    if (std::find(known.begin(), known.end(), fmt) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("\"", f, "\": unknown format \"", fmt,
                                                     "\" (known: ", absl::StrJoin(known, ", "),
                                                     "; or name one with --format)"));
    }
    if (::access(f.c_str(), R_OK) != 0) {
      return absl::PermissionDeniedError(absl::StrCat("cannot read \"", f, "\""));
    }
  }

  // Read every file first, so that near-duplicates are linked across files
  // and the writer knows how many records come (a new database is then
  // written in parts in parallel: ShardedWriterOptions::expected_records).
  std::vector<ingest::ReadResult> reads;
  uint64_t records = 0;
  for (const std::string& file : files) {
    absl::StatusOr<ingest::ReadResult> read =
        ingest::ReadFile(file, options.format, options.reader);
    if (!read.ok()) {
      return Annotate(read.status(), "indexing stopped; the index keeps its last committed state");
    }
    records += read->documents.size();
    reads.push_back(*std::move(read));
  }
  ShardedWriterOptions writer_options = options.writer;
  MEUTE_ASSIGN_OR_RETURN(const int shards, ShardCount(db_dir));
  writer_options.shards = std::max(shards, 1);
  writer_options.expected_records = records;
  MEUTE_ASSIGN_OR_RETURN(std::unique_ptr<ShardedWriter> writer,
                         ShardedWriter::Open(db_dir, analyzer, writer_options));
  IndexRunSummary summary;
  summary.skipped = std::move(skipped);
  std::map<std::string, std::pair<size_t, size_t>> seen;  // id -> (file, record) it was read at.
  auto fatal = [&](const absl::Status& s) {
    const uint64_t written = writer->counts().indexed();
    return Annotate(s, absl::StrCat("indexing stopped; the index keeps its last committed state",
                                    written > 0 ? absl::StrCat(" (", written,
                                                               " records of this run committed "
                                                               "before the error at most)")
                                                : ""));
  };
  // What each file produced last time, and which ids this run reads: an id
  // that a file no longer holds is deleted unless another file has it (this
  // run's, or a file not given this time).
  absl::StatusOr<std::map<std::string, SourceList>> stored = StoredSources(*writer);
  if (!stored.ok()) return fatal(stored.status());
  absl::flat_hash_set<std::string> read_ids;
  std::vector<std::string> keys;
  for (size_t f = 0; f < files.size(); ++f) {
    keys.push_back(SourceKey(SourcePath(files[f])));
    for (const ingest::Document& doc : reads[f].documents) read_ids.insert(doc.id);
  }
  const std::set<std::string> run_keys(keys.begin(), keys.end());
  absl::flat_hash_set<std::string> kept_by_others;  // Ids of files not given, unless pruned.
  if (!options.prune) {
    for (const auto& [key, list] : *stored) {
      if (run_keys.count(key) == 0) kept_by_others.insert(list.ids.begin(), list.ids.end());
    }
  }
  absl::flat_hash_set<std::string> deleted_ids;
  // Deletes the ids of `old_ids` that nothing keeps; returns how many were indexed.
  auto delete_gone = [&](const std::vector<std::string>& old_ids) -> absl::StatusOr<int> {
    const uint64_t before = writer->counts().deleted;
    for (const std::string& id : old_ids) {
      if (read_ids.contains(id) || kept_by_others.contains(id)) continue;
      if (!deleted_ids.insert(id).second) continue;
      MEUTE_RETURN_IF_ERROR(writer->Delete(id));
    }
    MEUTE_RETURN_IF_ERROR(writer->Flush());
    return static_cast<int>(writer->counts().deleted - before);
  };
  std::vector<int> near_duplicates;
  std::vector<std::vector<std::string>> hashes;  // Per file and record; empty if not known.
  absl::StatusOr<bool> as_indexed = TakeStoredLinks(*writer, &reads, &hashes, &near_duplicates);
  if (!as_indexed.ok()) return fatal(as_indexed.status());
  if (!*as_indexed) near_duplicates = LinkAcrossFiles(&reads);
  // The line of record `i` of file `f` (0 if unknown), for warnings about
  // repeated ids only: it reads the file once more.
  std::vector<std::optional<std::vector<int>>> record_lines(files.size());
  auto line_of = [&](size_t f, size_t i) {
    std::optional<std::vector<int>>& lines = record_lines[f];
    if (!lines.has_value()) {
      const std::string fmt = FormatOf(files[f], options.format);
      lines = (fmt == "jsonl" || fmt == "ndjson") ? JsonLinesRecordLines(files[f], reads[f])
                                                  : std::vector<int>{};
    }
    return lines->empty() ? 0 : (*lines)[i];
  };
  auto place = [&](size_t f, size_t i) {
    const int line = line_of(f, i);
    return line > 0 ? absl::StrCat(files[f], ":", line)
                    : absl::StrCat(files[f], " (record ", i + 1, ")");
  };
  for (size_t file_index = 0; file_index < files.size(); ++file_index) {
    const std::string& file = files[file_index];
    ingest::ReadResult* read = &reads[file_index];
    for (const ingest::Diagnostic& d : read->diagnostics) on_diagnostic(d);
    FileSummary fs_summary;
    fs_summary.file = file;
    fs_summary.read = read->stats.read;
    fs_summary.rejected = read->stats.rejected;
    fs_summary.warnings = read->stats.warnings;
    fs_summary.unreadable_files = read->stats.file_errors > 0 ? 1 : 0;
    fs_summary.duplicates = read->stats.duplicates + near_duplicates[file_index];
    const WriterCounts before = writer->counts();
    SourceList list{SourcePath(file), {}};
    for (const ingest::Document& doc : read->documents) list.ids.push_back(doc.id);
    const std::string& key = keys[file_index];
    const auto old = stored->find(key);
    const std::vector<std::string> no_ids;
    const std::vector<std::string>& old_ids = old != stored->end() ? old->second.ids : no_ids;
    const std::string value = EncodeSource(list);
    const bool list_changed = old == stored->end() || EncodeSource(old->second) != value;
    if (list_changed) {
      // First commit the old and new ids together, so that a killed run
      // leaves no record in the index that no list names.
      absl::flat_hash_set<std::string> old_set(old_ids.begin(), old_ids.end());
      SourceList both{list.path, old_ids};
      for (const std::string& id : list.ids) {
        if (!old_set.contains(id)) both.ids.push_back(id);
      }
      if (both.ids.size() != old_ids.size()) {
        if (absl::Status s = writer->SetMetadata(key, EncodeSource(both)); !s.ok()) return fatal(s);
        if (absl::Status s = writer->Flush(); !s.ok()) return fatal(s);
      }
    }
    for (size_t i = 0; i < read->documents.size(); ++i) {
      ingest::Document& doc = read->documents[i];
      auto [it, inserted] = seen.try_emplace(doc.id, file_index, i);
      if (!inserted) {
        const int line = line_of(file_index, i);
        ingest::Diagnostic d;
        d.file = file;
        d.line = line;
        d.severity = ingest::Severity::kWarning;
        d.message = absl::StrCat("duplicate id \"", doc.id, "\": this record replaces the one at ",
                                 place(it->second.first, it->second.second));
        if (line == 0) d.message = absl::StrCat("record ", i + 1, ": ", d.message);
        on_diagnostic(d);
        it->second = {file_index, i};
        ++fs_summary.duplicates;
        ++fs_summary.warnings;
      }
      std::string hash = hashes.empty() ? "" : std::move(hashes[file_index][i]);
      if (absl::Status s = writer->Add(std::move(doc), std::move(hash)); !s.ok()) return fatal(s);
    }
    if (list_changed) {
      if (absl::Status s = writer->SetMetadata(key, value); !s.ok()) return fatal(s);
    }
    // Commit per file too, so that each file's summary is true once printed.
    absl::StatusOr<int> deleted = delete_gone(old_ids);
    if (!deleted.ok()) return fatal(deleted.status());
    const WriterCounts after = writer->counts();
    fs_summary.indexed = static_cast<int>(after.indexed() - before.indexed());
    fs_summary.unchanged = static_cast<int>(after.unchanged - before.unchanged);
    fs_summary.deleted = *deleted;
    summary.files.push_back(fs_summary);
    FileSummary& t = summary.total;
    t.read += fs_summary.read;
    t.indexed += fs_summary.indexed;
    t.unchanged += fs_summary.unchanged;
    t.deleted += fs_summary.deleted;
    t.rejected += fs_summary.rejected;
    t.duplicates += fs_summary.duplicates;
    t.warnings += fs_summary.warnings;
    t.unreadable_files += fs_summary.unreadable_files;
    if (on_file) on_file(fs_summary);
  }
  // --prune: the files the index knows but this run was not given are gone.
  for (const auto& [key, list] : *stored) {
    if (!options.prune || run_keys.count(key) != 0) continue;
    if (absl::Status s = writer->SetMetadata(key, ""); !s.ok()) return fatal(s);
    absl::StatusOr<int> deleted = delete_gone(list.ids);
    if (!deleted.ok()) return fatal(deleted.status());
    FileSummary pruned;
    pruned.file = list.path;
    pruned.pruned = true;
    pruned.deleted = *deleted;
    summary.files.push_back(pruned);
    summary.total.deleted += pruned.deleted;
    if (on_file) on_file(pruned);
  }
  if (absl::Status s = writer->Finish(); !s.ok()) return fatal(s);
  summary.doc_count = writer->DocCount();
  return summary;
}

}  // namespace meute::index
