// meute calls: open calls for projects ranked for one cluster, with their
// deadlines and the reasons of each match.

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "recommend/dates.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct CallsArgs {
  std::string db;
  std::string cluster;
  std::string as_of;
  bool include_closed = false;
  int limit = 10;
  bool json = false;
};

int Run(const CallsArgs& args) {
  const std::string as_of = args.as_of.empty() ? TodayDate() : args.as_of;
  if (absl::Status s = CheckDate("--as-of", as_of); !s.ok()) return ReportError("calls", s);
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws =
      OpenWorkspace(args.db, /*full_records=*/false);
  if (!ws.ok()) return ReportError("calls", ws.status());
  if (absl::Status s = CheckClusterId(**ws, args.cluster); !s.ok()) return ReportError("calls", s);
  absl::StatusOr<std::vector<recommend::CallMatch>> calls =
      (*ws)->rec->CallsForCluster(args.cluster, as_of, args.include_closed);
  if (!calls.ok()) return ReportError("calls", calls.status());
  if (args.limit > 0 && calls->size() > static_cast<size_t>(args.limit)) {
    calls->resize(static_cast<size_t>(args.limit));
  }
  const int64_t today = *recommend::DayNumber(as_of);
  if (args.json) {
    nlohmann::ordered_json j;
    j["cluster"] = args.cluster;
    j["as_of"] = as_of;
    j["calls"] = nlohmann::ordered_json::array();
    for (const recommend::CallMatch& c : *calls) {
      nlohmann::ordered_json e;
      e["id"] = c.call_id;
      e["title"] = c.title;
      e["funder"] = c.funder;
      e["deadline"] = c.deadline;
      const std::optional<int64_t> d = recommend::DayNumber(c.deadline);
      e["days_left"] = d ? nlohmann::ordered_json(*d - today) : nlohmann::ordered_json(nullptr);
      e["open"] = c.open;
      e["score"] = c.score;
      e["cluster_rank"] = c.cluster_rank;
      e["terms"] = TermsJson(c.terms);
      e["members"] = MembersJson(c.members);
      j["calls"].push_back(std::move(e));
    }
    PrintJson(j);
    return kExitOk;
  }
  std::cout << absl::StrFormat("Calls for %s (%s), open on %s:\n",
                               (*ws)->rec->ClusterName(args.cluster), args.cluster, as_of);
  int rank = 1;
  for (const recommend::CallMatch& c : *calls) {
    const std::optional<int64_t> d = recommend::DayNumber(c.deadline);
    const std::string when = d ? absl::StrFormat("deadline %s (%+d days)", c.deadline, *d - today)
                               : std::string("no deadline");
    std::cout << absl::StrFormat(
        "%2d. %.2f  %s — %s\n      %s, %s%s; this cluster ranks #%d for it\n", rank++, c.score,
        c.call_id, c.title, c.funder.empty() ? "-" : c.funder, when, c.open ? "" : " (closed)",
        c.cluster_rank);
    if (!c.terms.empty()) std::cout << "      why: " << Words(c.terms) << '\n';
    for (const recommend::MemberEvidence& m : c.members) {
      std::cout << "      - " << m.organisation << " (" << m.id << ")";
      for (size_t i = 0; i < m.words.size(); ++i) std::cout << (i ? ", " : ": ") << m.words[i];
      std::cout << '\n';
    }
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kCallsCommand, "calls",
    "Open calls for projects ranked for a cluster, with deadlines and reasons",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<CallsArgs>();
      app.add_option("--db", args->db, "Database directory (with its model)")->required();
      app.add_option("--cluster", args->cluster, "Cluster id")->required();
      app.add_option("--as-of", args->as_of, "Date the calls must be open on (default: today)");
      app.add_flag("--include-closed", args->include_closed, "Also calls closed on --as-of");
      app.add_option("--limit", args->limit, "Calls shown (0: all)")->capture_default_str();
      app.add_flag("--json", args->json, "Print JSON");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
