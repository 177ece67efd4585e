// meute eval-feedback: a scripted manager per cluster answers its digests for
// a few weeks (accepting what corpora/eval/consortium.tsv holds, rejecting
// the rest); prints precision@k of partners and calls week after week, with
// no feedback, with filtering only and with filtering plus Rocchio, and
// checks that a cluster that never answers is unaffected
// (feedback/simulate.h). Nothing is written to the database.

#include <iostream>
#include <memory>
#include <string>

#include "feedback/simulate.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

#ifndef MEUTE_DEFAULT_CORPUS
#define MEUTE_DEFAULT_CORPUS "corpora/occitanie"
#endif

namespace meute::tools {
namespace {

struct EvalFeedbackArgs {
  std::string db;
  std::string truth;
  std::string as_of;
  std::string control;
  int weeks = 6;
  int k = 5;
  double weight = feedback::FeedbackOptions().weight;
};

int Run(const EvalFeedbackArgs& args) {
  std::string truth_path = args.truth;
  if (truth_path.empty()) {
    const std::string corpus = MEUTE_DEFAULT_CORPUS;
    truth_path = corpus.substr(0, corpus.rfind('/')) + "/eval/consortium.tsv";
  }
  absl::StatusOr<feedback::FeedbackTruth> truth = feedback::ReadConsortiumTruth(truth_path);
  if (!truth.ok()) return ReportError("eval-feedback", truth.status());
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenWorkspace(args.db);
  if (!ws.ok()) return ReportError("eval-feedback", ws.status());
  feedback::SimulationOptions options;
  options.as_of = args.as_of.empty() ? TodayDate() : args.as_of;
  options.weeks = args.weeks;
  options.k = args.k;
  options.control_cluster = args.control;
  options.feedback.weight = args.weight;
  absl::StatusOr<feedback::SimulationReport> report =
      feedback::SimulateFeedback(*(*ws)->rec, *truth, options);
  if (!report.ok()) return ReportError("eval-feedback", report.status());
  std::cout << feedback::FormatSimulation(*report, args.k);
  return report->control_unchanged ? kExitOk : kExitError;
}

MEUTE_REGISTER_COMMAND(
    kEvalFeedbackCommand, "eval-feedback",
    "Simulate managers answering digests for some weeks: precision@k with and without feedback",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<EvalFeedbackArgs>();
      app.add_option("--db", args->db, "Database directory (with its model)")->required();
      app.add_option("--truth", args->truth,
                     "Consortium ground truth (default: corpora/eval/consortium.tsv)");
      app.add_option("--as-of", args->as_of, "Day of the first digest (default: today)");
      app.add_option("--weeks", args->weeks, "Weeks simulated")->capture_default_str();
      app.add_option("--k", args->k, "Suggestions shown per list")->capture_default_str();
      app.add_option("--weight", args->weight, "Rocchio weight (FeedbackOptions::weight)")
          ->capture_default_str();
      app.add_option("--control", args->control,
                     "Cluster that never answers (default: the first judged one)");
      app.footer("Exit status: 0 ok; 1 if the control cluster's lists changed; 5 no database.");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
