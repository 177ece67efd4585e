// meute eval: measures search quality on judged queries (TREC formats).

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_util.h"
#include "index/eval.h"
#include "index/search_render.h"
#include "index/searcher.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct EvalFlags {
  std::string db;
  std::string queries;
  std::string qrels;
  int depth = 100;
  bool json = false;
  std::string format = "text";
  double fail_below = -1;
};

int Run(const EvalFlags& flags) {
  absl::StatusOr<std::string> topics_text = ReadFileToString(flags.queries);
  if (!topics_text.ok()) return ReportError("eval", topics_text.status());
  absl::StatusOr<std::vector<index::Topic>> topics =
      index::ParseTopics(*topics_text, flags.queries);
  if (!topics.ok()) return ReportError("eval", topics.status());
  absl::StatusOr<std::string> qrels_text = ReadFileToString(flags.qrels);
  if (!qrels_text.ok()) return ReportError("eval", qrels_text.status());
  absl::StatusOr<index::Qrels> qrels = index::ParseQrels(*qrels_text, flags.qrels);
  if (!qrels.ok()) return ReportError("eval", qrels.status());

  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(flags.db);
  if (!searcher.ok()) return ReportError("eval", WithIndexHint(searcher.status(), flags.db));
  index::EvalSummary summary;
  for (const index::Topic& t : *topics) {
    auto judged = qrels->find(t.id);
    bool any_relevant = false;
    if (judged != qrels->end()) {
      for (const auto& [doc, grade] : judged->second) any_relevant = any_relevant || grade > 0;
    }
    if (!any_relevant) {
      summary.skipped.push_back(t.id);
      continue;
    }
    index::SearchRequest request;
    request.query = t.query;
    request.limit = flags.depth;
    request.spelling = false;
    request.snippet_bytes = 16;
    absl::StatusOr<index::SearchResponse> response = (*searcher)->Search(request);
    if (!response.ok()) {
      return ReportError("eval", absl::Status(response.status().code(),
                                              absl::StrCat("query ", t.id, " (\"", t.query,
                                                           "\"): ", response.status().message())));
    }
    std::vector<std::string> ranked;
    for (const index::Hit& h : response->hits) ranked.push_back(h.id);
    index::QueryMetrics m = index::Evaluate(ranked, judged->second);
    m.id = t.id;
    m.query = t.query;
    summary.queries.push_back(std::move(m));
  }
  index::Summarize(&summary);
  const std::string format = flags.json ? "json" : flags.format;
  if (format == "json") {
    std::cout << index::EvalToJson(summary);
  } else if (format == "csv") {
    std::cout << index::EvalToCsv(summary);
  } else {
    std::cout << index::EvalToText(summary);
  }
  if (flags.fail_below >= 0 && summary.mean.ndcg10 < flags.fail_below) {
    std::cerr << absl::StrFormat("meute eval: mean nDCG@10 %.4f is below the floor %.4f\n",
                                 summary.mean.ndcg10, flags.fail_below);
    return kExitError;
  }
  return kExitOk;
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<EvalFlags>();
  app.add_option("--db", flags->db, "Index directory")->required();
  app.add_option("--queries", flags->queries, "Topics: one \"qid<TAB>query\" per line")->required();
  app.add_option("--qrels", flags->qrels, "TREC qrels: \"qid 0 docid grade\" per line")->required();
  app.add_option("--depth", flags->depth, "Hits retrieved per query")
      ->capture_default_str()
      ->check(CLI::Range(10, 10000));
  AddFormatOptions(app, &flags->json, &flags->format);
  app.add_option("--fail-below", flags->fail_below,
                 "Exit with status 1 when the mean nDCG@10 is below this floor");
  app.footer(
      "Measures: nDCG@10 (linear gains), MRR, recall@10 and P@5 per query and their mean over\n"
      "the queries that have a relevant document in the qrels.");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kEvalCommand, "eval", "Measure search quality on judged queries", Setup);

}  // namespace
}  // namespace meute::tools
