// meute gen: writes a synthetic corpus learnt from the bundled one, for
// benchmarks at 10k–1M documents.

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/file_util.h"
#include "corpora/generator/generator.h"
#include "ingest/reader.h"
#include "tools/command.h"

#ifndef MEUTE_DEFAULT_CORPUS
#define MEUTE_DEFAULT_CORPUS "corpora/occitanie"
#endif

namespace meute::tools {
namespace {

struct GenArgs {
  int64_t docs = 10000;
  uint64_t seed = 1;
  std::string out = "-";
  std::string truth;
  std::vector<std::string> corpus{MEUTE_DEFAULT_CORPUS};
  int min_words = 150;
  int max_words = 800;
};

int RunGen(const GenArgs& args) {
  if (args.min_words < 1 || args.max_words < args.min_words) {
    return ReportError("gen", absl::InvalidArgumentError("need 1 <= --min-words <= --max-words"));
  }
  absl::StatusOr<std::vector<std::string>> files =
      ListInputFiles(args.corpus, ingest::SupportedExtensions());
  if (!files.ok()) return ReportError("gen", files.status());
  std::vector<ingest::Document> records;
  for (const std::string& f : *files) {
    absl::StatusOr<ingest::ReadResult> r = ingest::ReadFile(f);
    if (!r.ok()) return ReportError("gen", r.status());
    for (ingest::Document& d : r->documents) records.push_back(std::move(d));
  }
  absl::StatusOr<std::unique_ptr<corpora::Generator>> gen = corpora::Generator::Create(records);
  if (!gen.ok()) return ReportError("gen", gen.status());

  corpora::GeneratorOptions options;
  options.docs = args.docs;
  options.seed = args.seed;
  options.min_words = args.min_words;
  options.max_words = args.max_words;
  std::ofstream truth;
  if (!args.truth.empty()) {
    truth.open(args.truth, std::ios::binary | std::ios::trunc);
    if (!truth) {
      return ReportError("gen",
                         absl::NotFoundError(absl::StrFormat("cannot write \"%s\"", args.truth)));
    }
  }
  std::ostream* truth_out = args.truth.empty() ? nullptr : &truth;
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<uint64_t> bytes;
  if (args.out == "-") {
    bytes = (*gen)->Write(options, std::cout, truth_out);
  } else {
    std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
    if (!out) {
      return ReportError("gen",
                         absl::NotFoundError(absl::StrFormat("cannot write \"%s\"", args.out)));
    }
    bytes = (*gen)->Write(options, out, truth_out);
    out.close();
    if (bytes.ok() && !out) bytes = absl::InternalError("closing the output failed");
  }
  if (truth_out != nullptr) {
    truth.close();
    if (bytes.ok() && !truth) bytes = absl::InternalError("closing the ground truth failed");
  }
  if (!bytes.ok()) return ReportError("gen", bytes.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << absl::StrFormat("meute gen: %d records, %.1f MB in %.2f s (%.0f MB/s)\n", args.docs,
                               static_cast<double>(*bytes) / 1e6, secs,
                               static_cast<double>(*bytes) / 1e6 / std::max(secs, 1e-9));
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(kGenCommand, "gen",
                       "Generate a synthetic corpus (JSON Lines) for benchmarks",
                       [](CLI::App& app) -> RunFn {
                         auto args = std::make_shared<GenArgs>();
                         app.add_option("--docs", args->docs, "Number of records")
                             ->check(CLI::Range(int64_t{0}, int64_t{1} << 40))
                             ->capture_default_str();
                         app.add_option("--seed", args->seed, "Random seed: same seed, same bytes")
                             ->capture_default_str();
                         app.add_option("--out", args->out, "Output file (\"-\": standard output)")
                             ->capture_default_str();
                         app.add_option("--truth", args->truth,
                                        "Also write the calls' consortium ground truth (TSV, "
                                        "as corpora/eval/consortium.tsv) to this file");
                         app.add_option("--corpus", args->corpus,
                                        "Files or folders the vocabulary is learnt from")
                             ->capture_default_str();
                         app.add_option("--min-words", args->min_words, "Shortest text, in words")
                             ->capture_default_str();
                         app.add_option("--max-words", args->max_words, "Longest text, in words")
                             ->capture_default_str();
                         return [args] { return RunGen(*args); };
                       });

}  // namespace
}  // namespace meute::tools
