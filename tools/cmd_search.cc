// meute search: queries an index (query language in index/query_parser.h).

#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "index/search_render.h"
#include "index/searcher.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct SearchFlags : ListingFlags {
  std::vector<std::string> words;
  int offset = 0;
  std::string sort = "relevance";
  bool open = false;
  std::string as_of;
  bool facets = false;
  std::vector<std::string> synonyms;
  bool no_default_synonyms = false;
  bool no_relax = false;
  bool explain = false;
};

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return absl::StrFormat("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int Run(const SearchFlags& flags) {
  index::SearcherOptions options;
  options.default_synonyms = !flags.no_default_synonyms;
  options.synonym_files = flags.synonyms;
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher =
      index::Searcher::Open(flags.db, options);
  if (!searcher.ok()) return ReportError("search", WithIndexHint(searcher.status(), flags.db));

  index::SearchRequest request;
  request.query = absl::StrJoin(flags.words, " ");
  request.kinds = flags.kinds;
  request.limit = flags.limit;
  request.offset = flags.offset;
  request.sort = flags.sort == "date"       ? index::SortOrder::kDate
                 : flags.sort == "deadline" ? index::SortOrder::kDeadline
                                            : index::SortOrder::kRelevance;
  request.open_only = flags.open;
  request.as_of = flags.as_of.empty() ? Today() : flags.as_of;
  request.facets = flags.facets;
  request.relax = !flags.no_relax;
  absl::StatusOr<index::SearchResponse> response = (*searcher)->Search(request);
  if (!response.ok()) return ReportError("search", response.status());
  if (flags.explain) std::cerr << "query: " << response->explain << '\n';
  return PrintListing(
      flags, [&] { return index::SearchToJson(request, *response); },
      [&] { return index::SearchToCsv(*response); },
      [&](bool color) { return index::SearchToText(request, *response, color); });
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<SearchFlags>();
  AddListingOptions(app, flags.get());
  app.add_option("--offset", flags->offset, "Hits to skip")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--sort", flags->sort,
                 "relevance, date (newest first) or deadline (soonest first)")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "date", "deadline"}));
  app.add_flag("--open", flags->open, "Only calls whose deadline is not past");
  app.add_option("--as-of", flags->as_of, "Date for --open, YYYY-MM-DD (default: today)");
  app.add_flag("--facets", flags->facets, "Count hits by kind, cluster, funder, source, month");
  app.add_option("--synonyms", flags->synonyms,
                 "More synonyms (see corpora/synonyms.txt; repeatable)")
      ->allow_extra_args(false);
  app.add_flag("--no-default-synonyms", flags->no_default_synonyms,
               "Do not use the synonyms shipped with meute");
  app.add_flag("--no-relax", flags->no_relax,
               "Never fill the page with records that have only some of the words");
  app.add_flag("--explain", flags->explain, "Print the Xapian query on stderr");
  app.add_option("query", flags->words, "Query words (see doc/formats.md, \"Query language\")");
  app.footer(
      "Query language: words (all required), OR, NOT or -word, +word, \"a phrase\", (groups),\n"
      "titre:/title:, type:/kind:, cluster:, financeur:/funder:, source:, lang:, theme:,\n"
      "ville:/city:, taille:/size:, id:, date:2026-01..2026-03, echeance:..2026-12-31,\n"
      "budget:100k..1M, robot* (prefix).\n"
      "A query word that starts with a dash is a NOT, never an option: -hydrogene (options\n"
      "-k/-n take their value after a space, or glued if a number: -n5); -- ends the options.\n"
      "Exit status: 0 ok (even with no hits); 2 bad query or usage; 5 no index; 1 other errors.");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kSearchCommand, "search", "Search an index", Setup);

}  // namespace
}  // namespace meute::tools
