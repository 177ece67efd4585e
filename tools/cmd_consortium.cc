// meute consortium: 2 to 4 clusters, and their named members, that together
// cover what a call for projects asks, with what each brings and what nobody
// covers.

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "ingest/document.h"
#include "recommend/dates.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct ConsortiumArgs {
  std::string db;
  std::string call;
  bool all_calls = false;
  bool include_closed = false;
  std::string as_of;
  bool json = false;
};

nlohmann::ordered_json ToJson(const recommend::Consortium& c) {
  nlohmann::ordered_json j;
  j["call"] = c.call_id;
  j["title"] = c.title;
  j["funder"] = c.funder;
  j["deadline"] = c.deadline;
  j["open"] = c.open;
  j["coverage"] = c.coverage;
  j["clusters"] = nlohmann::ordered_json::array();
  for (const recommend::ConsortiumCluster& cc : c.clusters) {
    j["clusters"].push_back({{"id", cc.cluster_id},
                             {"name", cc.name},
                             {"score", cc.score},
                             {"gain", cc.gain},
                             {"named", cc.named},
                             {"brings", TermsJson(cc.brings)},
                             {"members", MembersJson(cc.members)}});
  }
  j["needs"] = nlohmann::ordered_json::array();
  for (const recommend::Need& n : c.needs) {
    j["needs"].push_back({{"word", n.term.word},
                          {"phrase", n.term.phrase},
                          {"stem", n.term.stem},
                          {"weight", n.term.weight},
                          {"coverage", n.coverage},
                          {"cluster", n.cluster_id},
                          {"by", n.member_id}});
  }
  j["uncovered"] = TermsJson(c.uncovered);
  j["ranking"] = c.ranking;
  return j;
}

void Print(const recommend::Consortium& c) {
  std::cout << absl::StrFormat("%s — %s\n", c.call_id, c.title);
  std::cout << absl::StrFormat("  %s, deadline %s%s; needs covered: %.0f %%\n",
                               c.funder.empty() ? "funder unknown" : c.funder,
                               c.deadline.empty() ? "none" : c.deadline, c.open ? "" : " (closed)",
                               100.0 * c.coverage);
  std::vector<recommend::Term> needs;
  for (const recommend::Need& n : c.needs) needs.push_back(n.term);
  const std::vector<std::string> asked = recommend::NeedLabels(needs, c.lang == "en");
  if (!asked.empty()) std::cout << "  needs: " << absl::StrJoin(asked, "; ") << '\n';
  int rank = 1;
  for (const recommend::ConsortiumCluster& cc : c.clusters) {
    std::cout << absl::StrFormat("  %d. %s (%s)  relevance %.2f, adds %.0f %% of the needs%s\n",
                                 rank++, cc.name, cc.cluster_id, cc.score, 100.0 * cc.gain,
                                 cc.named ? ", named by the call" : "");
    if (!cc.brings.empty()) std::cout << "     brings: " << Words(cc.brings) << '\n';
    for (const recommend::MemberEvidence& m : cc.members) {
      std::cout << "     - " << m.organisation << " (" << m.id << "): ";
      for (size_t i = 0; i < m.words.size(); ++i) std::cout << (i ? ", " : "") << m.words[i];
      std::cout << '\n';
    }
  }
  const std::vector<std::string> open_needs = recommend::NeedLabels(c.uncovered, c.lang == "en");
  std::cout << "  not covered by these clusters: "
            << (open_needs.empty() ? "-" : absl::StrJoin(open_needs, "; ")) << "\n";
}

int Run(const ConsortiumArgs& args) {
  if (args.call.empty() == !args.all_calls) {
    return ReportError("consortium",
                       absl::InvalidArgumentError("give either --call ID or --all-calls"));
  }
  const std::string as_of = args.as_of.empty() ? TodayDate() : args.as_of;
  if (absl::Status s = CheckDate("--as-of", as_of); !s.ok()) return ReportError("consortium", s);
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> ws =
      OpenWorkspace(args.db, /*full_records=*/false);
  if (!ws.ok()) return ReportError("consortium", ws.status());
  const recommend::Recommender& rec = *(*ws)->rec;
  std::vector<std::string> calls;
  if (!args.call.empty()) {
    if (absl::Status s = CheckCallId(**ws, args.call); !s.ok()) return ReportError("consortium", s);
    calls.push_back(args.call);
  } else {
    for (const ingest::TermVector& tv : rec.docs()) {
      if (tv.record.kind != ingest::Kind::kCall) continue;
      if (!args.include_closed && !recommend::IsOpenOn(tv.record, as_of)) continue;
      calls.push_back(tv.record.id);
    }
  }
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const std::string& id : calls) {
    absl::StatusOr<recommend::Consortium> c = rec.ConsortiumForCall(id, as_of);
    if (!c.ok()) return ReportError("consortium", c.status());
    if (!c->open && !args.include_closed) {
      return ReportError(
          "consortium",
          absl::FailedPreconditionError(absl::StrFormat(
              "call \"%s\" is not open on %s (deadline %s): add --include-closed to see it", id,
              as_of, c->deadline.empty() ? "none" : c->deadline)));
    }
    if (args.json) {
      all.push_back(ToJson(*c));
    } else {
      Print(*c);
      if (calls.size() > 1) std::cout << '\n';
    }
  }
  if (args.json) PrintJson(args.all_calls ? all : all.at(0));
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kConsortiumCommand, "consortium",
    "Clusters and members that together answer a call for projects, with the reasons",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<ConsortiumArgs>();
      app.add_option("--db", args->db, "Database directory (with its model)")->required();
      app.add_option("--call", args->call, "Call id");
      app.add_flag("--all-calls", args->all_calls, "Every open call (with --include-closed: all)");
      app.add_flag("--include-closed", args->include_closed, "Also calls closed on --as-of");
      app.add_option("--as-of", args->as_of, "Date the calls must be open on (default: today)");
      app.add_flag("--json", args->json, "Print JSON");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
