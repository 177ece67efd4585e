#include "tools/generated_feedback.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "corpora/generator/generator.h"
#include "ingest/reader.h"

namespace meute::tools {

nlohmann::ordered_json SimulationJson(const feedback::SimulationReport& report,
                                      const std::string& as_of, int k) {
  nlohmann::ordered_json j;
  j["as_of"] = as_of;
  j["k"] = k;
  j["partner_clusters"] = report.partner_clusters;
  j["call_clusters"] = report.call_clusters;
  j["answers"] = report.answers;
  j["control_cluster"] = report.control_cluster;
  j["control_unchanged"] = report.control_unchanged;
  j["weeks"] = nlohmann::ordered_json::array();
  for (const feedback::WeekFigures& w : report.weeks) {
    j["weeks"].push_back({{"week", w.week},
                          {"partners_none", w.partners_none},
                          {"partners_filter", w.partners_filter},
                          {"partners_rocchio", w.partners_rocchio},
                          {"calls_none", w.calls_none},
                          {"calls_filter", w.calls_filter},
                          {"calls_rocchio", w.calls_rocchio}});
  }
  return j;
}

absl::StatusOr<nlohmann::ordered_json> EvaluateGeneratedFeedback(
    const recommend::eval::EvalOptions& options, const ingest::Analyzer& analyzer, int64_t docs,
    uint64_t seed, std::ostream& log) {
  absl::StatusOr<std::vector<std::string>> files =
      ListInputFiles({options.corpus}, ingest::SupportedExtensions());
  if (!files.ok()) return files.status();
  std::vector<ingest::Document> records;
  for (const std::string& f : *files) {
    absl::StatusOr<ingest::ReadResult> r = ingest::ReadFile(f);
    if (!r.ok()) return r.status();
    for (ingest::Document& d : r->documents) records.push_back(std::move(d));
  }
  absl::StatusOr<std::unique_ptr<corpora::Generator>> gen = corpora::Generator::Create(records);
  if (!gen.ok()) return gen.status();

  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec) /
                                    absl::StrCat("meute-eval-gen-", getpid(), "-", seed);
  if (ec || !std::filesystem::create_directories(dir, ec)) {
    return absl::InternalError(absl::StrCat("cannot create \"", dir.string(), "\""));
  }
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  const std::string truth_path = (dir / "truth.tsv").string();
  {
    std::ofstream out(dir / "generated.jsonl", std::ios::binary);
    std::ofstream truth(truth_path, std::ios::binary);
    corpora::GeneratorOptions g;
    g.docs = docs;
    g.seed = seed;
    absl::StatusOr<uint64_t> bytes = (*gen)->Write(g, out, &truth);
    if (!bytes.ok()) return bytes.status();
    out.close();
    truth.close();
    if (!out || !truth) return absl::InternalError("writing the generated corpus failed");
  }
  absl::StatusOr<feedback::FeedbackTruth> truth = feedback::ReadConsortiumTruth(truth_path);
  if (!truth.ok()) return truth.status();
  recommend::eval::EvalOptions generated = options;
  generated.corpus = (dir / "generated.jsonl").string();
  absl::StatusOr<std::unique_ptr<recommend::eval::BundledCorpus>> corpus =
      recommend::eval::LoadBundledCorpus(generated, analyzer);
  if (!corpus.ok()) return corpus.status();
  feedback::SimulationOptions sim;
  sim.as_of = (*corpus)->as_of;
  absl::StatusOr<feedback::SimulationReport> report =
      feedback::SimulateFeedback(*(*corpus)->rec, *truth, sim);
  if (!report.ok()) return report.status();
  log << "Feedback on a generated corpus (meute gen --docs " << docs << " --seed " << seed
      << " --truth, " << sim.weeks << " weeks from " << sim.as_of << "):\n"
      << feedback::FormatSimulation(*report, sim.k);
  nlohmann::ordered_json j = SimulationJson(*report, sim.as_of, sim.k);
  j["docs"] = docs;
  j["seed"] = seed;
  return j;
}

}  // namespace meute::tools
