// meute similar: records like a given one ("more like this").

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "index/search_render.h"
#include "index/searcher.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct SimilarFlags {
  std::string db;
  std::string id;
  std::vector<std::string> kinds;
  int limit = 10;
  int terms = 25;
  bool json = false;
  std::string format = "text";
};

int Run(const SimilarFlags& flags) {
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(flags.db);
  if (!searcher.ok()) return ReportError("similar", searcher.status());
  index::SimilarRequest request;
  request.id = flags.id;
  request.kinds = flags.kinds;
  request.limit = flags.limit;
  request.terms = flags.terms;
  absl::StatusOr<index::SimilarResponse> response = (*searcher)->Similar(request);
  if (!response.ok()) return ReportError("similar", response.status());
  const std::string format = flags.json ? "json" : flags.format;
  if (format == "json") {
    std::cout << index::SimilarToJson(request, *response);
  } else if (format == "csv") {
    std::cout << index::SimilarToCsv(*response);
  } else {
    std::cout << index::SimilarToText(*response, StdoutIsColorTerminal());
  }
  std::cout.flush();
  return std::cout.good() ? kExitOk : kExitError;
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<SimilarFlags>();
  app.add_option("--db", flags->db, "Index directory")->required();
  app.add_option("-k,--kind", flags->kinds,
                 "Only these kinds: cluster, member, call, news (repeatable)")
      ->allow_extra_args(false);
  app.add_option("-n,--limit", flags->limit, "Hits to show")->check(CLI::Range(0, 10000));
  app.add_option("--terms", flags->terms, "Terms taken from the record")->check(CLI::Range(1, 200));
  app.add_flag("--json", flags->json, "Same as --format json");
  app.add_option("--format", flags->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  app.add_option("id", flags->id, "Id of the record to find others like")->required();
  app.footer("Exit status: 0 ok; 5 no index or no record with that id; 2 usage; 1 other errors.");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kSimilarCommand, "similar",
                       "Records like a given one, with the terms they share", Setup);

}  // namespace
}  // namespace meute::tools
