#include "recommend/recommender.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "recommend/dates.h"
#include "recommend/function_words.h"
#include "recommend/term_corpus.h"

namespace meute::recommend {
namespace {

TermCounts CountsOf(const ingest::TermVector& doc) {
  return TermCounts(doc.terms.begin(), doc.terms.end());
}

float WeightOf(const TermWeights& w, int32_t term) {
  auto it = std::lower_bound(w.begin(), w.end(), std::make_pair(term, -1e30f));
  return it != w.end() && it->first == term ? it->second : 0.0f;
}

}  // namespace

Recommender::Recommender(const Model& model, std::vector<ingest::TermVector> docs,
                         const SurfaceForms* surface, RecommenderOptions options)
    : model_(model), docs_(std::move(docs)), surface_(surface), options_(options) {
  const int k = model_.k();
  const auto vocabulary_size = static_cast<size_t>(model_.vocabulary().size());
  known_to_units_.assign(vocabulary_size, 0);
  std::vector<uint32_t> call_df(vocabulary_size, 0);
  uint32_t calls = 0;
  weights_.reserve(docs_.size());
  unit_.reserve(docs_.size());
  raw_.reserve(docs_.size());
  std::set<std::string> clusters;
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    const auto row = static_cast<int32_t>(i);
    index_.emplace(rec.id, row);
    weights_.push_back(model_.Weigh(CountsOf(docs_[i]), rec.lang));
    const int32_t stored = model_.FindItem(rec.id);
    if (stored >= 0) {
      unit_.emplace_back(model_.item_vectors().row(stored).transpose());
      raw_.push_back(unit_.back() * model_.data().item_norms[static_cast<size_t>(stored)]);
    } else {
      raw_.push_back(k > 0 ? model_.Embed(weights_.back()) : Eigen::VectorXf());
      unit_.push_back(Normalized(raw_.back()));
    }
    if (rec.kind == ingest::Kind::kCluster ||
        (rec.kind == ingest::Kind::kMember && !rec.clusters.empty())) {
      for (const auto& [t, w] : weights_.back()) known_to_units_[static_cast<size_t>(t)] = 1;
    }
    if (rec.kind == ingest::Kind::kCall) {
      for (const auto& [t, w] : weights_.back()) ++call_df[static_cast<size_t>(t)];
      ++calls;
    }
    if (rec.kind == ingest::Kind::kCluster) {
      clusters.insert(rec.id);
      cluster_record_[rec.id] = row;
    }
    if (rec.kind == ingest::Kind::kMember) {
      for (const std::string& c : rec.clusters) {
        clusters.insert(c);
        members_[c].push_back(row);
      }
    }
  }
  showable_.assign(vocabulary_size, 0);
  call_idf_.assign(vocabulary_size, 0.0f);
  for (size_t t = 0; t < vocabulary_size; ++t) {
    showable_[t] = Showable(model_.vocabulary().term(static_cast<int32_t>(t))) ? 1 : 0;
    call_idf_[t] = SmoothIdf(call_df[t], calls);
  }
  cluster_ids_.assign(clusters.begin(), clusters.end());
  for (const std::string& c : cluster_ids_) {
    auto rec = cluster_record_.find(c);
    const Eigen::VectorXf description = rec != cluster_record_.end()
                                            ? unit_[static_cast<size_t>(rec->second)]
                                            : Eigen::VectorXf(Eigen::VectorXf::Zero(k));
    std::vector<Eigen::VectorXf> members;
    auto m = members_.find(c);
    if (m != members_.end()) {
      for (int32_t r : m->second) members.push_back(unit_[static_cast<size_t>(r)]);
    }
    profiles_[c] = ClusterProfile(description, members, model_.data().options.description_weight);
    std::vector<TermWeights> member_weights;
    if (m != members_.end()) {
      for (int32_t r : m->second) member_weights.push_back(weights_[static_cast<size_t>(r)]);
    }
    sparse_profiles_[c] = SparseClusterProfile(
        rec != cluster_record_.end() ? weights_[static_cast<size_t>(rec->second)] : TermWeights(),
        member_weights, model_.data().options.description_weight);
  }
}

std::map<std::string, float, std::less<>> Recommender::ConsortiumRelevance(int32_t row) const {
  const Eigen::VectorXf& e = unit_[static_cast<size_t>(row)];
  const TermWeights& w = weights_[static_cast<size_t>(row)];
  std::map<std::string, float, std::less<>> out;
  for (const std::string& c : cluster_ids_) {
    const float dense = e.size() > 0 ? e.dot(profiles_.at(c)) : 0.0f;
    const float lexical = Dot(w, sparse_profiles_.at(c));
    out[c] = std::max(0.0f, 0.5f * (dense + lexical));
  }
  return out;
}

int32_t Recommender::Find(absl::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

Eigen::VectorXf Recommender::ClusterVector(absl::string_view id) const {
  auto it = profiles_.find(id);
  return it == profiles_.end() ? Eigen::VectorXf() : it->second;
}

std::string Recommender::ClusterName(absl::string_view id) const {
  auto it = cluster_record_.find(id);
  if (it == cluster_record_.end()) return std::string(id);
  const ingest::Document& rec = docs_[static_cast<size_t>(it->second)].record;
  return !rec.name.empty() ? rec.name : rec.title;
}

std::vector<int32_t> Recommender::Members(absl::string_view id) const {
  auto it = members_.find(id);
  return it == members_.end() ? std::vector<int32_t>() : it->second;
}

std::string Recommender::Readable(absl::string_view stem) const {
  return surface_ != nullptr ? surface_->Readable(stem) : std::string(stem);
}

bool Recommender::Showable(absl::string_view stem) const {
  const std::string word = surface_ != nullptr ? surface_->Best(stem) : std::string(stem);
  return !word.empty() && IsContentWord(word);
}

Term Recommender::MakeTerm(int32_t term, float weight) const {
  const std::string& stem = model_.vocabulary().term(term);
  return Term{stem, Readable(stem), weight};
}

std::vector<Term> Recommender::ContributingTerms(int32_t row,
                                                 const Eigen::VectorXf& profile) const {
  std::vector<std::pair<float, int32_t>> contributions;
  const float norm = raw_[static_cast<size_t>(row)].norm();
  if (norm <= 0.0f || profile.size() == 0) return {};
  for (const auto& [t, w] : weights_[static_cast<size_t>(row)]) {
    if (!showable_[static_cast<size_t>(t)]) continue;
    const float c = w * model_.Reconstruct(profile, t) / norm;
    if (c > 0.0f) contributions.emplace_back(c, t);
  }
  std::sort(contributions.begin(), contributions.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<Term> out;
  std::set<std::string> words;
  for (const auto& [c, t] : contributions) {
    if (static_cast<int>(out.size()) >= options_.reason_terms) break;
    Term term = MakeTerm(t, c);
    if (!words.insert(term.word).second) continue;  // Two stems of one word.
    out.push_back(std::move(term));
  }
  return out;
}

float Recommender::UnitWeight(int32_t unit, int32_t term) const {
  const float literal = WeightOf(weights_[static_cast<size_t>(unit)], term);
  const Eigen::VectorXf& raw = raw_[static_cast<size_t>(unit)];
  const float reconstructed = raw.size() > 0 ? model_.Reconstruct(raw, term) : 0.0f;
  return std::max(literal, reconstructed);
}

std::vector<MemberEvidence> Recommender::MemberEvidenceFor(int32_t row,
                                                           absl::string_view cluster_id) const {
  std::vector<MemberEvidence> out;
  const Eigen::VectorXf& query = unit_[static_cast<size_t>(row)];
  std::vector<std::pair<float, int32_t>> ranked;
  for (int32_t m : Members(cluster_id)) {
    ranked.emplace_back(unit_[static_cast<size_t>(m)].dot(query), m);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (const auto& [score, m] : ranked) {
    if (static_cast<int>(out.size()) >= options_.reason_members || score <= 0.0f) break;
    const ingest::Document& rec = docs_[static_cast<size_t>(m)].record;
    MemberEvidence e;
    e.id = rec.id;
    e.organisation = !rec.organisation.empty() ? rec.organisation : rec.title;
    e.score = score;
    std::vector<std::pair<float, int32_t>> shared;
    for (const auto& [t, w] : weights_[static_cast<size_t>(row)]) {
      if (!showable_[static_cast<size_t>(t)]) continue;
      const float u = UnitWeight(m, t);
      if (u > 0.0f) shared.emplace_back(w * u, t);
    }
    std::sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::set<std::string> words;
    for (const auto& [s, t] : shared) {
      if (static_cast<int>(e.words.size()) >= options_.reason_terms) break;
      std::string w = Readable(model_.vocabulary().term(t));
      if (words.insert(w).second) e.words.push_back(std::move(w));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ClusterMatch> Recommender::RankClusters(int32_t row) const {
  std::vector<ClusterMatch> out;
  const Eigen::VectorXf& e = unit_[static_cast<size_t>(row)];
  for (const std::string& c : cluster_ids_) {
    const Eigen::VectorXf& p = profiles_.at(c);
    ClusterMatch m;
    m.cluster_id = c;
    m.name = ClusterName(c);
    m.score = e.size() > 0 ? e.dot(p) : 0.0f;
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ClusterMatch& a, const ClusterMatch& b) { return a.score > b.score; });
  for (ClusterMatch& m : out) {
    m.terms = ContributingTerms(row, profiles_.at(m.cluster_id));
    m.members = MemberEvidenceFor(row, m.cluster_id);
  }
  return out;
}

absl::StatusOr<std::vector<ClusterMatch>> Recommender::RankClustersForCall(
    absl::string_view call_id) const {
  const int32_t row = Find(call_id);
  if (row < 0) return absl::NotFoundError(absl::StrCat("no record \"", call_id, "\""));
  if (docs_[static_cast<size_t>(row)].record.kind != ingest::Kind::kCall) {
    return absl::InvalidArgumentError(absl::StrCat("record \"", call_id, "\" is not a call"));
  }
  return RankClusters(row);
}

Recommender::Needs Recommender::NeedsOf(int32_t call_row) const {
  std::vector<std::pair<float, int32_t>> ranked;
  for (const auto& [t, w] : weights_[static_cast<size_t>(call_row)]) {
    const auto i = static_cast<size_t>(t);
    if (known_to_units_[i] && showable_[i]) ranked.emplace_back(w * call_idf_[i], t);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  Needs needs;
  float total = 0.0f;
  std::set<std::string> words;  // One need per word shown ("Costières" has two stems).
  for (const auto& [w, t] : ranked) {
    if (static_cast<int>(needs.terms.size()) >= options_.max_needs) break;
    if (!words.insert(absl::AsciiStrToLower(Readable(model_.vocabulary().term(t)))).second) {
      continue;
    }
    needs.terms.push_back(t);
    needs.weights.push_back(w);
    total += w;
  }
  for (float& w : needs.weights) w /= total > 0.0f ? total : 1.0f;
  return needs;
}

Recommender::Coverage Recommender::CoverageOf(absl::string_view cluster_id,
                                              const Needs& needs) const {
  Coverage cov;
  cov.degree.assign(needs.terms.size(), 0.0f);
  cov.unit.assign(needs.terms.size(), -1);
  std::vector<int32_t> units = Members(cluster_id);
  auto rec = cluster_record_.find(cluster_id);
  if (rec != cluster_record_.end()) units.push_back(rec->second);
  const std::vector<float>& typical = model_.data().typical_weight;
  for (size_t i = 0; i < needs.terms.size(); ++i) {
    const int32_t t = needs.terms[i];
    const float norm = typical[static_cast<size_t>(t)];
    if (norm <= 0.0f) continue;
    for (int32_t u : units) {
      const float d = std::min(1.0f, UnitWeight(u, t) / norm);
      if (d > cov.degree[i]) {
        cov.degree[i] = d;
        cov.unit[i] = u;
      }
    }
  }
  return cov;
}

absl::StatusOr<Consortium> Recommender::ConsortiumForCall(absl::string_view call_id,
                                                          absl::string_view as_of) const {
  const int32_t row = Find(call_id);
  if (row < 0) return absl::NotFoundError(absl::StrCat("no record \"", call_id, "\""));
  const ingest::Document& call = docs_[static_cast<size_t>(row)].record;
  if (call.kind != ingest::Kind::kCall) {
    return absl::InvalidArgumentError(absl::StrCat("record \"", call_id, "\" is not a call"));
  }
  if (cluster_ids_.empty()) {
    return absl::FailedPreconditionError(
        "no cluster to form a consortium: index cluster records, or members with \"clusters\"");
  }
  Consortium out;
  out.call_id = call.id;
  out.title = call.title;
  out.funder = call.funder;
  out.deadline = call.deadline;
  out.open = IsOpenOn(call, as_of);

  const Needs needs = NeedsOf(row);
  std::map<std::string, Coverage> coverage;
  for (const std::string& c : cluster_ids_) coverage[c] = CoverageOf(c, needs);
  const Eigen::VectorXf& e = unit_[static_cast<size_t>(row)];
  auto cosine = [&](const std::string& c) { return e.size() > 0 ? e.dot(profiles_.at(c)) : 0.0f; };

  std::vector<float> best(needs.terms.size(), 0.0f);
  std::vector<std::string> best_cluster(needs.terms.size());
  std::vector<int32_t> best_unit(needs.terms.size(), -1);
  // Per need: the probability that no chosen cluster covers it, prod (1 - cov).
  std::vector<float> not_covered(needs.terms.size(), 1.0f);
  // Relevance (see ConsortiumRelevance()), scaled so that the most relevant
  // cluster has 1, the scale of the diversity term.
  const std::map<std::string, float, std::less<>> fused = ConsortiumRelevance(row);
  float max_fused = 0.0f;
  for (const auto& [c, f] : fused) max_fused = std::max(max_fused, f);
  std::set<std::string> chosen;
  while (static_cast<int>(chosen.size()) < options_.max_clusters &&
         chosen.size() < cluster_ids_.size()) {
    std::string pick;
    float pick_gain = -1.0f;
    float pick_value = -1.0f;
    float pick_cos = -2.0f;
    for (const std::string& c : cluster_ids_) {
      if (chosen.count(c)) continue;
      float gain = 0.0f;
      float novelty = 0.0f;
      const Coverage& cov = coverage.at(c);
      for (size_t i = 0; i < needs.terms.size(); ++i) {
        gain += needs.weights[i] * std::max(0.0f, cov.degree[i] - best[i]);
        novelty += needs.weights[i] * cov.degree[i] * not_covered[i];
      }
      const float cs = cosine(c);
      const float relevance = max_fused > 0.0f ? fused.at(c) / max_fused : 0.0f;
      // xQuAD (Santos, Macdonald and Ounis, WWW 2010): relevance to the call
      // mixed with the coverage of the needs that the clusters already chosen
      // leave uncovered; lambda = options_.diversity.
      const float value = (1.0f - options_.diversity) * relevance + options_.diversity * novelty;
      if (value > pick_value + 1e-6f || (value > pick_value - 1e-6f && cs > pick_cos)) {
        pick = c;
        pick_gain = gain;
        pick_value = value;
        pick_cos = cs;
      }
    }
    if (pick.empty()) break;
    if (static_cast<int>(chosen.size()) >= options_.min_clusters && pick_gain < options_.min_gain) {
      break;
    }
    chosen.insert(pick);
    ConsortiumCluster cc;
    cc.cluster_id = pick;
    cc.name = ClusterName(pick);
    cc.score = pick_cos;
    cc.gain = pick_gain;
    const Coverage& cov = coverage.at(pick);
    for (size_t i = 0; i < needs.terms.size(); ++i) {
      not_covered[i] *= 1.0f - std::min(1.0f, cov.degree[i]);
      if (cov.degree[i] > best[i]) {
        best[i] = cov.degree[i];
        best_cluster[i] = pick;
        best_unit[i] = cov.unit[i];
      }
    }
    out.clusters.push_back(std::move(cc));
  }

  // What each chosen cluster brings: the needs it covers best, and by whom.
  for (size_t i = 0; i < needs.terms.size(); ++i) {
    Need need;
    need.term = MakeTerm(needs.terms[i], needs.weights[i]);
    need.coverage = best[i];
    out.coverage += needs.weights[i] * best[i];
    if (best[i] >= options_.covered_threshold && !best_cluster[i].empty()) {
      need.cluster_id = best_cluster[i];
      need.member_id = docs_[static_cast<size_t>(best_unit[i])].record.id;
      for (ConsortiumCluster& cc : out.clusters) {
        if (cc.cluster_id != best_cluster[i]) continue;
        if (std::none_of(cc.brings.begin(), cc.brings.end(),
                         [&](const Term& t) { return t.word == need.term.word; })) {
          cc.brings.push_back(need.term);
        }
        const ingest::Document& unit = docs_[static_cast<size_t>(best_unit[i])].record;
        if (unit.kind == ingest::Kind::kMember) {
          auto it = std::find_if(cc.members.begin(), cc.members.end(),
                                 [&](const MemberEvidence& m) { return m.id == unit.id; });
          if (it == cc.members.end()) {
            MemberEvidence m;
            m.id = unit.id;
            m.organisation = !unit.organisation.empty() ? unit.organisation : unit.title;
            m.score = unit_[static_cast<size_t>(best_unit[i])].dot(e);
            cc.members.push_back(std::move(m));
            it = cc.members.end() - 1;
          }
          if (std::find(it->words.begin(), it->words.end(), need.term.word) == it->words.end()) {
            it->words.push_back(need.term.word);
          }
        }
      }
    } else if (std::none_of(out.uncovered.begin(), out.uncovered.end(),
                            [&](const Term& t) { return t.word == need.term.word; })) {
      out.uncovered.push_back(need.term);
    }
    out.needs.push_back(std::move(need));
  }
  return out;
}

absl::StatusOr<std::vector<CallMatch>> Recommender::CallsForCluster(absl::string_view cluster_id,
                                                                    absl::string_view as_of,
                                                                    bool include_closed) const {
  auto p = profiles_.find(cluster_id);
  if (p == profiles_.end()) {
    return absl::NotFoundError(absl::StrCat("no cluster \"", cluster_id, "\""));
  }
  std::vector<CallMatch> out;
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    if (rec.kind != ingest::Kind::kCall) continue;
    const bool open = IsOpenOn(rec, as_of);
    if (!open && !include_closed) continue;
    CallMatch m;
    m.call_id = rec.id;
    m.title = rec.title;
    m.funder = rec.funder;
    m.deadline = rec.deadline;
    m.open = open;
    m.score = unit_[i].size() > 0 ? unit_[i].dot(p->second) : 0.0f;
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const CallMatch& a, const CallMatch& b) {
    return a.score != b.score ? a.score > b.score : a.call_id < b.call_id;
  });
  for (CallMatch& m : out) {
    const int32_t row = Find(m.call_id);
    m.terms = ContributingTerms(row, p->second);
    m.members = MemberEvidenceFor(row, cluster_id);
  }
  return out;
}

absl::StatusOr<std::vector<Partner>> Recommender::PartnersForCluster(
    absl::string_view cluster_id, absl::string_view as_of,
    const std::vector<ThemeSignal>& themes) const {
  auto p = profiles_.find(cluster_id);
  if (p == profiles_.end()) {
    return absl::NotFoundError(absl::StrCat("no cluster \"", cluster_id, "\""));
  }
  const Eigen::VectorXf& self = p->second;
  struct CallState {
    int32_t row;
    float relevance;
    Needs needs;
    Coverage own;
  };
  std::vector<CallState> calls;
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    if (rec.kind != ingest::Kind::kCall || !IsOpenOn(rec, as_of) || unit_[i].size() == 0) continue;
    const float rel = unit_[i].dot(self);
    if (rel <= 0.0f) continue;
    calls.push_back(CallState{static_cast<int32_t>(i), rel, {}, {}});
  }
  // The open calls most relevant to the cluster (a partner's score is a sum
  // weighted by relevance: the long tail adds little and costs every cluster
  // a coverage computation per call).
  std::sort(calls.begin(), calls.end(), [](const CallState& a, const CallState& b) {
    return a.relevance != b.relevance ? a.relevance > b.relevance : a.row < b.row;
  });
  if (calls.size() > static_cast<size_t>(std::max(0, options_.partner_calls))) {
    calls.resize(static_cast<size_t>(std::max(0, options_.partner_calls)));
  }
  for (CallState& s : calls) {
    s.needs = NeedsOf(s.row);
    s.own = CoverageOf(cluster_id, s.needs);
  }
  std::vector<Partner> out;
  for (const std::string& c : cluster_ids_) {
    if (c == cluster_id) continue;
    Partner partner;
    partner.cluster_id = c;
    partner.name = ClusterName(c);
    const Eigen::VectorXf& other = profiles_.at(c);
    partner.relatedness = self.size() > 0 ? self.dot(other) : 0.0f;
    std::map<std::string, float> term_scores;
    std::map<int32_t, float> unit_scores;
    std::map<int32_t, std::set<std::string>> unit_words;
    for (const CallState& s : calls) {
      const Coverage theirs = CoverageOf(c, s.needs);
      PartnerCall pc;
      for (size_t i = 0; i < s.needs.terms.size(); ++i) {
        const float add = std::max(0.0f, theirs.degree[i] - s.own.degree[i]);
        if (add <= 0.0f) continue;
        pc.gain += s.needs.weights[i] * add;
        if (theirs.degree[i] >= options_.covered_threshold) {
          Term t = MakeTerm(s.needs.terms[i], s.needs.weights[i] * add);
          term_scores[t.word] += s.relevance * t.weight;
          if (theirs.unit[i] >= 0) {
            unit_scores[theirs.unit[i]] += s.relevance * t.weight;
            unit_words[theirs.unit[i]].insert(t.word);
          }
          if (std::none_of(pc.brings.begin(), pc.brings.end(),
                           [&](const Term& b) { return b.word == t.word; })) {
            pc.brings.push_back(std::move(t));
          }
        }
      }
      if (pc.gain <= 0.0f) continue;
      const ingest::Document& rec = docs_[static_cast<size_t>(s.row)].record;
      pc.call_id = rec.id;
      pc.title = rec.title;
      pc.deadline = rec.deadline;
      pc.relevance = s.relevance;
      partner.score += s.relevance * pc.gain;
      partner.calls.push_back(std::move(pc));
    }
    for (const ThemeSignal& theme : themes) {
      if (theme.centroid.size() != self.size()) continue;
      const float a = std::max(0.0f, self.dot(theme.centroid));
      const float b = std::max(0.0f, other.dot(theme.centroid));
      if (a <= 0.0f || b <= 0.0f) continue;
      partner.score += a * b;
      partner.themes.push_back({theme.id, theme.label, std::min(a, b), theme.z});
    }
    std::sort(partner.calls.begin(), partner.calls.end(),
              [](const PartnerCall& x, const PartnerCall& y) {
                const float sx = x.relevance * x.gain;
                const float sy = y.relevance * y.gain;
                return sx != sy ? sx > sy : x.call_id < y.call_id;
              });
    if (partner.calls.size() > 3) partner.calls.resize(3);
    std::sort(partner.themes.begin(), partner.themes.end(),
              [](const PartnerTheme& x, const PartnerTheme& y) {
                return x.affinity != y.affinity ? x.affinity > y.affinity : x.theme_id < y.theme_id;
              });
    if (partner.themes.size() > 3) partner.themes.resize(3);
    std::vector<std::pair<float, std::string>> terms;
    for (const auto& [w, s] : term_scores) terms.emplace_back(s, w);
    std::sort(terms.begin(), terms.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (const auto& [s, w] : terms) {
      if (static_cast<int>(partner.terms.size()) >= options_.reason_terms) break;
      partner.terms.push_back(Term{"", w, s});
    }
    std::vector<std::pair<float, int32_t>> units;
    for (const auto& [u, s] : unit_scores) units.emplace_back(s, u);
    std::sort(units.begin(), units.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (const auto& [s, u] : units) {
      const ingest::Document& rec = docs_[static_cast<size_t>(u)].record;
      if (rec.kind != ingest::Kind::kMember) continue;
      if (static_cast<int>(partner.members.size()) >= options_.reason_members) break;
      MemberEvidence m;
      m.id = rec.id;
      m.organisation = !rec.organisation.empty() ? rec.organisation : rec.title;
      m.score = s;
      const std::set<std::string>& words = unit_words[u];
      m.words.assign(words.begin(), words.end());
      partner.members.push_back(std::move(m));
    }
    out.push_back(std::move(partner));
  }
  std::stable_sort(out.begin(), out.end(), [](const Partner& a, const Partner& b) {
    return a.score != b.score ? a.score > b.score : a.cluster_id < b.cluster_id;
  });
  return out;
}

}  // namespace meute::recommend
