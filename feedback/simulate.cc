#include "feedback/simulate.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "base/file_util.h"
#include "feedback/recommender_feedback.h"

namespace meute::feedback {
namespace {

// One cluster's lists and the answers its manager gave in one run.
struct Run {
  std::vector<Answer> answers;
  int64_t seq = 0;
};

// Shows the top k after feedback, returns their precision and lets the
// manager answer them (dated `day`).
double Week(const std::string& cluster, SuggestionKind kind, const std::vector<Candidate>& base,
            const std::set<std::string>& right, const TermWeighting& weigh, const std::string& day,
            const FeedbackOptions& options, int k, bool answer, Run& run,
            std::vector<std::string>* shown) {
  const std::vector<Answer> active = ActiveAnswers(run.answers, day);
  const FeedbackResult result = ApplyFeedback(cluster, kind, base, active, weigh, day, options);
  int hits = 0;
  const size_t n = std::min<size_t>(static_cast<size_t>(k), result.kept.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& target = result.kept[i].target;
    const bool ok = right.count(target) > 0;
    hits += ok ? 1 : 0;
    if (shown != nullptr) shown->push_back(target);
    if (!answer) continue;
    const bool answered = std::any_of(active.begin(), active.end(), [&](const Answer& a) {
      return a.id.kind == kind && a.id.target == target;
    });
    if (answered) continue;
    Answer a;
    a.seq = ++run.seq;
    a.id = {cluster, kind, target};
    a.verdict = ok ? Verdict::kAccept : Verdict::kReject;
    a.date = day;
    a.author = "simulation";
    run.answers.push_back(std::move(a));
  }
  return static_cast<double>(hits) / k;
}

}  // namespace

absl::StatusOr<FeedbackTruth> ReadConsortiumTruth(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  FeedbackTruth truth;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_no;
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": expected CALL<TAB>CLUSTER,CLUSTER..."));
    }
    const std::string call(absl::StripAsciiWhitespace(fields[0]));
    std::vector<std::string> clusters;
    for (absl::string_view c : absl::StrSplit(fields[1], ',', absl::SkipWhitespace())) {
      clusters.emplace_back(absl::StripAsciiWhitespace(c));
    }
    truth.judged_calls.insert(call);
    for (const std::string& a : clusters) {
      truth.calls[a].insert(call);
      for (const std::string& b : clusters) {
        if (a != b) truth.partners[a].insert(b);
      }
    }
  }
  return truth;
}

absl::StatusOr<SimulationReport> SimulateFeedback(const recommend::Recommender& rec,
                                                  const FeedbackTruth& truth,
                                                  const SimulationOptions& options) {
  absl::CivilDay first;
  if (!absl::ParseCivilTime(options.as_of, &first)) {
    return absl::InvalidArgumentError(
        absl::StrCat("date \"", options.as_of, "\" is not YYYY-MM-DD"));
  }
  if (options.k < 1 || options.weeks < 1)
    return absl::InvalidArgumentError("k and weeks must be >= 1");
  const TermWeighting weigh = RecommenderWeighting(rec);
  struct Lists {
    std::string cluster;
    std::vector<Candidate> partners, calls;
  };
  std::vector<Lists> lists;
  for (const std::string& c : rec.cluster_ids()) {
    if (!truth.partners.count(c) && !truth.calls.count(c)) continue;
    Lists l;
    l.cluster = c;
    absl::StatusOr<std::vector<recommend::Partner>> partners =
        rec.PartnersForCluster(c, options.as_of, {});
    if (!partners.ok()) return partners.status();
    for (const recommend::Partner& p : *partners) l.partners.push_back({p.cluster_id, p.score});
    absl::StatusOr<std::vector<recommend::CallMatch>> calls =
        rec.CallsForCluster(c, options.as_of, /*include_closed=*/true);
    if (!calls.ok()) return calls.status();
    for (const recommend::CallMatch& m : *calls) {
      if (truth.judged_calls.count(m.call_id)) l.calls.push_back({m.call_id, m.score});
    }
    lists.push_back(std::move(l));
  }
  if (lists.empty()) return absl::NotFoundError("no cluster of the ground truth is in the model");
  SimulationReport report;
  report.control_cluster =
      options.control_cluster.empty() ? lists.front().cluster : options.control_cluster;
  FeedbackOptions filter_only = options.feedback;
  filter_only.weight = 0.0;
  const FeedbackOptions none{.expiry_days = 0, .beta = 0, .gamma = 0, .weight = 0};
  static const std::set<std::string> kEmpty;
  std::map<std::string, std::pair<Run, Run>> runs;  // Cluster -> (filter, rocchio).
  for (int w = 0; w < options.weeks; ++w) {
    const std::string day = absl::FormatCivilTime(first + 7 * w);
    WeekFigures f;
    f.week = w + 1;
    for (const Lists& l : lists) {
      const bool control = l.cluster == report.control_cluster;
      auto p = truth.partners.find(l.cluster);
      auto c = truth.calls.find(l.cluster);
      const std::set<std::string>& rp = p != truth.partners.end() ? p->second : kEmpty;
      const std::set<std::string>& rc = c != truth.calls.end() ? c->second : kEmpty;
      Run& fr = runs[l.cluster].first;
      Run& rr = runs[l.cluster].second;
      Run scratch;
      std::vector<std::string> base_shown, fb_shown;
      const double pn = Week(l.cluster, SuggestionKind::kPartner, l.partners, rp, weigh, day, none,
                             options.k, false, scratch, &base_shown);
      const double cn = Week(l.cluster, SuggestionKind::kCall, l.calls, rc, weigh, day, none,
                             options.k, false, scratch, &base_shown);
      const double pf = Week(l.cluster, SuggestionKind::kPartner, l.partners, rp, weigh, day,
                             filter_only, options.k, !control, fr, nullptr);
      const double cf = Week(l.cluster, SuggestionKind::kCall, l.calls, rc, weigh, day, filter_only,
                             options.k, !control, fr, nullptr);
      const double pr = Week(l.cluster, SuggestionKind::kPartner, l.partners, rp, weigh, day,
                             options.feedback, options.k, !control, rr, &fb_shown);
      const double cr = Week(l.cluster, SuggestionKind::kCall, l.calls, rc, weigh, day,
                             options.feedback, options.k, !control, rr, &fb_shown);
      if (control) {
        report.control_unchanged = report.control_unchanged && base_shown == fb_shown;
        continue;
      }
      if (!rp.empty() && !l.partners.empty()) {
        f.partners_none += pn;
        f.partners_filter += pf;
        f.partners_rocchio += pr;
        if (w == 0) ++report.partner_clusters;
      }
      if (!rc.empty() && !l.calls.empty()) {
        f.calls_none += cn;
        f.calls_filter += cf;
        f.calls_rocchio += cr;
        if (w == 0) ++report.call_clusters;
      }
    }
    const double np = std::max(1, report.partner_clusters);
    const double nc = std::max(1, report.call_clusters);
    f.partners_none /= np;
    f.partners_filter /= np;
    f.partners_rocchio /= np;
    f.calls_none /= nc;
    f.calls_filter /= nc;
    f.calls_rocchio /= nc;
    report.weeks.push_back(f);
  }
  for (const auto& [cluster, pair] : runs)
    report.answers += static_cast<int>(pair.second.answers.size());
  return report;
}

std::string FormatSimulation(const SimulationReport& report, int k) {
  std::string out = absl::StrFormat(
      "feedback simulation: %d clusters judged on partners, %d on calls, %d answers given\n"
      "week  partners P@%d: none  filter  +rocchio   calls P@%d: none  filter  +rocchio\n",
      report.partner_clusters, report.call_clusters, report.answers, k, k);
  for (const WeekFigures& f : report.weeks) {
    absl::StrAppendFormat(&out, "%4d  %19.3f  %6.3f  %8.3f  %16.3f  %6.3f  %8.3f\n", f.week,
                          f.partners_none, f.partners_filter, f.partners_rocchio, f.calls_none,
                          f.calls_filter, f.calls_rocchio);
  }
  absl::StrAppendFormat(&out, "control cluster %s (never answers): top %d %s without feedback\n",
                        report.control_cluster, k,
                        report.control_unchanged ? "identical to those" : "DIFFERENT from those");
  return out;
}

}  // namespace meute::feedback
