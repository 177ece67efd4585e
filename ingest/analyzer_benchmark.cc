// Analyzer throughput on the bundled corpus, against Xapian's own
// TermGenerator (French stemmer, positions) as the floor any Xapian indexer
// pays. Run: build with -DMEUTE_BUILD_BENCHMARKS=ON, then
//   MEUTE_SOURCE_DIR=. ./build/ingest/meute_analyzer_benchmark

#include <benchmark/benchmark.h>
#include <xapian.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "ingest/analyzer.h"
#include "ingest/reader.h"

namespace meute::ingest {
namespace {

const std::vector<std::string>& Texts() {
  static const auto* texts = [] {
    auto* out = new std::vector<std::string>();
    const char* src = std::getenv("MEUTE_SOURCE_DIR");
    const std::string dir = std::string(src != nullptr ? src : ".") + "/corpora/occitanie";
    absl::StatusOr<std::vector<std::string>> files = ListInputFiles({dir}, SupportedExtensions());
    if (!files.ok()) return out;
    for (const std::string& f : *files) {
      absl::StatusOr<ReadResult> r = ReadFile(f);
      if (!r.ok()) continue;
      for (const Document& d : r->documents) out->push_back(d.title + "\n" + d.text);
    }
    return out;
  }();
  return *texts;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const std::string& t : Texts()) n += static_cast<int64_t>(t.size());
  return n;
}

void BM_MeuteAnalyzer(benchmark::State& state) {
  auto analyzer = Analyzer::Create();
  if (!analyzer.ok() || Texts().empty()) {
    state.SkipWithError("no analyzer or no corpus");
    return;
  }
  for (auto _ : state) {
    for (const std::string& t : Texts()) {
      std::vector<Token> tokens = (*analyzer)->Analyze(t, Language::kFrench);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Texts().size()));
}
BENCHMARK(BM_MeuteAnalyzer)->Unit(benchmark::kMillisecond);

void BM_XapianTermGenerator(benchmark::State& state) {
  if (Texts().empty()) {
    state.SkipWithError("no corpus");
    return;
  }
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("french"));
  for (auto _ : state) {
    for (const std::string& t : Texts()) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(t);
      benchmark::DoNotOptimize(doc.termlist_count());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Texts().size()));
}
BENCHMARK(BM_XapianTermGenerator)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace meute::ingest
