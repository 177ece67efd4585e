// meute feedback: the answers of cluster managers to digest suggestions.
//   meute feedback --db DB --cluster C --reject partner:automotech --reason "..."
//   (--accept, --known, --undo KIND:TARGET), meute feedback --db DB list,
//   meute feedback --db DB import FILE... (mbox, Maildir, CSV, JSON Lines).
// Answers live in DB/meute.feedback.jsonl (feedback/feedback_store.h).

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/status_macros.h"
#include "feedback/feedback_store.h"
#include "feedback/recommender_feedback.h"
#include "feedback/reply_import.h"
#include "feedback/sent_log.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct FeedbackArgs {
  std::string db, cluster, reason, author, date;
  std::string accept, reject, known, undo;
  std::vector<std::string> files;
  CLI::App* list = nullptr;
  CLI::App* import = nullptr;
};

int Report(const feedback::StoreReport& r) {
  for (const std::string& e : r.errors) std::cerr << "meute feedback: " << e << '\n';
  std::cerr << "feedback: " << r.added << " stored, " << r.undone << " undone, " << r.duplicates
            << " already stored, " << r.errors.size() << " refused\n";
  return r.errors.empty() ? kExitOk : kExitPartial;
}

int Run(const FeedbackArgs& a) {
  feedback::FeedbackStore store(feedback::FeedbackPath(a.db));
  if (std::error_code ec; !std::filesystem::is_directory(a.db, ec)) {
    return ReportError("feedback", absl::NotFoundError("no database at " + a.db));
  }
  if (a.list->parsed()) {
    absl::StatusOr<std::vector<feedback::Answer>> all = store.Load();
    if (!all.ok()) return ReportError("feedback", all.status());
    std::cout << feedback::FormatAnswers(*all);
    return kExitOk;
  }
  const std::string date = a.date.empty() ? TodayDate() : a.date;
  if (absl::Status s = CheckDate("--date", date); !s.ok()) return ReportError("feedback", s);
  const std::string author = !a.author.empty()                ? a.author
                             : std::getenv("USER") != nullptr ? std::getenv("USER")
                                                              : "unknown";
  feedback::ImportResult replies;
  if (a.import->parsed()) {
    for (const std::string& file : a.files) {
      absl::StatusOr<feedback::ImportResult> r = feedback::ReadReplies(file);
      if (!r.ok()) return ReportError("feedback", r.status());
      replies.replies.insert(replies.replies.end(), r->replies.begin(), r->replies.end());
      replies.errors.insert(replies.errors.end(), r->errors.begin(), r->errors.end());
    }
  } else {
    const std::vector<std::pair<std::string, const std::string*>> verbs = {
        {"accept", &a.accept}, {"reject", &a.reject}, {"known", &a.known}, {"undo", &a.undo}};
    int given = 0;
    for (const auto& [verb, target] : verbs) {
      if (target->empty()) continue;
      ++given;
      absl::StatusOr<feedback::SuggestionId> id = feedback::ParseKindTarget(a.cluster, *target);
      if (!id.ok()) return ReportError("feedback", Annotate(id.status(), "--" + verb));
      feedback::Reply r;
      r.undo = verb == "undo";
      if (!r.undo) r.answer.verdict = *feedback::ParseVerdict(verb);
      r.answer = {0, *id, r.answer.verdict, date, author, a.reason, "cli", 0};
      replies.replies.push_back(std::move(r));
    }
    if (a.cluster.empty() || given != 1) {
      return ReportError("feedback", absl::InvalidArgumentError(
                                         "give --cluster C and one of --accept, --reject, "
                                         "--known, --undo KIND:TARGET (or list, or import FILE)"));
    }
  }
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenWorkspace(a.db);
  if (!ws.ok()) return ReportError("feedback", ws.status());
  // Replies (mail, forms) answer digests: their ids must be in one that
  // `meute digest` wrote or sent. An answer typed on the command line need not.
  absl::StatusOr<std::set<std::string>> sent = feedback::LoadSentIds(feedback::SentLogPath(a.db));
  if (!sent.ok()) return ReportError("feedback", sent.status());
  absl::StatusOr<feedback::StoreReport> report = feedback::StoreReplies(
      *(*ws)->rec, store, std::move(replies), a.import->parsed() ? &*sent : nullptr);
  if (!report.ok()) return ReportError("feedback", report.status());
  if (!a.import->parsed() && !report->errors.empty()) {
    return ReportError("feedback", absl::NotFoundError(report->errors.front()));
  }
  return Report(*report);
}

RunFn Setup(CLI::App& app) {
  auto a = std::make_shared<FeedbackArgs>();
  app.add_option("--db", a->db, "Database directory (answers: DB/meute.feedback.jsonl)")
      ->required();
  app.add_option("--cluster", a->cluster, "Cluster whose manager answers");
  app.add_option("--accept", a->accept, "KIND:TARGET found useful, e.g. partner:automotech");
  app.add_option("--reject", a->reject, "KIND:TARGET not relevant: hidden until it expires");
  app.add_option("--known", a->known, "KIND:TARGET already known: hidden until it expires");
  app.add_option("--undo", a->undo, "KIND:TARGET whose answer in force is cancelled");
  app.add_option("--reason", a->reason, "Why (free text)");
  app.add_option("--author", a->author, "Who answers (default: $USER)");
  app.add_option("--date", a->date, "Date of the answer, YYYY-MM-DD (default: today)");
  a->list = app.add_subcommand("list", "Print every stored answer (undone ones marked)");
  a->import = app.add_subcommand("import", "Store the answers of replies or a form export");
  a->import->add_option("FILE", a->files, "mbox file, Maildir folder, .csv or .jsonl")
      ->required()
      ->check(CLI::ExistingPath);
  app.footer(
      "KIND is partner, call or buyer. Exit status: 0 ok; 2 bad usage; 3 some replies refused\n"
      "(each named FILE:LINE, the others stored); 5 unknown cluster, target or database.");
  return [a] { return Run(*a); };
}

MEUTE_REGISTER_COMMAND(kFeedbackCommand, "feedback",
                       "Accept, reject or mark known a digest suggestion; list; import replies",
                       Setup);

}  // namespace
}  // namespace meute::tools
