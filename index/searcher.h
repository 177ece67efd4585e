// Searching a Meute index: the query language of query_parser.h analysed like
// the documents, BM25 ranking, filters, sorting, facets, snippets, spelling
// suggestions, synonyms, and "more like this".
//
// Thread safety: a Searcher is thread-compatible (Xapian databases are not
// thread-safe): use one per thread. It reopens the database by itself when a
// writer commits underneath it (DatabaseModifiedError) and retries.

#ifndef MEUTE_INDEX_SEARCHER_H_
#define MEUTE_INDEX_SEARCHER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "index/snippet.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"

namespace meute::index {

enum class SortOrder {
  kRelevance,  // BM25; newest first when the query has no words.
  kDate,       // Newest `date` first.
  kDeadline,   // Soonest deadline first; records without one last.
};

struct SearchRequest {
  std::string query;  // The query language of query_parser.h; may be empty.
  // Only these kinds ("call", "member", ...); empty = every kind.
  std::vector<std::string> kinds;
  int offset = 0;  // Hits to skip. Default: 0.
  int limit = 10;  // Hits to return. Default: 10.
  SortOrder sort = SortOrder::kRelevance;
  // Only calls whose deadline is on or after `as_of` (YYYY-MM-DD, required
  // with open_only); calls without a deadline are open.
  bool open_only = false;
  std::string as_of;
  bool facets = false;   // Count hits by kind, cluster, funder, source, month.
  int facet_limit = 10;  // Values per facet (months: the most recent ones).
  // With an implicit AND of several words, fill the page with records having
  // only some of the words (marked `relaxed`) when too few have them all.
  bool relax = true;
  // Suggest a correction for words the index lacks, and search it instead
  // when no record has every word.
  bool spelling = true;
  size_t snippet_bytes = 240;  // Snippet length; 0: no snippet.
};

// Where a hit of `meute similar --hybrid` stands in the two rankings fused
// (reciprocal rank fusion; recommend/similarity.h).
struct FusedRanks {
  int bm25_rank = 0;             // 1-based rank in Similar()'s BM25 list; 0: not in it.
  int cosine_rank = 0;           // 1-based rank among embedding neighbours; 0: not among them.
  std::optional<double> cosine;  // Embedding cosine with the source; empty if not in the model.
};

struct Hit {
  int rank = 0;  // 1-based, over the whole result list (offset included).
  std::string id;
  std::string kind;
  std::string title;
  std::string date;
  double score = 0;  // BM25 weight; 0 for filter-only queries.
  int percent = 0;   // Xapian's percentage of the best possible score.
  Snippet snippet;
  bool relaxed = false;                    // Has only some of the query's words.
  int collapsed = 0;                       // Near-duplicates of this record not listed.
  std::vector<std::string> matched_terms;  // Similar(): terms shared with the source.
  // Hybrid similar only; then `score` is the fused score.
  std::optional<FusedRanks> fused;
  ingest::Document record;
};

struct FacetValue {
  std::string value;
  uint64_t count = 0;
};

struct Facet {
  std::string name;                // "kind", "cluster", "funder", "source", "month".
  std::vector<FacetValue> values;  // By count (months: by month, newest first).
};

struct SearchResponse {
  std::string query;
  uint64_t total = 0;         // Matching records (strict + relaxed).
  bool total_exact = true;    // False when `total` is Xapian's estimate.
  uint64_t strict_total = 0;  // Records with every word.
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // Empty unless asked.
  std::string suggestion;     // "Did you mean" query; empty if none.
  // The query found nothing and `hits` are those of `suggestion` instead.
  bool corrected = false;
  std::vector<std::string> notices;     // Repairs and fallbacks, for the user.
  std::vector<std::string> expansions;  // Synonyms used.
  std::string explain;                  // The Xapian query, for --explain.
};

struct SimilarRequest {
  std::string id;  // The source record.
  int limit = 10;
  std::vector<std::string> kinds;  // Only these kinds; empty = every kind.
  int terms = 25;                  // Terms chosen from the source record.
  size_t snippet_bytes = 240;
};

struct SimilarTerm {
  std::string term;   // As written in the source record ("hydrogène").
  std::string stem;   // As indexed (no prefix).
  double weight = 0;  // Xapian's expand weight.
};

struct SimilarResponse {
  ingest::Document source;
  std::vector<SimilarTerm> terms;  // What the match used, best first.
  std::vector<Hit> hits;           // With matched_terms.
  uint64_t total = 0;
  // Hits fused with the embedding ranking (every hit has `fused`); `total` is
  // then the number of fused candidates.
  bool hybrid = false;
  int fusion_constant = 0;  // Hybrid: the k of reciprocal rank fusion.
  int fusion_depth = 0;     // Hybrid: candidates taken from each ranking.
};

struct SearcherOptions {
  // The analyzer; must outlive the Searcher. Default: null, the Searcher
  // creates its own.
  const ingest::Analyzer* analyzer = nullptr;
  // Use the synonyms shipped with Meute. Default: true.
  bool default_synonyms = true;
  // More synonym files (format in synonyms.h), added to the default ones.
  std::vector<std::string> synonym_files;
};

class Searcher {
 public:
  // `db_dir` may also be a list of shards, local paths and remote ones served
  // by xapian-tcpsrv: "idx/shard-000,tcp://10.0.0.2:7001" (index/shards.h).
  // kNotFound if there is no index at `db_dir`; kFailedPrecondition if it was
  // built with another analyzer or schema version; kInvalidArgument (with
  // FILE:LINE) for a bad synonyms file; kDataLoss if corrupt.
  static absl::StatusOr<std::unique_ptr<Searcher>> Open(absl::string_view db_dir,
                                                        const SearcherOptions& options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // kInvalidArgument for a bad field value or option (message names it);
  // bad syntax is repaired and reported in `notices`, never an error.
  absl::StatusOr<SearchResponse> Search(const SearchRequest& request);

  // Records like `request.id`: the source's most distinctive terms (Xapian
  // relevance feedback), searched with OR; the source and its near-duplicates
  // are left out. kNotFound if there is no record with that id.
  absl::StatusOr<SimilarResponse> Similar(const SimilarRequest& request);

  // The records with these ids as hits (rank 0, score 0), in the order given;
  // ids without a record are skipped. Snippets highlight `stems` (as indexed,
  // without prefix). kDataLoss if a stored record cannot be parsed.
  absl::StatusOr<std::vector<Hit>> Records(const std::vector<std::string>& ids,
                                           const std::vector<std::string>& stems = {},
                                           size_t snippet_bytes = 240);

  // The canonical names ("call", ...) of kinds as --kind takes them (aliases
  // such as "appel", comma lists). kInvalidArgument for an unknown kind.
  absl::StatusOr<std::vector<std::string>> KindNames(const std::vector<std::string>& kinds) const;

  uint64_t DocCount() const;
  const ingest::Analyzer& analyzer() const;

 private:
  struct Impl;  // Xapian objects stay out of this header.
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace meute::index

#endif  // MEUTE_INDEX_SEARCHER_H_
