// meute index: reads records from files and folders into a Xapian index.

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "index/index_files.h"
#include "index/indexer.h"
#include "ingest/analyzer.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct IndexFlags {
  std::string db;
  std::string format;
  std::vector<std::string> paths;
  bool rebuild = false;
  bool prune = false;
  bool no_spelling = false;
  bool quiet = false;
  int batch_size = index::kDefaultBatchSize;
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
  options.prune = flags.prune;
  options.writer.rebuild = flags.rebuild;
  options.writer.spelling = !flags.no_spelling;
  options.writer.batch_size = flags.batch_size;
  absl::StatusOr<index::IndexRunSummary> summary = index::IndexFiles(
      flags.db, flags.paths, **analyzer, options,
      [](const ingest::Diagnostic& d) { std::cerr << d.ToString() << '\n'; },
      [&](const index::FileSummary& s) {
        if (!flags.quiet) std::cerr << s.file << ": " << Counts(s) << '\n';
      });
  if (!summary.ok()) return ReportError("index", summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!flags.quiet) {
    std::cerr << absl::StrFormat("index %s: %d records in the index; this run: %s in %.2f s\n",
                                 flags.db, summary->doc_count, Counts(summary->total), seconds);
  }
  const index::FileSummary& total = summary->total;
  return total.rejected > 0 || total.unreadable_files > 0 ? kExitPartial : kExitOk;
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<IndexFlags>();
  app.add_option("--db", flags->db, "Index directory (created if missing)")->required();
  app.add_option("--format", flags->format, "Input format for every file (default: by extension)");
  app.add_flag("--rebuild", flags->rebuild,
               "Build a fresh index and swap it in at the end (needed after an analyzer change)");
  app.add_flag("--prune", flags->prune,
               "The paths given are the whole corpus: delete the records of every other file "
               "indexed before");
  app.add_option("--batch-size", flags->batch_size, "Records per committed batch")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--no-spelling", flags->no_spelling, "Do not build the spelling dictionary");
  app.add_flag("-q,--quiet", flags->quiet, "Print only problems, no summaries");
  app.add_option("paths", flags->paths, "Files or folders to index")->required();
  app.footer(
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
