// meute digest: the weekly digest of one cluster or of every cluster, as
// Markdown, HTML, e-mail or JSON files, optionally piped to sendmail.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "digest/digest_assemble.h"
#include "digest/digest_calendar.h"
#include "digest/digest_delivery.h"
#include "digest/digest_evidence.h"
#include "digest/digest_feedback.h"
#include "feedback/sent_log.h"
#include "feedback/suggestion_id.h"
#include "ingest/analyzer.h"
#include "recommend/buyers.h"
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
  std::string picture = "auto";
  int closing_days = 30;
  std::string feedback_config;  // Default: DB/meute.feedback.toml.
  bool quiet = false;
  bool timings = false;
};

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

int Run(const DigestFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  auto usage = [](const char* why) {
    return ReportError("digest", absl::InvalidArgumentError(why));
  };
  if (flags.all == !flags.cluster.empty()) return usage("give either --cluster ID or --all");
  if (flags.out.empty() && flags.sendmail.empty()) {
    return usage("give --out DIR, --sendmail CMD or both");
  }
  const absl::StatusOr<digest::DigestFormat> format = digest::ParseDigestFormat(flags.format);
  if (!format.ok()) return ReportError("digest", format.status());
  if (!flags.sendmail.empty() && *format != digest::DigestFormat::kEmail) {
    return usage("--sendmail needs --format eml");
  }
  if (absl::Status s = flags.out.empty() ? absl::OkStatus() : digest::CreateOutputFolder(flags.out);
      !s.ok()) {
    return ReportError("digest", s);
  }
  absl::StatusOr<digest::IsoWeek> week = digest::DigestWeek(flags.week, TodayDate());
  if (!week.ok()) return ReportError("digest", week.status());
  const std::string week_end = digest::FormatDay(digest::IsoWeekMonday(*week) + 6);

  auto last = start;
  auto lap = [&](const char* what) {
    const auto now = std::chrono::steady_clock::now();
    if (flags.timings)
      std::cerr << absl::StrFormat("digest: %-28s %6.3f s\n", what, Seconds(now - last));
    last = now;
  };
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenWorkspace(flags.db);
  if (!ws.ok()) return ReportError("digest", ws.status());
  const absl::Status known = flags.all ? absl::OkStatus() : CheckClusterId(**ws, flags.cluster);
  if (!known.ok()) return ReportError("digest", known);
  lap("database, model, recommender");
  absl::StatusOr<recommend::ThemeRun> themes =
      digest::DigestThemes(*(*ws)->rec, flags.db, week_end, (*ws)->stored_themes.get());
  if (!themes.ok()) return ReportError("digest", themes.status());
  lap("themes");
  digest::RecommenderEvidence base(*(*ws)->rec, *std::move(themes));
  // Buyer needs answered by the members' own words (recommend/buyers.h).
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return ReportError("digest", analyzer.status());
  const recommend::BuyerMatcher buyers(**analyzer, (*ws)->rec->docs());
  base.SetBuyerMatcher(&buyers);
  const digest::DigestCorpus corpus(digest::RecommenderRecords(*(*ws)->rec));
  absl::StatusOr<digest::DigestFeedback> fb = digest::OpenDigestFeedback(
      base, corpus, *(*ws)->rec, flags.db, flags.feedback_config, flags.from);
  if (!fb.ok()) return ReportError("digest", fb.status());

  const std::vector<std::string> clusters =
      flags.all ? corpus.cluster_ids() : std::vector<std::string>{flags.cluster};
  digest::DigestOptions options;
  options.closing_window_days = flags.closing_days;
  options.feedback_links = fb->links;
  digest::DeliveryOptions delivery;
  delivery.format = *format;
  delivery.email.from = flags.from;
  delivery.email.to = flags.to;
  delivery.email.picture = flags.picture == "png"     ? digest::EmailOptions::Picture::kPng
                           : flags.picture == "table" ? digest::EmailOptions::Picture::kTable
                                                      : digest::EmailOptions::Picture::kAuto;
  delivery.out_dir = flags.out;
  delivery.sendmail = flags.sendmail;
  delivery.on_send_error = [](absl::string_view cluster, const absl::Status& s) {
    std::cerr << "meute digest: " << cluster << ": " << s.message() << '\n';
  };
  const int threads =
      static_cast<int>(std::min(4u, std::max(1u, std::thread::hardware_concurrency())));
  const std::vector<absl::StatusOr<digest::Digest>> digests =
      digest::AssembleDigests(corpus, *fb->evidence, clusters, *week, options, threads);
  const absl::StatusOr<digest::DeliveryReport> report =
      digest::DeliverDigests(clusters, digests, *week, delivery);
  if (!report.ok()) return ReportError("digest", report.status());
  // The ids each digest held, beside the answers: `meute feedback import`
  // accepts replies to these only.
  std::vector<feedback::SentDigest> sent;
  for (const absl::StatusOr<digest::Digest>& d : digests) {
    if (!d.ok()) continue;
    feedback::SentDigest s{d->week, d->today, d->cluster.id, {}};
    auto add = [&](feedback::SuggestionKind kind, const std::string& target) {
      s.ids.push_back(feedback::SuggestionId{d->cluster.id, kind, target}.ToString());
    };
    for (const digest::DigestCall& c : d->calls) add(feedback::SuggestionKind::kCall, c.id);
    for (const digest::DigestPartner& p : d->partners) {
      add(feedback::SuggestionKind::kPartner, p.cluster.id);
    }
    for (const digest::DigestBuyer& b : d->buyers) add(feedback::SuggestionKind::kBuyer, b.news_id);
    sent.push_back(std::move(s));
  }
  if (absl::Status s = feedback::RecordSent(feedback::SentLogPath(flags.db), sent); !s.ok()) {
    return ReportError("digest", s);
  }
  lap("digests");
  if (!flags.quiet) {
    std::cerr << digest::DeliverySummary(*week, *report, delivery,
                                         Seconds(std::chrono::steady_clock::now() - start));
  }
  // Each failed e-mail was reported once by on_send_error.
  return report->send_error.ok() ? kExitOk : kExitError;
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
      ->capture_default_str()
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
  app.add_option("--email-picture", flags->picture,
                 "E-mail picture: png (a cid: image drawn by librsvg), table (HTML table), or "
                 "auto (png when librsvg is installed, else table)")
      ->check(CLI::IsMember({"auto", "png", "table"}))
      ->capture_default_str();
  app.add_option("--closing-days", flags->closing_days,
                 "Deadlines within this many days are closing")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--feedback-config", flags->feedback_config,
                 "Feedback settings: expiry, answer links (default: DB/meute.feedback.toml)");
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
