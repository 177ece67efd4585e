// meute partners: other clusters related to, but complementary with, one
// cluster, ranked by the open calls and rising themes they could answer
// together, with the reasons.

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct PartnersArgs {
  std::string db;
  std::string cluster;
  std::string as_of;
  int limit = 5;
  bool json = false;
};

int Run(const PartnersArgs& args) {
  const std::string as_of = args.as_of.empty() ? TodayDate() : args.as_of;
  if (absl::Status s = CheckDate("--as-of", as_of); !s.ok()) return ReportError("partners", s);
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws = OpenThemeWorkspace(args.db, as_of);
  if (!ws.ok()) return ReportError("partners", ws.status());
  if (absl::Status s = CheckClusterId(**ws, args.cluster); !s.ok())
    return ReportError("partners", s);
  std::vector<recommend::ThemeSignal> rising;
  absl::StatusOr<recommend::ThemeRun> themes = RunThemes(**ws, as_of, /*save=*/false);
  if (themes.ok()) {
    rising = RisingThemes(*themes);
  } else if (themes.status().code() != absl::StatusCode::kInvalidArgument) {
    return ReportError("partners", themes.status());
  }
  absl::StatusOr<std::vector<recommend::Partner>> partners = (*ws)->rec->PartnersForCluster(
      args.cluster, as_of, rising, static_cast<size_t>(std::max(0, args.limit)));
  if (!partners.ok()) return ReportError("partners", partners.status());
  if (args.limit > 0 && partners->size() > static_cast<size_t>(args.limit)) {
    partners->resize(static_cast<size_t>(args.limit));
  }
  if (args.json) {
    nlohmann::ordered_json j;
    j["cluster"] = args.cluster;
    j["as_of"] = as_of;
    j["partners"] = nlohmann::ordered_json::array();
    for (const recommend::Partner& p : *partners) {
      nlohmann::ordered_json e;
      e["id"] = p.cluster_id;
      e["name"] = p.name;
      e["score"] = p.score;
      e["relatedness"] = p.relatedness;
      e["evidence"] = p.evidence;
      e["calls"] = nlohmann::ordered_json::array();
      for (const recommend::PartnerCall& c : p.calls) {
        e["calls"].push_back({{"id", c.call_id},
                              {"title", c.title},
                              {"deadline", c.deadline},
                              {"open", c.open},
                              {"relevance", c.relevance},
                              {"partner_relevance", c.partner_relevance},
                              {"gain", c.gain},
                              {"brings", TermsJson(c.brings)}});
      }
      e["themes"] = nlohmann::ordered_json::array();
      for (const recommend::PartnerTheme& t : p.themes) {
        e["themes"].push_back(
            {{"id", t.theme_id}, {"label", t.label}, {"affinity", t.affinity}, {"z", t.z}});
      }
      e["members"] = MembersJson(p.members);
      e["terms"] = TermsJson(p.terms);
      j["partners"].push_back(std::move(e));
    }
    PrintJson(j);
    return kExitOk;
  }
  std::cout << absl::StrFormat("Partners for %s (%s), on %s:\n",
                               (*ws)->rec->ClusterName(args.cluster), args.cluster, as_of);
  int rank = 1;
  for (const recommend::Partner& p : *partners) {
    std::cout << absl::StrFormat("%d. %s (%s)  score %.3f, relatedness %.2f\n", rank++, p.name,
                                 p.cluster_id, p.score, p.relatedness);
    if (!p.terms.empty()) std::cout << "   brings: " << Words(p.terms) << '\n';
    for (const recommend::PartnerCall& c : p.calls) {
      std::cout << absl::StrFormat(
          "   call %s (deadline %s), both in its consortium: adds %.0f %% — %s\n", c.call_id,
          c.deadline.empty() ? "none" : c.deadline, 100.0 * c.gain, Words(c.brings));
    }
    for (const recommend::PartnerTheme& t : p.themes) {
      std::cout << absl::StrFormat("   rising theme %s (z = %.1f): %s\n", t.theme_id, t.z, t.label);
    }
    for (const recommend::MemberEvidence& m : p.members) {
      std::cout << "   - " << m.organisation << " (" << m.id << ")";
      for (size_t i = 0; i < m.words.size(); ++i) std::cout << (i ? ", " : ": ") << m.words[i];
      std::cout << '\n';
    }
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kPartnersCommand, "partners",
    "Partner clusters for a cluster: related profiles and the open calls they would answer "
    "together",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<PartnersArgs>();
      app.add_option("--db", args->db, "Database directory (with its model)")->required();
      app.add_option("--cluster", args->cluster, "Cluster id")->required();
      app.add_option("--as-of", args->as_of, "Date of the open calls and trends (default: today)");
      app.add_option("--limit", args->limit, "Partners shown (0: all)")->capture_default_str();
      app.add_flag("--json", args->json, "Print JSON");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
