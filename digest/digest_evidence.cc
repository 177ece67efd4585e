#include "digest/digest_evidence.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "recommend/theme_state_file.h"

namespace meute::digest {

using recommend::CallMatch;
using recommend::ClusterMatch;
using recommend::Consortium;
using recommend::ConsortiumCluster;
using recommend::DiscoverThemes;
using recommend::MemberEvidence;
using recommend::Partner;
using recommend::PartnerCall;
using recommend::PartnerTheme;
using recommend::Recommender;
using recommend::Term;
using recommend::Theme;
using recommend::ThemeCluster;
using recommend::ThemeOptions;
using recommend::ThemeRun;
using recommend::ThemeState;
using recommend::TrendStat;

namespace {

DigestMember ToMember(const MemberEvidence& m, absl::string_view cluster_id, size_t max_words) {
  DigestMember out;
  out.id = m.id;
  out.name = m.organisation;
  out.cluster_id = std::string(cluster_id);
  for (const std::string& w : m.words) {
    if (out.skills.size() >= max_words) break;
    if (IsShowableWord(w) &&
        std::find(out.skills.begin(), out.skills.end(), w) == out.skills.end()) {
      out.skills.push_back(w);
    }
  }
  return out;
}

// Two entries: label phrases are longer than words.
std::string Label(const Theme& t) { return ThemeLabelText(t, 2); }

// Recent share over earlier share, smoothed so that a theme absent before
// gets a large but finite ratio.
double TrendRatio(const TrendStat& s) {
  constexpr double kEpsilon = 0.01;
  return (s.recent_share + kEpsilon) / (s.before_share + kEpsilon);
}

}  // namespace

absl::StatusOr<ThemeRun> DigestThemes(const Recommender& rec, absl::string_view db_dir,
                                      absl::string_view as_of,
                                      const recommend::StoredThemes* stored) {
  MEUTE_ASSIGN_OR_RETURN(const ThemeState previous, recommend::LoadThemeStateBeside(db_dir));
  ThemeOptions options;
  options.as_of = std::string(as_of);
  options.parts_of_speech = recommend::PartsOfSpeech::French();
  options.top_clusters = static_cast<int>(rec.cluster_ids().size());
  return DiscoverThemes(rec, options, previous, nullptr, stored);
}

std::vector<ingest::Document> RecommenderRecords(const Recommender& rec) {
  std::vector<ingest::Document> out;
  out.reserve(rec.docs().size());
  for (const ingest::TermVector& tv : rec.docs()) out.push_back(tv.record);
  return out;
}

bool IsShowableWord(absl::string_view w) {
  if (w.empty()) return false;
  bool digits_only = true, upper = false;
  for (char c : w) {
    digits_only = digits_only && absl::ascii_isdigit(static_cast<unsigned char>(c));
    upper = upper || absl::ascii_isupper(static_cast<unsigned char>(c));
  }
  // Years and counts ("2026", "1") say nothing; two-letter words only when
  // they are acronyms ("IA", "H2").
  return !digits_only && (w.size() >= 3 || upper);
}

std::vector<std::string> TermWords(const std::vector<Term>& terms, size_t max) {
  std::vector<std::string> out;
  for (const Term& t : terms) {
    if (out.size() >= max) break;
    const std::string& w = t.word.empty() ? t.stem : t.word;
    if (IsShowableWord(w) && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }
  return out;
}

RecommenderEvidence::RecommenderEvidence(const Recommender& rec, ThemeRun themes)
    : rec_(rec), run_(std::move(themes)) {
  for (const Theme& t : run_.themes) {
    ThemeEvidence e;
    e.id = t.id;
    e.label = Label(t);
    e.size = t.size;
    e.transversality = t.transversality;
    e.trend = TrendRatio(t.trend);
    e.z = t.trend.z;
    e.rising = t.trend.rising;
    for (const ThemeCluster& c : t.clusters) e.clusters.push_back({c.id, c.share});
    std::stable_sort(e.clusters.begin(), e.clusters.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    themes_.push_back(std::move(e));
    if (t.trend.rising) rising_.push_back({t.id, Label(t), t.centroid, t.trend.z});
  }
}

const std::vector<ClusterMatch>& RecommenderEvidence::Ranked(absl::string_view record_id) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ranked_.find(record_id);
    if (it != ranked_.end()) return it->second;
  }
  // Computed without the lock (two threads may both compute it; the first
  // stored wins, and std::map keeps references valid).
  std::vector<ClusterMatch> ranked;
  const int32_t row = rec_.Find(record_id);
  if (row >= 0) ranked = rec_.RankClusters(row);
  std::stable_sort(ranked.begin(), ranked.end(), [](const ClusterMatch& a, const ClusterMatch& b) {
    return a.score != b.score ? a.score > b.score : a.cluster_id < b.cluster_id;
  });
  std::lock_guard<std::mutex> lock(mu_);
  return ranked_.emplace(std::string(record_id), std::move(ranked)).first->second;
}

absl::StatusOr<std::vector<RankedCall>> RecommenderEvidence::CallsFor(
    absl::string_view cluster_id, absl::string_view as_of) const {
  absl::StatusOr<std::vector<CallMatch>> calls =
      rec_.CallsForCluster(cluster_id, as_of, /*include_closed=*/false);
  if (!calls.ok()) return calls.status();
  std::vector<RankedCall> out;
  for (const CallMatch& c : *calls) {
    RankedCall r;
    r.call_id = c.call_id;
    r.score = std::clamp(static_cast<double>(c.score), 0.0, 1.0);
    r.reasons = TermWords(c.terms, 5);
    // The cluster's rank for the call as `meute calls` and `meute consortium`
    // give it (relevance), so that the commands tell one story.
    r.cluster_rank = c.cluster_rank;
    out.push_back(std::move(r));
  }
  return out;
}

RecordMatch RecommenderEvidence::Match(absl::string_view record_id,
                                       absl::string_view cluster_id) const {
  RecordMatch out;
  const std::vector<ClusterMatch>& ranked = Ranked(record_id);
  for (size_t i = 0; i < ranked.size(); ++i) {
    const ClusterMatch& m = ranked[i];
    if (m.cluster_id != cluster_id) continue;
    out.score = std::clamp(static_cast<double>(m.score), 0.0, 1.0);
    out.cluster_rank = static_cast<int>(i) + 1;
    out.reasons = TermWords(m.terms, 5);
    for (const MemberEvidence& e : m.members) {
      if (e.score > 0) out.members.push_back(ToMember(e, cluster_id, 3));
    }
    break;
  }
  return out;
}

absl::StatusOr<DigestConsortium> RecommenderEvidence::ConsortiumFor(absl::string_view call_id,
                                                                    absl::string_view as_of) const {
  const std::string key = absl::StrCat(call_id, "@", as_of);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = consortia_.find(key);
    if (it != consortia_.end()) return it->second;
  }
  absl::StatusOr<DigestConsortium> out;
  absl::StatusOr<Consortium> c = rec_.ConsortiumForCall(call_id, as_of);
  if (!c.ok()) {
    out = c.status();
  } else {
    DigestConsortium d;
    for (const ConsortiumCluster& cc : c->clusters) {
      DigestConsortiumPart part;
      part.cluster = {cc.cluster_id, cc.name};
      for (const MemberEvidence& m : cc.members) {
        if (part.members.size() < 3) part.members.push_back(ToMember(m, cc.cluster_id, 3));
      }
      part.brings = TermWords(cc.brings, 4);
      d.parts.push_back(std::move(part));
    }
    d.uncovered = NeedLabels(c->uncovered, c->lang == "en");
    if (d.uncovered.size() > 4) d.uncovered.resize(4);
    out = std::move(d);
  }
  std::lock_guard<std::mutex> lock(mu_);
  return consortia_.emplace(key, std::move(out)).first->second;
}

absl::StatusOr<std::vector<DigestPartner>> RecommenderEvidence::PartnersFor(
    absl::string_view cluster_id, absl::string_view as_of) const {
  absl::StatusOr<std::vector<Partner>> partners =
      rec_.PartnersForCluster(cluster_id, as_of, rising_);
  if (!partners.ok()) return partners.status();
  float best = 0;
  for (const Partner& p : *partners) best = std::max(best, p.score);
  std::vector<DigestPartner> out;
  for (const Partner& p : *partners) {
    DigestPartner d;
    d.cluster = {p.cluster_id, p.name};
    d.score = best > 0 ? static_cast<double>(p.score / best) : 0.0;
    for (const PartnerTheme& t : p.themes) {
      if (!t.label.empty() && d.shared_themes.size() < 3) d.shared_themes.push_back(t.label);
    }
    for (const std::string& label : SharedThemeLabels(themes_, cluster_id, p.cluster_id)) {
      if (d.shared_themes.size() >= 3) break;
      if (std::find(d.shared_themes.begin(), d.shared_themes.end(), label) ==
          d.shared_themes.end()) {
        d.shared_themes.push_back(label);
      }
    }
    for (const PartnerCall& c : p.calls)
      d.calls.push_back({c.call_id, c.title, c.deadline, std::nullopt});
    for (const MemberEvidence& m : p.members) d.members.push_back(ToMember(m, p.cluster_id, 2));
    d.terms = TermWords(p.terms, 6);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<ThemeEvidence> RecommenderEvidence::Themes(absl::string_view) const { return themes_; }

std::vector<std::string> SharedThemeLabels(const std::vector<ThemeEvidence>& themes,
                                           absl::string_view a, absl::string_view b) {
  std::set<std::string, std::less<>> all_clusters;
  for (const ThemeEvidence& t : themes) {
    for (const auto& [id, share] : t.clusters) all_clusters.insert(id);
  }
  std::vector<std::pair<double, const ThemeEvidence*>> both;
  for (const ThemeEvidence& t : themes) {
    if (t.label.empty()) continue;
    double share_a = 0, share_b = 0;
    int holders = 0;
    for (const auto& [id, share] : t.clusters) {
      if (id == a) share_a = share;
      if (id == b) share_b = share;
      holders += share >= kMinSharedThemeShare ? 1 : 0;
    }
    const double overlap = std::min(share_a, share_b);
    if (overlap < kMinSharedThemeShare) continue;
    // A theme that most clusters hold says little about this pair: weigh the
    // overlap by the theme's inverse cluster frequency.
    const double idf = std::log(1.0 + static_cast<double>(all_clusters.size()) / holders);
    both.push_back({overlap * idf, &t});
  }
  std::stable_sort(both.begin(), both.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second->id < y.second->id;
  });
  std::vector<std::string> out;
  for (const auto& [score, t] : both) {
    if (std::find(out.begin(), out.end(), t->label) == out.end()) out.push_back(t->label);
  }
  return out;
}

std::optional<BuyerEvidence> RecommenderEvidence::BuyerFor(const ingest::Document& news,
                                                           absl::string_view cluster_id,
                                                           absl::string_view as_of) const {
  if (buyers_ == nullptr) return DigestEvidence::BuyerFor(news, cluster_id, as_of);
  std::optional<BuyerSignal> signal = DetectBuyer(news);
  if (!signal) return std::nullopt;
  const recommend::BuyerAnswer* answer = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buyer_answers_.find(news.id);
    if (it != buyer_answers_.end()) answer = &it->second;
  }
  if (answer == nullptr) {
    recommend::BuyerAnswer a = buyers_->Match(news);
    if (a.need.empty()) a = buyers_->Match(news, signal->need);
    std::lock_guard<std::mutex> lock(mu_);
    answer = &buyer_answers_.emplace(news.id, std::move(a)).first->second;
  }
  BuyerEvidence out;
  out.buyer = signal->buyer;
  out.need = answer->need;
  for (size_t i = 0; i < answer->clusters.size(); ++i) {
    out.group.push_back(answer->clusters[i].first);
    if (answer->clusters[i].first == cluster_id) {
      out.cluster_rank = static_cast<int>(i) + 1;
      out.score = std::clamp(static_cast<double>(answer->clusters[i].second), 0.0, 1.0);
    }
  }
  for (const recommend::BuyerMember& m : answer->members) {
    if (std::find(m.clusters.begin(), m.clusters.end(), cluster_id) == m.clusters.end()) continue;
    DigestMember d;
    d.id = m.id;
    d.name = m.organisation;
    d.cluster_id = std::string(cluster_id);
    d.skills = m.words;
    if (d.skills.size() > 3) d.skills.resize(3);
    out.members.push_back(std::move(d));
  }
  return out;
}

}  // namespace meute::digest
