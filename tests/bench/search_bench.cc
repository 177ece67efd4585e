// Warm query latency of the Meute searcher, in process: opens the index once,
// runs every query once to warm the caches, then `--repeat` more times,
// timing each Search() call (query analysis, matching, snippets). Prints one
// JSON object; with --run, also writes the ranked ids in TREC run format.
//
//   meute_bench_search --db DIR --queries FILE [--repeat 5] [--limit 10] [--run FILE]
//
// FILE: "qid<TAB>query" lines (the `meute eval` topics format).

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/file_util.h"
#include "index/eval.h"
#include "index/searcher.h"

namespace {

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

// CPU time of this thread (user + system), in microseconds: what a query
// costs, without the waits of a machine shared with other jobs.
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, queries_path, run_path;
  int repeat = 5, limit = 10;
  bool snippets = true;
  bool verbose = false;
  CLI::App app{"Warm query latency of meute's searcher"};
  app.add_option("--db", db)->required();
  app.add_option("--queries", queries_path)->required();
  app.add_option("--repeat", repeat);
  app.add_option("--limit", limit);
  app.add_option("--run", run_path, "Write the ranked ids (TREC run format)");
  app.add_flag("!--no-snippets", snippets, "Time without making snippets");
  app.add_flag("--verbose", verbose, "Print each timed query's latency on stderr");
  CLI11_PARSE(app, argc, argv);

  absl::StatusOr<std::string> text = meute::ReadFileToString(queries_path);
  if (!text.ok()) {
    std::cerr << text.status() << '\n';
    return 1;
  }
  absl::StatusOr<std::vector<meute::index::Topic>> topics =
      meute::index::ParseTopics(*text, queries_path);
  if (!topics.ok()) {
    std::cerr << topics.status() << '\n';
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<meute::index::Searcher>> searcher =
      meute::index::Searcher::Open(db);
  if (!searcher.ok()) {
    std::cerr << searcher.status() << '\n';
    return 1;
  }
  const double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::ofstream run;
  if (!run_path.empty()) run.open(run_path);
  std::vector<double> micros, cpu_micros;
  uint64_t total_hits = 0;
  for (int pass = 0; pass <= repeat; ++pass) {
    for (const meute::index::Topic& t : *topics) {
      meute::index::SearchRequest r;
      r.query = t.query;
      r.limit = limit;
      r.snippet_bytes = snippets ? 240 : 0;
      const double cpu_start = ThreadCpuMicros();
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<meute::index::SearchResponse> resp = (*searcher)->Search(r);
      const double us =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count();
      const double cpu_us = ThreadCpuMicros() - cpu_start;
      if (!resp.ok()) {
        std::cerr << t.id << ": " << resp.status() << '\n';
        return 1;
      }
      if (pass == 0) {
        total_hits += resp->hits.size();
        if (run.is_open()) {
          for (const meute::index::Hit& h : resp->hits) {
            run << t.id << " Q0 " << h.id << ' ' << h.rank << ' ' << h.score << " meute\n";
          }
        }
        continue;  // Warm-up pass.
      }
      micros.push_back(us);
      cpu_micros.push_back(cpu_us);
      if (verbose) std::cerr << us << '\t' << cpu_us << '\t' << t.id << '\t' << t.query << '\n';
    }
  }
  nlohmann::json out = {{"engine", "meute"},
                        {"queries", topics->size()},
                        {"timed_runs", micros.size()},
                        {"open_ms", open_ms},
                        {"p50_us", Percentile(micros, 0.5)},
                        {"p99_us", Percentile(micros, 0.99)},
                        {"cpu_p50_us", Percentile(cpu_micros, 0.5)},
                        {"cpu_p99_us", Percentile(cpu_micros, 0.99)},
                        {"mean_hits", topics->empty() ? 0.0 : double(total_hits) / topics->size()}};
  std::cout << out.dump() << '\n';
  return 0;
}
