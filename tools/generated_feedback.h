// The feedback simulation (feedback/simulate.h) on a corpus made by the
// generator (corpora/generator/generator.h) with its ground truth, in
// process: what `meute gen --truth`, `meute index`, `meute model build` and
// `meute eval-feedback` give, for meute eval-recommend's Feedback section.
//
// Thread safety: functions of their arguments; the temporary folder's name
// holds the process id and the seed.

#ifndef MEUTE_TOOLS_GENERATED_FEEDBACK_H_
#define MEUTE_TOOLS_GENERATED_FEEDBACK_H_

#include <cstdint>
#include <ostream>

#include <nlohmann/json.hpp>
#include "absl/status/statusor.h"
#include "feedback/simulate.h"
#include "ingest/analyzer.h"
#include "recommend/eval/recommender_eval.h"

namespace meute::tools {

// The report as eval-recommend's JSON: as_of, k, clusters judged, answers,
// control cluster and the figures week by week.
nlohmann::ordered_json SimulationJson(const feedback::SimulationReport& report,
                                      const std::string& as_of, int k);

// Generates `docs` records with `seed` from options.corpus (the bundled
// records) into a temporary folder, analyses them as LoadBundledCorpus()
// does, simulates feedback against the generated truth and logs the table.
// The folder is removed afterwards.
absl::StatusOr<nlohmann::ordered_json> EvaluateGeneratedFeedback(
    const recommend::eval::EvalOptions& options, const ingest::Analyzer& analyzer, int64_t docs,
    uint64_t seed, std::ostream& log);

}  // namespace meute::tools

#endif  // MEUTE_TOOLS_GENERATED_FEEDBACK_H_
