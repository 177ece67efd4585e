// meute similar: records like a given one ("more like this"), by BM25 alone
// or (--hybrid) fused with the recommender's embedding neighbours.

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "index/search_render.h"
#include "index/searcher.h"
#include "recommend/similarity.h"
#include "recommend/text_analysis.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct SimilarFlags : ListingFlags {
  std::string id;
  int terms = 25;
  bool hybrid = false;
};

// Candidates taken from each ranking before fusion (at least --limit).
constexpr int kHybridDepth = 100;

// Records sharing this key are near-duplicates of each other (as the index's
// collapse key: duplicate_of, or the record's own id).
const std::string& CollapseKey(const ingest::Document& r) {
  return r.duplicate_of.empty() ? r.id : r.duplicate_of;
}

// Fuses the BM25 "more like this" list with the embedding neighbours of the
// model beside the database (recommend::HybridSimilar) and turns the fused ids
// back into hits; the source's near-duplicates and records missing from the
// index (a stale model) are left out.
absl::StatusOr<index::SimilarResponse> HybridSimilar(index::Searcher& searcher,
                                                     index::SimilarRequest request,
                                                     const std::string& db) {
  absl::StatusOr<std::unique_ptr<recommend::Model>> model = LoadModelBeside(db);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::vector<std::string>> kinds = searcher.KindNames(request.kinds);
  if (!kinds.ok()) return kinds.status();
  const int limit = request.limit;
  const int depth = std::max(limit, kHybridDepth);
  request.limit = depth;
  absl::StatusOr<index::SimilarResponse> response = searcher.Similar(request);
  if (!response.ok()) return response.status();

  std::vector<std::string> bm25_ids;
  std::map<std::string, index::Hit> by_id;
  for (index::Hit& h : response->hits) {
    bm25_ids.push_back(h.id);
    by_id.emplace(h.id, std::move(h));
  }
  const std::set<std::string> kind_set(kinds->begin(), kinds->end());
  const auto keep = [&](const recommend::ModelItem& item) {
    return kind_set.empty() || kind_set.count(std::string(ingest::KindName(item.kind))) > 0;
  };
  // The source's stems are needed only when it is not in the model (indexed
  // after the model was built): HybridSimilar() then folds them in.
  ingest::TermVector source_terms;
  if ((*model)->FindItem(request.id) < 0) {
    source_terms = recommend::AnalyzeRecord(searcher.analyzer(), response->source);
  }
  const std::vector<recommend::HybridItem> fused = recommend::HybridSimilar(
      **model, request.id, source_terms.terms, response->source.lang, bm25_ids, depth, keep);

  std::vector<std::string> missing;
  for (const recommend::HybridItem& f : fused) {
    if (by_id.count(f.id) == 0) missing.push_back(f.id);
  }
  std::vector<std::string> stems;
  for (const index::SimilarTerm& t : response->terms) stems.push_back(t.stem);
  absl::StatusOr<std::vector<index::Hit>> more =
      searcher.Records(missing, stems, request.snippet_bytes);
  if (!more.ok()) return more.status();
  for (index::Hit& h : *more) by_id.emplace(h.id, std::move(h));

  std::vector<index::Hit> hits;
  std::map<std::string, size_t> shown;  // Collapse key -> position in `hits`.
  const std::string source_key = CollapseKey(response->source);
  for (const recommend::HybridItem& f : fused) {
    if (static_cast<int>(hits.size()) >= limit) break;
    auto it = by_id.find(f.id);
    if (it == by_id.end()) continue;  // In the model, no longer in the index.
    index::Hit& h = it->second;
    const std::string& key = CollapseKey(h.record);
    if (key == source_key) continue;
    if (auto s = shown.find(key); s != shown.end()) {
      ++hits[s->second].collapsed;
      continue;
    }
    if (!kind_set.empty() && kind_set.count(h.kind) == 0) continue;
    h.rank = static_cast<int>(hits.size()) + 1;
    h.score = f.score;
    h.percent = 0;
    h.fused = index::FusedRanks{f.bm25_rank, f.cosine_rank, std::nullopt};
    if (f.cosine.has_value()) h.fused->cosine = *f.cosine;
    shown.emplace(key, hits.size());
    hits.push_back(std::move(h));
  }
  response->hits = std::move(hits);
  response->total = fused.size();
  response->hybrid = true;
  response->fusion_constant = recommend::kRrfConstant;
  response->fusion_depth = depth;
  return response;
}

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
