// meute nightly: the unattended batch run (nightly/nightly.h), for cron and
// systemd timers (deploy/). On a terminal it draws a progress bar on stderr;
// otherwise it prints nothing but problems and one summary line (on stderr).
//
// Exit codes (tools/command.h): 0 ok; 1 the run stopped (the index keeps its
// last committed batch; the next run resumes); 2 bad command line or
// configuration; 3 partial (rejected records, or files unreadable or read
// only in part, everything else committed); 6 failed sources; 4 another run or writer holds the
// lock; 5 no such configuration file.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/make_dirs.h"
#include "nightly/config.h"
#include "nightly/nightly.h"
#include "nightly/progress.h"
#include "nightly/report.h"
#include "recommend/model_io.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

// Rejects listed on stderr; the report lists them all.
constexpr size_t kRejectsShown = 20;

struct NightlyArgs {
  std::string config;
  std::string report;
  bool rebuild = false;
  int shards = 0;
  bool no_progress = false;
};

// Refreshes the recommender model exactly as `meute model build --db INDEX
// --quiet [--k N] [--seed S]` does, through that registered command, so that
// the nightly model and a hand-built one never differ. Its errors are printed
// by the command itself ("meute model build: ...").
absl::StatusOr<std::string> RefreshModel(const nightly::NightlyConfig& config) {
  std::vector<std::string> args = {"build", "--quiet", "--db", config.index_path};
  if (config.model.dimensions.has_value()) {
    args.insert(args.end(), {"--k", std::to_string(*config.model.dimensions)});
  }
  if (config.model.seed.has_value()) {
    args.insert(args.end(), {"--seed", std::to_string(*config.model.seed)});
  }
  absl::StatusOr<int> code = RunRegisteredCommand("model", std::move(args));
  if (!code.ok()) return code.status();
  if (*code != kExitOk) {
    return absl::InternalError(absl::StrCat("`meute model build` failed with exit status ", *code));
  }
  return std::string("refreshed");
}

bool StderrIsTerminal() {
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") return false;
  return ::isatty(STDERR_FILENO) == 1;
}

int RunNightlyCommand(const NightlyArgs& args) {
  absl::StatusOr<nightly::NightlyConfig> config = nightly::LoadConfig(args.config);
  if (!config.ok()) return ReportError("nightly", config.status());

  nightly::ProgressCounters counters;
  nightly::RunOptions options;
  options.rebuild = args.rebuild;
  if (args.shards > 0) options.shards = args.shards;
  options.refresh_model = RefreshModel;
  options.model_is_current = [](const nightly::NightlyConfig& c) {
    const absl::StatusOr<uint32_t> version = recommend::ModelFileVersion(c.model.path);
    return version.ok() && *version == recommend::kModelFormatVersion;
  };
  std::unique_ptr<nightly::ProgressBar> bar;
  if (!args.no_progress && StderrIsTerminal()) {
    options.progress = &counters;
    bar = std::make_unique<nightly::ProgressBar>(&counters, stderr,
                                                 nightly::TerminalWidth(STDERR_FILENO));
  }
  nightly::RunReport report = nightly::RunNightly(*config, options);
  if (bar != nullptr) bar->Stop();

  const std::string report_path = args.report.empty() ? config->report : args.report;
  if (!report_path.empty()) {
    const std::string folder = std::filesystem::path(report_path).parent_path().string();
    absl::Status s = MakeDirs(folder);
    if (s.ok()) s = WriteFileAtomically(report_path, report.ToJson() + "\n");
    if (!s.ok()) {
      std::cerr << "meute nightly: writing the report: " << s.message() << '\n';
      if (report.exit_code == kExitOk) report.exit_code = kExitError;
    }
  }

  // Problems first, then the one summary line.
  for (const nightly::SourceReport& s : report.sources) {
    if (!s.ok)
      std::cerr << "meute nightly: source \"" << s.name << "\" failed: " << s.error << '\n';
  }
  for (size_t i = 0; i < report.rejects.size() && i < kRejectsShown; ++i) {
    const nightly::Reject& r = report.rejects[i];
    std::cerr << r.file;
    if (r.line > 0) std::cerr << ':' << r.line;
    std::cerr << ": " << r.message << '\n';
  }
  if (report.rejected > kRejectsShown) {
    std::cerr << "meute nightly: ... and " << report.rejected - kRejectsShown
              << " more rejected records"
              << (report_path.empty() ? " (--report FILE lists them all)" : " (see the report)")
              << '\n';
  }
  std::cerr << report.SummaryLine() << '\n';
  return report.exit_code;
}

MEUTE_REGISTER_COMMAND(
    kNightlyCommand, "nightly",
    "Pull every source of a configuration and index what changed (for cron/systemd)",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<NightlyArgs>();
      app.add_option("--config", args->config, "Configuration file (see deploy/meute.toml)")
          ->required();
      app.add_option("--report", args->report,
                     "Write the JSON run report here (default: [index] report)");
      app.add_flag("--rebuild", args->rebuild,
                   "Build a new index from every source and swap it in at the end");
      app.add_option("--shards", args->shards,
                     "Spread records over N databases (default: [index] shards; changing it "
                     "needs --rebuild)")
          ->check(CLI::Range(1, 256));
      app.add_flag("--no-progress", args->no_progress, "No progress bar, even on a terminal");
      app.footer(
          "Exit codes: 0 ok; 1 error (the index keeps its last committed batch); 2 bad "
          "command line or configuration; 3 partial (rejected records, or files unreadable or read "
          "only in part); 4 locked (another run "
          "or writer); 5 configuration file not found; 6 a source could not be read or "
          "fetched (named on stderr; the others ran).");
      return [args] { return RunNightlyCommand(*args); };
    });

}  // namespace
}  // namespace meute::tools
