// meute digest: the weekly digest of one cluster or of every cluster, as
// Markdown, HTML, e-mail or JSON files, optionally piped to sendmail.

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "digest/digest_assemble.h"
#include "digest/digest_calendar.h"
#include "digest/digest_evidence.h"
#include "digest/digest_render.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct DigestFlags {
  std::string db;
  std::string week;
  std::string cluster;
  bool all = false;
  std::string format = "html";
  std::string out;
  std::string sendmail;
  std::string from = digest::EmailOptions().from;
  std::string to = digest::EmailOptions().to;
  int closing_days = 30;
  bool quiet = false;
  bool timings = false;
};

std::string Extension(const std::string& format) {
  if (format == "md") return "md";
  if (format == "eml") return "eml";
  if (format == "json") return "json";
  return "html";
}

absl::StatusOr<std::string> Render(const digest::Digest& d, const std::string& format,
                                   const digest::EmailOptions& email) {
  if (format == "md") return digest::RenderDigestMarkdown(d);
  if (format == "html") return digest::RenderDigestHtml(d);
  if (format == "json") return digest::DigestToJson(d);
  return digest::RenderDigestEmail(d, email);
}

// Pipes `message` to `command` (through /bin/sh), with LF line ends as local
// mail commands expect. kInternal if the command cannot start, stops reading
// early or exits non-zero. SIGPIPE is ignored while writing, so a command that
// exits without reading is an error, not the death of the whole run.
absl::Status Pipe(const std::string& command, const std::string& message) {
  std::FILE* pipe = ::popen(command.c_str(), "w");
  if (pipe == nullptr) {
    return absl::InternalError(absl::StrCat("cannot run sendmail command \"", command, "\""));
  }
  // After popen, so that the command does not inherit the ignored signal.
  struct sigaction ignore = {}, previous = {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  absl::Cleanup restore = [&previous] { ::sigaction(SIGPIPE, &previous, nullptr); };
  const std::string lf = absl::StrReplaceAll(message, {{"\r\n", "\n"}});
  size_t written = std::fwrite(lf.data(), 1, lf.size(), pipe);
  if (std::fflush(pipe) != 0) written = 0;
  const int status = ::pclose(pipe);
  if (written != lf.size() || status != 0) {
    return absl::InternalError(
        absl::StrCat("sendmail command \"", command, "\" failed (status ", status, ")"));
  }
  return absl::OkStatus();
}

int Run(const DigestFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  if (flags.all == !flags.cluster.empty()) {
    return ReportError("digest", absl::InvalidArgumentError("give either --cluster ID or --all"));
  }
  if (flags.out.empty() && flags.sendmail.empty()) {
    return ReportError("digest",
                       absl::InvalidArgumentError("give --out DIR, --sendmail CMD or both"));
  }
  if (!flags.sendmail.empty() && flags.format != "eml") {
    return ReportError("digest", absl::InvalidArgumentError("--sendmail needs --format eml"));
  }
  if (!flags.out.empty()) {
    std::error_code error;
    std::filesystem::create_directories(flags.out, error);
    if (error) {
      return ReportError(
          "digest", absl::InvalidArgumentError(absl::StrCat("cannot create --out \"", flags.out,
                                                            "\": ", error.message())));
    }
  }
  digest::IsoWeek week;
  if (flags.week.empty()) {
    week = digest::IsoWeekOf(*digest::ParseDay(TodayDate()));
  } else {
    absl::StatusOr<digest::IsoWeek> parsed = digest::ParseIsoWeek(flags.week);
    if (!parsed.ok()) return ReportError("digest", parsed.status());
    week = *parsed;
  }
  const digest::DayNumber monday = digest::IsoWeekMonday(week);
  const std::string week_end = digest::FormatDay(monday + 6);

  auto last = start;
  auto lap = [&](const char* what) {
    const auto now = std::chrono::steady_clock::now();
    if (flags.timings) {
      std::cerr << absl::StrFormat("digest: %-28s %6.3f s\n", what,
                                   std::chrono::duration<double>(now - last).count());
    }
    last = now;
  };
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenWorkspace(flags.db);
  if (!ws.ok()) return ReportError("digest", ws.status());
  lap("database, model, recommender");
  absl::StatusOr<recommend::ThemeRun> themes =
      digest::DigestThemes(*(*ws)->rec, flags.db, week_end);
  if (!themes.ok()) return ReportError("digest", themes.status());
  lap("themes");
  const digest::RecommenderEvidence evidence(*(*ws)->rec, *std::move(themes));
  const digest::DigestCorpus corpus(digest::RecommenderRecords(*(*ws)->rec));

  std::vector<std::string> clusters;
  if (flags.all) {
    clusters = corpus.cluster_ids();
  } else {
    clusters.push_back(flags.cluster);
  }
  digest::DigestOptions options;
  options.closing_window_days = flags.closing_days;
  digest::EmailOptions email;
  email.from = flags.from;
  email.to = flags.to;

  const int threads =
      static_cast<int>(std::min(4u, std::max(1u, std::thread::hardware_concurrency())));
  const std::vector<absl::StatusOr<digest::Digest>> digests =
      digest::AssembleDigests(corpus, evidence, clusters, week, options, threads);
  int written = 0, sent = 0;
  absl::Status first_error;
  for (size_t i = 0; i < clusters.size(); ++i) {
    const std::string& cluster = clusters[i];
    const absl::StatusOr<digest::Digest>& digest = digests[i];
    if (!digest.ok()) return ReportError("digest", digest.status());
    absl::StatusOr<std::string> bytes = Render(*digest, flags.format, email);
    if (!bytes.ok()) return ReportError("digest", bytes.status());
    if (!flags.out.empty()) {
      const std::string path = absl::StrCat(flags.out, "/", digest::FormatIsoWeek(week), "-",
                                            cluster, ".", Extension(flags.format));
      if (absl::Status s = WriteFileAtomically(path, *bytes); !s.ok()) {
        return ReportError("digest", Annotate(s, "writing the digest"));
      }
      ++written;
    }
    if (!flags.sendmail.empty()) {
      if (absl::Status s = Pipe(flags.sendmail, *bytes); !s.ok()) {
        std::cerr << "meute digest: " << cluster << ": " << s.message() << '\n';
        if (first_error.ok()) first_error = s;
        continue;
      }
      ++sent;
    }
  }
  lap("digests");
  if (!flags.quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << absl::StrFormat("digest %s: %d %s written", digest::FormatIsoWeek(week), written,
                                 written == 1 ? "digest" : "digests");
    if (!flags.out.empty()) std::cerr << " to " << flags.out;
    if (!flags.sendmail.empty()) std::cerr << ", " << sent << " sent";
    std::cerr << absl::StrFormat(" in %.2f s\n", seconds);
  }
  return first_error.ok() ? kExitOk : ReportError("digest", first_error);
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<DigestFlags>();
  app.add_option("--db", flags->db, "Database directory (with its model: meute model build)")
      ->required();
  app.add_option("--week", flags->week,
                 "ISO week, e.g. 2026-W48; its Monday is the digest's today (default: this week)");
  auto* cluster =
      app.add_option("--cluster", flags->cluster, "Cluster id (see the clusters records)");
  auto* all = app.add_flag("--all", flags->all, "One digest per cluster");
  cluster->excludes(all);
  app.add_option("--format", flags->format, "md, html, eml or json")
      ->check(CLI::IsMember({"md", "html", "eml", "json"}));
  app.add_option(
      "--out", flags->out,
      "Directory for the files (created if missing; WEEK-CLUSTER.EXT, replaced atomically)");
  app.add_option("--sendmail", flags->sendmail,
                 "Pipe each e-mail to this shell command, e.g. \"/usr/sbin/sendmail -t -i\" "
                 "(needs --format eml)");
  app.add_option("--from", flags->from, "From: mailbox")->capture_default_str();
  app.add_option("--to", flags->to, "To: mailbox; {cluster} and {name} are replaced")
      ->capture_default_str();
  app.add_option("--closing-days", flags->closing_days,
                 "Deadlines within this many days are closing")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("-q,--quiet", flags->quiet, "No summary on stderr");
  app.add_flag("--timings", flags->timings, "Print the time of each phase on stderr");
  app.footer(
      "Deterministic: the same week and database give the same bytes. Exit status: 0 ok; 2 bad\n"
      "usage; 5 no such database or cluster; 1 other errors (a failed --sendmail included).");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kDigestCommand, "digest",
                       "Weekly digest of a cluster: calls, partners, themes, buyers, news", Setup);

}  // namespace
}  // namespace meute::tools
