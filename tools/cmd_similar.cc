// meute similar: records like a given one ("more like this"), by BM25 alone
// or (--hybrid) fused with the recommender's embedding neighbours.

#include <memory>
#include <string>

#include "index/search_render.h"
#include "index/searcher.h"
#include "tools/command.h"
#include "tools/hybrid_similar.h"

namespace meute::tools {
namespace {

struct SimilarFlags : ListingFlags {
  std::string id;
  int terms = 25;
  bool hybrid = false;
};

int Run(const SimilarFlags& flags) {
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(flags.db);
  if (!searcher.ok()) return ReportError("similar", WithIndexHint(searcher.status(), flags.db));
  index::SimilarRequest request;
  request.id = flags.id;
  request.kinds = flags.kinds;
  request.limit = flags.limit;
  request.terms = flags.terms;
  absl::StatusOr<index::SimilarResponse> response =
      flags.hybrid ? HybridSimilar(**searcher, request, flags.db) : (*searcher)->Similar(request);
  if (!response.ok()) return ReportError("similar", response.status());
  return PrintListing(
      flags, [&] { return index::SimilarToJson(request, *response); },
      [&] { return index::SimilarToCsv(*response); },
      [&](bool color) { return index::SimilarToText(*response, color); });
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<SimilarFlags>();
  AddListingOptions(app, flags.get());
  app.add_option("--terms", flags->terms, "Terms taken from the record")
      ->capture_default_str()
      ->check(CLI::Range(1, 200));
  app.add_flag("--hybrid", flags->hybrid,
               "Fuse BM25 with the embedding cosine of the model beside the database "
               "(reciprocal rank fusion, k = 60); needs `meute model build`");
  app.add_option("id", flags->id, "Id of the record to find others like")->required();
  app.footer(
      "Exit status: 0 ok; 5 no index or no record with that id; 2 usage; 1 other errors "
      "(--hybrid without a model: run `meute model build --db DIR`).");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kSimilarCommand, "similar",
                       "Records like a given one, with the terms they share", Setup);

}  // namespace
}  // namespace meute::tools
