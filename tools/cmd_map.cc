// meute map: the regional map of clusters (links by shared themes and calls,
// pairs that never worked together yet) as one self-contained HTML page.

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "digest/digest_assemble.h"
#include "digest/digest_evidence.h"
#include "digest/regional_map.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct MapFlags {
  std::string db;
  std::string out;
  std::string as_of;
  int top_clusters = 3;
  double min_strength = digest::RegionalMapOptions().min_strength;
  bool quiet = false;
};

int Run(const MapFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  if (!flags.as_of.empty()) {
    if (absl::Status s = CheckDate("--as-of", flags.as_of); !s.ok()) return ReportError("map", s);
  }
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenWorkspace(flags.db);
  if (!ws.ok()) return ReportError("map", ws.status());
  const digest::DigestCorpus corpus(digest::RecommenderRecords(*(*ws)->rec));
  digest::RegionalMapOptions options;
  options.as_of = flags.as_of;
  options.call_top_clusters = flags.top_clusters;
  options.min_strength = flags.min_strength;
  if (options.as_of.empty()) options.as_of = digest::DefaultMapDate(corpus);
  absl::StatusOr<recommend::ThemeRun> themes =
      digest::DigestThemes(*(*ws)->rec, flags.db, options.as_of);
  if (!themes.ok()) return ReportError("map", themes.status());
  const digest::RecommenderEvidence evidence(*(*ws)->rec, *std::move(themes));
  absl::StatusOr<digest::RegionalMap> map = digest::BuildRegionalMap(corpus, evidence, options);
  if (!map.ok()) return ReportError("map", map.status());
  if (absl::Status s = WriteFileAtomically(flags.out, digest::RenderRegionalMapHtml(*map));
      !s.ok()) {
    return ReportError("map", Annotate(s, "writing the map"));
  }
  if (!flags.quiet) {
    int never = 0, linked = 0;
    for (const digest::MapLink& l : map->links) {
      never += l.worked_together ? 0 : 1;
      linked += l.linked ? 1 : 0;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << absl::StrFormat(
        "map %s: %d clusters, %d related pairs (%d never worked together), %d drawn "
        "(strength >= %.2f), as of %s, in %.2f s\n",
        flags.out, map->clusters.size(), map->links.size(), never, linked, map->min_strength,
        map->as_of, seconds);
  }
  return kExitOk;
}

RunFn Setup(CLI::App& app) {
  auto flags = std::make_shared<MapFlags>();
  app.add_option("--db", flags->db, "Database directory (with its model: meute model build)")
      ->required();
  app.add_option("--out", flags->out, "HTML file to write (replaced atomically)")->required();
  app.add_option(
      "--as-of", flags->as_of,
      "Date the map describes, YYYY-MM-DD (default: the latest news date in the database)");
  app.add_option("--call-top", flags->top_clusters,
                 "A call links the clusters ranked among its N best")
      ->check(CLI::Range(2, 16))
      ->capture_default_str();
  app.add_option("--min-strength", flags->min_strength,
                 "Link (draw) only the pairs whose strength is at least this, 0..1")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_flag("-q,--quiet", flags->quiet, "No summary on stderr");
  return [flags] { return Run(*flags); };
}

MEUTE_REGISTER_COMMAND(kMapCommand, "map",
                       "Regional map of clusters: links, shared themes, pairs to bring together",
                       Setup);

}  // namespace
}  // namespace meute::tools
