// meute themes: transverse themes of the news and calls, with a stable id,
// a readable label, size, transversality, trend and top documents/clusters.

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct ThemesArgs {
  std::string db;
  std::string as_of;
  bool json = false;
  bool no_save = false;
};

int Run(const ThemesArgs& args) {
  const std::string as_of = args.as_of.empty() ? TodayDate() : args.as_of;
  if (absl::Status s = CheckDate("--as-of", as_of); !s.ok()) return ReportError("themes", s);
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenThemeWorkspace(args.db, as_of);
  if (!ws.ok()) return ReportError("themes", ws.status());
  absl::StatusOr<recommend::ThemeRun> run = RunThemes(**ws, as_of, !args.no_save);
  if (!run.ok()) return ReportError("themes", run.status());
  if (args.json) {
    nlohmann::ordered_json j;
    j["as_of"] = as_of;
    j["documents"] = run->documents;
    j["k"] = run->k;
    j["silhouette"] = run->silhouette;
    j["themes"] = nlohmann::ordered_json::array();
    for (const recommend::Theme& t : run->themes) {
      nlohmann::ordered_json e;
      e["id"] = t.id;
      e["label"] = ThemeLabel(t);
      e["terms"] = TermsJson(t.label);
      e["size"] = t.size;
      e["members"] = t.members;
      e["transversality"] = t.transversality;
      e["effective_clusters"] = t.effective_clusters;
      e["trend"] = {{"recent", t.trend.recent},
                    {"before", t.trend.before},
                    {"recent_share", t.trend.recent_share},
                    {"before_share", t.trend.before_share},
                    {"z", t.trend.z},
                    {"p_value", t.trend.p_value},
                    {"rising", t.trend.rising}};
      e["documents"] = nlohmann::ordered_json::array();
      for (const recommend::ThemeDocument& d : t.documents) {
        e["documents"].push_back(
            {{"id", d.id}, {"title", d.title}, {"date", d.date}, {"score", d.score}});
      }
      e["clusters"] = nlohmann::ordered_json::array();
      for (const recommend::ThemeCluster& c : t.clusters) {
        e["clusters"].push_back({{"id", c.id}, {"name", c.name}, {"share", c.share}});
      }
      j["themes"].push_back(std::move(e));
    }
    PrintJson(j);
    return kExitOk;
  }
  std::cout << absl::StrFormat("%d themes in %d news and calls up to %s (silhouette %.3f)\n",
                               run->k, run->documents, as_of, run->silhouette);
  for (const recommend::Theme& t : run->themes) {
    std::cout << absl::StrFormat("\n%s  %s\n", t.id, ThemeLabel(t));
    std::cout << absl::StrFormat(
        "    %d documents; transversality %.2f (%.1f clusters); trend %d recent vs %d before, "
        "z = %.2f, p = %.3g%s\n",
        t.size, t.transversality, t.effective_clusters, t.trend.recent, t.trend.before, t.trend.z,
        t.trend.p_value, t.trend.rising ? "  RISING" : "");
    std::cout << "    clusters:";
    for (const recommend::ThemeCluster& c : t.clusters) {
      std::cout << absl::StrFormat(" %s %.0f %%;", c.id, 100.0 * c.share);
    }
    std::cout << '\n';
    for (const recommend::ThemeDocument& d : t.documents) {
      std::cout << "    - " << d.date << "  " << d.title << " (" << d.id << ")\n";
    }
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kThemesCommand, "themes", "Transverse themes of news and calls: labels, spread, trend",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<ThemesArgs>();
      app.add_option("--db", args->db, "Database directory (with its model)")->required();
      app.add_option("--as-of", args->as_of,
                     "Date of the run: later documents are ignored (default: "
                     "today)");
      app.add_flag("--json", args->json, "Print JSON");
      app.add_flag("--no-save", args->no_save, "Do not save the theme ids for the next run");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
