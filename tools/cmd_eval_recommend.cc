// meute eval-recommend: the recommender against the TF-IDF and TF-IDF +
// glossary baselines, in one run (see recommend/eval/recommender_eval.h for
// the sets, the metrics and the held-out halves). The records are analysed in
// process exactly as the index exports them, so no database is needed.

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "feedback/simulate.h"
#include "ingest/analyzer.h"
#include "recommend/eval/recommender_eval.h"
#include "tools/command.h"
#include "tools/generated_feedback.h"
#include "tools/recommend_common.h"

#ifndef MEUTE_DEFAULT_CORPUS
#define MEUTE_DEFAULT_CORPUS "corpora/occitanie"
#endif

namespace meute::tools {
namespace {

struct EvalArgs {
  std::string corpus = MEUTE_DEFAULT_CORPUS;
  std::string truth;
  std::string data;
  int k = 128;
  uint64_t seed = 42;
  int64_t generated_docs = 0;
  uint64_t generated_seed = 1;
  bool json = false;
};

// The source tree the default corpus lies in ("." if it is elsewhere).
std::string SourceRoot() {
  const std::string corpus = MEUTE_DEFAULT_CORPUS;
  const std::string suffix = "/corpora/occitanie";
  if (corpus.size() > suffix.size() &&
      corpus.compare(corpus.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return corpus.substr(0, corpus.size() - suffix.size());
  }
  return ".";
}

// The Feedback section: `meute eval-feedback`'s simulation (scripted
// managers answering their digests week after week) on the bundled corpus,
// its first digest on the day after the newest news.
absl::StatusOr<nlohmann::ordered_json> EvaluateFeedback(const recommend::eval::EvalOptions& options,
                                                        const ingest::Analyzer& analyzer,
                                                        std::ostream& log) {
  absl::StatusOr<feedback::FeedbackTruth> truth = feedback::ReadConsortiumTruth(options.truth);
  if (!truth.ok()) return truth.status();
  absl::StatusOr<std::unique_ptr<recommend::eval::BundledCorpus>> corpus =
      recommend::eval::LoadBundledCorpus(options, analyzer);
  if (!corpus.ok()) return corpus.status();
  feedback::SimulationOptions sim;
  sim.as_of = (*corpus)->as_of;
  absl::StatusOr<feedback::SimulationReport> report =
      feedback::SimulateFeedback(*(*corpus)->rec, *truth, sim);
  if (!report.ok()) return report.status();
  log << "Feedback (" << sim.weeks << " weeks of scripted answers from " << sim.as_of
      << ", as meute eval-feedback):\n"
      << feedback::FormatSimulation(*report, sim.k);
  return SimulationJson(*report, sim.as_of, sim.k);
}

int Run(const EvalArgs& args) {
  recommend::eval::EvalOptions options;
  options.corpus = args.corpus;
  options.truth = !args.truth.empty() ? args.truth : SourceRoot() + "/corpora/eval/consortium.tsv";
  options.truth_readme = SourceRoot() + "/corpora/eval/README.md";
  options.buyers = SourceRoot() + "/corpora/eval/buyer-needs.tsv";
  options.glossary = DefaultGlossaryPath();
  options.boilerplate = DefaultBoilerplatePath();
  options.data = args.data;
  if (options.data.empty()) {
    const char* env = std::getenv("MEUTE_DATA_DIR");
    options.data = env != nullptr ? env : SourceRoot() + "/../shared/data";
  }
  options.k = args.k;
  options.seed = args.seed;
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return ReportError("eval-recommend", analyzer.status());
  std::ostringstream log;
  absl::StatusOr<nlohmann::ordered_json> out =
      recommend::eval::EvaluateAll(options, **analyzer, log);
  if (!out.ok()) return ReportError("eval-recommend", out.status());
  absl::StatusOr<nlohmann::ordered_json> fb = EvaluateFeedback(options, **analyzer, log);
  if (!fb.ok()) return ReportError("eval-recommend", fb.status());
  (*out)["feedback"] = *std::move(fb);
  if (args.generated_docs > 0) {
    absl::StatusOr<nlohmann::ordered_json> gen = EvaluateGeneratedFeedback(
        options, **analyzer, args.generated_docs, args.generated_seed, log);
    if (!gen.ok()) return ReportError("eval-recommend", gen.status());
    (*out)["feedback_generated"] = *std::move(gen);
  } else {
    log << "Feedback on a generated corpus: add --generated-docs 3000 (meute gen --truth; "
           "figures in doc/recommender.md)\n";
  }
  if (args.json) {
    PrintJson(*out);
  } else {
    std::cout << log.str();
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kEvalRecommendCommand, "eval-recommend",
    "Measure the recommender against TF-IDF baselines (bundled ground truth, Fonds vert, "
    "Wikinews keyphrases)",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<EvalArgs>();
      app.add_option("--corpus", args->corpus, "Bundled corpus folder")->capture_default_str();
      app.add_option("--truth", args->truth,
                     "Consortium ground truth (default: corpora/eval/consortium.tsv)");
      app.add_option("--data", args->data,
                     "Real public data folder (default: $MEUTE_DATA_DIR, else ../shared/data)");
      app.add_option("--k", args->k, "Dimensions of the embedding space")->capture_default_str();
      app.add_option("--seed", args->seed, "Seed of the randomized SVD")->capture_default_str();
      app.add_option("--generated-docs", args->generated_docs,
                     "Also simulate feedback on a generated corpus of this size (0: no)")
          ->check(CLI::Range(int64_t{0}, int64_t{1} << 24));
      app.add_option("--generated-seed", args->generated_seed, "Seed of that corpus")
          ->capture_default_str();
      app.add_flag("--json", args->json, "Print JSON");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
