// meute index: reads records from files and folders into a Xapian index.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "index/index_files.h"
#include "index/indexer.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct IndexFlags {
  std::string db;
  std::string format;
  std::string kind;
  std::vector<std::string> paths;
  bool rebuild = false;
  bool prune = false;
  bool no_spelling = false;
  bool quiet = false;
  int batch_size = index::kDefaultBatchSize;
  int parts = 0;
};

// "R read, I indexed, U unchanged, D deleted, X rejected, N duplicates":
// every record read is indexed, unchanged or rejected; duplicates are counted
// among them; deleted records are those the file no longer holds.
std::string Counts(const index::FileSummary& s) {
  if (s.pruned) return absl::StrCat(s.deleted, " deleted (not among this run's inputs: --prune)");
  return absl::StrCat(s.read, " read, ", s.indexed, " indexed, ", s.unchanged, " unchanged, ",
                      s.deleted, " deleted, ", s.rejected, " rejected, ", s.duplicates,
                      s.duplicates == 1 ? " duplicate" : " duplicates",
                      s.unreadable_files == 0 ? ""
                      : s.unreadable_files == 1
                          ? ", 1 file unreadable"
                          : absl::StrCat(", ", s.unreadable_files, " files unreadable"));
}

int Run(const IndexFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return ReportError("index", analyzer.status());
  index::IndexFilesOptions options;
  options.format = flags.format;
  if (!flags.kind.empty()) {
    options.reader.default_kind = ingest::ParseKind(absl::AsciiStrToLower(flags.kind));
    if (!options.reader.default_kind.has_value()) {
      return ReportError(
          "index", absl::InvalidArgumentError(absl::StrCat(
                       "--kind \"", flags.kind, "\": expected call, news, member or cluster")));
    }
  }
  options.prune = flags.prune;
  options.writer.rebuild = flags.rebuild;
  options.writer.spelling = !flags.no_spelling;
  options.writer.batch_size = flags.batch_size;
  options.writer.build_parts = flags.parts;
  absl::StatusOr<index::IndexRunSummary> summary = index::IndexFiles(
      flags.db, flags.paths, **analyzer, options,
      [](const ingest::Diagnostic& d) { std::cerr << d.ToString() << '\n'; },
      [&](const index::FileSummary& s) {
        if (!flags.quiet) std::cerr << s.file << ": " << Counts(s) << '\n';
      });
  if (!summary.ok()) return ReportError("index", summary.status());
  if (!flags.quiet && !summary->skipped.empty()) {
    // One line per reason, files in path order.
    std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
    for (const index::SkippedFile& s : summary->skipped) {
      auto it = std::find_if(by_reason.begin(), by_reason.end(),
                             [&](const auto& r) { return r.first == s.reason; });
      if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {s.reason, {}});
      it->second.push_back(s.file);
    }
    for (const auto& [reason, files] : by_reason) {
      std::cerr << "skipped (" << reason << ", not a record source): " << absl::StrJoin(files, ", ")
                << '\n';
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!flags.quiet) {
    const size_t skipped = summary->skipped.size();
    std::cerr << absl::StrFormat("index %s: %d records in the index; this run: %s%s in %.2f s\n",
                                 flags.db, summary->doc_count, Counts(summary->total),
                                 skipped == 0   ? ""
                                 : skipped == 1 ? ", 1 file skipped"
                                                : absl::StrCat(", ", skipped, " files skipped"),
                                 seconds);
  }
  const index::FileSummary& total = summary->total;
  return total.rejected > 0 || total.unreadable_files > 0 ? kExitPartial : kExitOk;
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<IndexFlags>();
  app.add_option("--db", flags->db, "Index directory (created if missing)")->required();
  app.add_option("--format", flags->format, "Input format for every file (default: by extension)");
  app.add_option("--kind", flags->kind,
                 "Kind (call, news, member, cluster) of records that have no kind field or "
                 "column (after a mapping's [defaults] kind)");
  app.add_flag("--rebuild", flags->rebuild,
               "Build a fresh index and swap it in at the end (needed after an analyzer change)");
  app.add_flag("--prune", flags->prune,
               "The paths given are the whole corpus: delete the records of every other file "
               "indexed before");
  app.add_option("--batch-size", flags->batch_size, "Records per committed batch")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--parts", flags->parts,
                 "Write a new (or rebuilt) index as N parts in parallel, merged into one at the "
                 "end (default 0: one part per two cores, at most 4; 1: one writer)")
      ->check(CLI::Range(0, 64));
  app.add_flag("--no-spelling", flags->no_spelling, "Do not build the spelling dictionary");
  app.add_flag("-q,--quiet", flags->quiet, "Print only problems, no summaries");
  app.add_option("paths", flags->paths, "Files or folders to index")->required();
  app.footer(
      "In a folder, only record sources are read: READMEs and other documentation, JSON\n"
      "schemas, CSV/TSV files with no title, text or name column (and no mapping) and text\n"
      "files that are word lists are skipped, each named with its reason; a file given by\n"
      "name is always read.\n"
      "A record that a file given again no longer holds is deleted, unless another file has it;\n"
      "files not given are left alone without --prune.\n"
      "Exit status: 0 every record indexed; 3 some records rejected or files unreadable, or read\n"
      "only in part (the rest is committed);\n"
      "4 another writer holds the index lock; 5 an input does not exist; 2 bad usage; 1 other\n"
      "errors (the index keeps its last committed state).");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kIndexCommand, "index", "Index records from files and folders", Setup);

}  // namespace
}  // namespace meute::tools
