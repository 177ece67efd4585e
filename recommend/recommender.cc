#include "recommend/recommender.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "recommend/dates.h"
#include "recommend/function_words.h"
#include "recommend/mapped_state.h"
#include "recommend/term_corpus.h"
#include "zlib.h"

namespace meute::recommend {
namespace {

// `text` folded (FoldAccents()) into words separated by single spaces, with a
// space at each end, so that " name " is found only as whole words.
std::string SpacedWords(absl::string_view text) {
  const std::string folded = FoldAccents(text);
  std::string out = " ";
  for (char ch : folded) {
    const bool word = absl::ascii_isalnum(static_cast<unsigned char>(ch)) ||
                      static_cast<unsigned char>(ch) >= 0x80;
    if (word) {
      out.push_back(ch);
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

template <typename Weights>
float WeightOf(const Weights& w, int32_t term) {
  auto it = std::lower_bound(w.begin(), w.end(), std::make_pair(term, -1e30f));
  return it != w.end() && it->first == term ? it->second : 0.0f;
}

}  // namespace

std::vector<std::string> NeedLabels(const std::vector<Term>& needs, bool show_matches) {
  std::vector<std::string> phrases;
  std::vector<std::vector<std::string>> matches;
  for (const Term& t : needs) {
    if (t.phrase.empty()) continue;
    auto it = std::find(phrases.begin(), phrases.end(), t.phrase);
    if (it == phrases.end()) {
      phrases.push_back(t.phrase);
      matches.emplace_back();
      it = phrases.end() - 1;
    }
    std::vector<std::string>& m = matches[static_cast<size_t>(it - phrases.begin())];
    const std::string lower_phrase = absl::AsciiStrToLower(t.phrase);
    if (show_matches && lower_phrase.find(absl::AsciiStrToLower(t.word)) == std::string::npos &&
        std::find(m.begin(), m.end(), t.word) == m.end()) {
      m.push_back(t.word);
    }
  }
  // A phrase inside another shown phrase is shown through it.
  for (size_t i = 0; i < phrases.size(); ++i) {
    const std::string inner = absl::AsciiStrToLower(phrases[i]);
    for (size_t j = 0; j < phrases.size(); ++j) {
      if (i == j || phrases[j].size() <= phrases[i].size() ||
          absl::AsciiStrToLower(phrases[j]).find(inner) == std::string::npos) {
        continue;
      }
      for (std::string& w : matches[i]) {
        if (std::find(matches[j].begin(), matches[j].end(), w) == matches[j].end()) {
          matches[j].push_back(std::move(w));
        }
      }
      phrases[i].clear();
      break;
    }
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < phrases.size(); ++i) {
    if (phrases[i].empty()) continue;
    out.push_back(matches[i].empty()
                      ? phrases[i]
                      : absl::StrCat(phrases[i], " (", absl::StrJoin(matches[i], ", "), ")"));
  }
  return out;
}

uint64_t RecommenderOptionsFingerprint(const RecommenderOptions& o) {
  std::string bytes;
  auto put = [&bytes](const auto& v) {
    char b[sizeof(v)];
    std::memcpy(b, &v, sizeof(v));
    bytes.append(b, sizeof(v));
  };
  put(o.reason_terms);
  put(o.reason_members);
  put(o.max_needs);
  put(o.boilerplate.size());
  for (const std::string& w : o.boilerplate) {
    put(w.size());
    bytes += w;
  }
  put(o.parts_of_speech != nullptr);
  put(o.covered_threshold);
  put(o.max_clusters);
  put(o.min_gain);
  put(o.team_rank);
  put(o.closed_calls_as_evidence);
  put(o.embedding_weight);
  put(o.member_weight);
  put(o.member_top);
  put(o.team_relevance);
  put(o.diversity);
  put(static_cast<bool>(o.tokenize));
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                          static_cast<uInt>(bytes.size()));
  return (static_cast<uint64_t>(crc) << 32) ^ bytes.size();
}

Recommender::Recommender(const Model& model, std::vector<ingest::TermVector> docs,
                         const SurfaceForms* surface, RecommenderOptions options)
    : model_(model), docs_(std::move(docs)), surface_(surface), options_(options) {
  owned_own_terms_.reserve(docs_.size());
  owned_weights_.reserve(docs_.size());
  for (const ingest::TermVector& doc : docs_) {
    owned_weights_.push_back(RecordWeights(model_, doc));
    owned_own_terms_.push_back(OwnModelTerms(model_, doc));
  }
  for (const TermWeights& w : owned_weights_) weights_.emplace_back(w);
  for (const std::vector<int32_t>& own : owned_own_terms_) own_terms_.emplace_back(own);
  Build();
}

Recommender::Recommender(const Model& model, std::vector<ingest::TermVector> docs,
                         std::vector<TermWeights> weights,
                         std::vector<std::vector<int32_t>> own_terms, const SurfaceForms* surface,
                         RecommenderOptions options)
    : model_(model),
      docs_(std::move(docs)),
      surface_(surface),
      options_(options),
      owned_weights_(std::move(weights)),
      owned_own_terms_(std::move(own_terms)) {
  assert(owned_weights_.size() == docs_.size() && owned_own_terms_.size() == docs_.size());
  for (const TermWeights& w : owned_weights_) weights_.emplace_back(w);
  for (const std::vector<int32_t>& own : owned_own_terms_) own_terms_.emplace_back(own);
  Build();
}

Recommender::Recommender(const Model& model, std::vector<ingest::TermVector> docs,
                         std::shared_ptr<const MappedState> state, const SurfaceForms* surface,
                         RecommenderOptions options)
    : model_(model),
      docs_(std::move(docs)),
      surface_(surface),
      options_(options),
      state_(std::move(state)) {
  assert(state_ != nullptr && state_->records() == docs_.size());
  weights_.reserve(docs_.size());
  own_terms_.reserve(docs_.size());
  for (size_t i = 0; i < docs_.size(); ++i) {
    weights_.push_back(state_->Weights(i));
    own_terms_.push_back(state_->OwnTerms(i));
  }
  Build();
  if (state_->relevance_clusters() == cluster_ids_.size() && !cluster_ids_.empty() &&
      state_->relevance_options_fingerprint() == RecommenderOptionsFingerprint(options_)) {
    stored_relevance_.assign(docs_.size(), -1);
    const absl::Span<const int32_t> rows = state_->relevance_rows();
    for (size_t i = 0; i < rows.size(); ++i) {
      stored_relevance_[static_cast<size_t>(rows[i])] = static_cast<int32_t>(i);
    }
    // Computed with the same options, for the same calls and clusters.
    stored_teams_ = state_->seat_calls() == rows.size() &&
                    state_->relatedness_clusters() == cluster_ids_.size();
  }
  // The pages read while building are read again from the file when needed:
  // they need not stay in this process's memory.
  state_->Evict();
}

void Recommender::Build() {
  if (options_.parts_of_speech != nullptr) morphology_ = FrenchMorphology::French();
  if (options_.tokenize) translations_ = FreeDictEnglishToFrench();
  const int k = model_.k();
  const auto vocabulary_size = static_cast<size_t>(model_.vocabulary().size());
  known_to_units_.assign(vocabulary_size, 0);
  for (const GlossaryEntry& e : model_.glossary().entries()) {
    for (const std::string& target : e.targets) {
      if (const int32_t t = model_.vocabulary().Find(target); t >= 0) domain_terms_.insert(t);
    }
  }
  std::vector<uint32_t> call_df(vocabulary_size, 0);
  uint32_t calls = 0;
  unit_.reserve(docs_.size());
  raw_norm_.reserve(docs_.size());
  std::set<std::string> clusters;
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    const auto row = static_cast<int32_t>(i);
    index_.emplace(rec.id, row);
    const int32_t stored = model_.FindItem(rec.id);
    if (stored >= 0) {
      unit_.emplace_back(model_.item_vectors().row(stored).transpose());
      raw_norm_.push_back(
          (unit_.back() * model_.data().item_norms[static_cast<size_t>(stored)]).norm());
    } else {
      const Eigen::VectorXf raw = k > 0 ? model_.Embed(weights_[i]) : Eigen::VectorXf();
      raw_norm_.push_back(raw.norm());
      unit_.push_back(Normalized(raw));
    }
    if (rec.kind == ingest::Kind::kCluster ||
        (rec.kind == ingest::Kind::kMember && !rec.clusters.empty())) {
      for (const auto& [t, w] : weights_[i]) known_to_units_[static_cast<size_t>(t)] = 1;
    }
    if (rec.kind == ingest::Kind::kCall) {
      for (const auto& [t, w] : weights_[i]) ++call_df[static_cast<size_t>(t)];
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
    showable_[t] = Showable(model_.vocabulary().term(static_cast<int32_t>(t))) &&
                           !VerbOrAdjective(static_cast<int32_t>(t))
                       ? 1
                       : 0;
    call_idf_[t] = SmoothIdf(call_df[t], calls);
  }
  cluster_ids_.assign(clusters.begin(), clusters.end());
  for (const std::string& c : cluster_ids_) {
    // A name of under four letters ("Eau") is a common word, not a name.
    std::string name = SpacedWords(ClusterName(c));
    spaced_names_.push_back(name.size() < 6 ? "" : std::move(name));
  }
  // Profiles stored for these records (the state file is tied to them).
  stored_profiles_ =
      state_ != nullptr && state_->profiles() == cluster_ids_.size() && !cluster_ids_.empty();
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
    const auto index = static_cast<uint32_t>(cluster_index_.size());
    cluster_index_[c] = index;
    if (stored_profiles_) {
      sparse_profiles_[c] = state_->Profile(index);
      continue;
    }
    std::vector<TermWeights> member_weights;
    if (m != members_.end()) {
      for (int32_t r : m->second) member_weights.push_back(weights_[static_cast<size_t>(r)]);
    }
    sparse_profiles_[c] = SparseClusterProfile(
        rec != cluster_record_.end() ? weights_[static_cast<size_t>(rec->second)] : TermWeights(),
        member_weights, model_.data().options.description_weight);
  }
}

void Recommender::BuildPostings() const {
  const auto vocabulary_size = static_cast<size_t>(model_.vocabulary().size());
  profile_postings_.resize(vocabulary_size);
  for (size_t index = 0; index < cluster_ids_.size(); ++index) {
    for (const auto& [t, w] : sparse_profiles_.at(cluster_ids_[index])) {
      profile_postings_[static_cast<size_t>(t)].emplace_back(static_cast<uint32_t>(index), w);
    }
  }
  member_postings_.resize(vocabulary_size);
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    if (rec.kind != ingest::Kind::kMember || rec.clusters.empty()) continue;
    const auto slot = static_cast<uint32_t>(member_clusters_.size());
    std::vector<uint32_t> in;
    for (const std::string& c : rec.clusters)
      in.push_back(static_cast<uint32_t>(cluster_index_.at(c)));
    member_clusters_.push_back(std::move(in));
    for (const auto& [t, w] : weights_[i])
      member_postings_[static_cast<size_t>(t)].emplace_back(slot, w);
  }
}

std::vector<float> Recommender::ClusterRelevance(int32_t row) const {
  if (!stored_relevance_.empty()) {
    if (const int32_t i = stored_relevance_[static_cast<size_t>(row)]; i >= 0) {
      const absl::Span<const float> r = state_->Relevance(static_cast<size_t>(i));
      return std::vector<float>(r.begin(), r.end());
    }
  }
  std::call_once(postings_once_, [this] { BuildPostings(); });
  return Relevance(row);
}

std::vector<float> Recommender::Relevance(int32_t row) const {
  const Eigen::VectorXf& e = unit_[static_cast<size_t>(row)];
  const WeightsView query = weights_[static_cast<size_t>(row)];
  std::vector<float> lexical(cluster_ids_.size(), 0.0f);
  std::vector<float> member(member_clusters_.size(), 0.0f);
  for (const auto& [t, w] : query) {
    for (const auto& [c, pw] : profile_postings_[static_cast<size_t>(t)]) lexical[c] += w * pw;
    if (options_.member_weight > 0.0f) {
      for (const auto& [m, mw] : member_postings_[static_cast<size_t>(t)]) member[m] += w * mw;
    }
  }
  // The member_top best members of each cluster.
  const auto top = static_cast<size_t>(std::max(1, options_.member_top));
  std::vector<std::vector<float>> best(cluster_ids_.size());
  for (size_t m = 0; m < member.size(); ++m) {
    if (member[m] <= 0.0f) continue;
    for (uint32_t c : member_clusters_[m]) {
      std::vector<float>& b = best[c];
      b.push_back(member[m]);
      std::sort(b.begin(), b.end(), std::greater<>());
      if (b.size() > top) b.pop_back();
    }
  }
  const float a = options_.embedding_weight;
  const float mw = options_.member_weight;
  std::vector<float> out(cluster_ids_.size());
  for (size_t c = 0; c < cluster_ids_.size(); ++c) {
    const float dense = a > 0.0f && e.size() > 0 ? e.dot(profiles_.at(cluster_ids_[c])) : 0.0f;
    float members = 0.0f;
    for (float v : best[c]) members += v;
    members /= static_cast<float>(top);
    out[c] = std::max(0.0f, (1.0f - mw) * ((1.0f - a) * lexical[c] + a * dense) + mw * members);
  }
  return out;
}

bool Recommender::VerbOrAdjective(int32_t term) const {
  const PartsOfSpeech* pos = options_.parts_of_speech;
  if (pos == nullptr || domain_terms_.count(term) > 0) return false;
  const std::string word = absl::AsciiStrToLower(Readable(model_.vocabulary().term(term)));
  return (pos->Known(word) && !pos->MayBeNoun(word)) || pos->IsInflectedVerb(word);
}

const OwnWordMap* Recommender::OwnWords(int32_t row) const {
  if (!options_.tokenize) return nullptr;
  std::lock_guard<std::mutex> lock(own_words_mutex_);
  std::unique_ptr<const OwnWordMap>& words = own_words_[row];
  if (words == nullptr) {
    words = std::make_unique<const OwnWordMap>(OwnWordsOf(docs_[static_cast<size_t>(row)].record,
                                                          options_.tokenize, morphology_,
                                                          options_.parts_of_speech));
  }
  return words.get();
}

std::string Recommender::ShownWord(int32_t row, int32_t term) const {
  if (!showable_[static_cast<size_t>(term)]) return "";
  const std::string& stem = model_.vocabulary().term(term);
  const OwnWordMap* own = OwnWords(row);
  if (own == nullptr) return Readable(stem);
  // A stem the title and text do not write (another field, or a glossary
  // target) is judged by its readable word alone.
  if (auto it = own->find(stem); it != own->end()) return it->second;
  std::string word = Readable(stem);
  return IsWordOfSubstance(absl::AsciiStrToLower(word), /*after_introducer=*/false, "fr",
                           morphology_, options_.parts_of_speech)
             ? word
             : "";
}

bool Recommender::Writes(int32_t unit, int32_t term) const {
  const absl::Span<const int32_t> own = own_terms_[static_cast<size_t>(unit)];
  return std::binary_search(own.begin(), own.end(), term);
}

int32_t Recommender::Find(absl::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

Eigen::VectorXf Recommender::ClusterVector(absl::string_view id) const {
  auto it = profiles_.find(id);
  return it == profiles_.end() ? Eigen::VectorXf() : it->second;
}

std::vector<bool> Recommender::NamedClusters(int32_t call_row) const {
  const ingest::Document& call = docs_[static_cast<size_t>(call_row)].record;
  const std::string text = SpacedWords(absl::StrCat(call.title, " ", call.text));
  // The call's words, so that most names are ruled out by their first word.
  absl::flat_hash_set<absl::string_view> words;
  for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipEmpty())) words.insert(w);
  std::vector<bool> out(cluster_ids_.size(), false);
  for (size_t c = 0; c < cluster_ids_.size(); ++c) {
    const std::string& name = spaced_names_[c];
    if (name.empty()) continue;
    const absl::string_view first = absl::string_view(name).substr(1, name.find(' ', 1) - 1);
    out[c] = words.contains(first) && absl::StrContains(text, name);
  }
  return out;
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
  return !word.empty() && IsContentWord(word) && !IsTitleCase(word);
}

Term Recommender::MakeTerm(int32_t term, float weight) const {
  const std::string& stem = model_.vocabulary().term(term);
  return Term{stem, Readable(stem), weight, ""};
}

std::vector<Term> Recommender::ContributingTerms(int32_t row,
                                                 const Eigen::VectorXf& profile) const {
  std::vector<std::pair<float, int32_t>> contributions;
  const float norm = raw_norm_[static_cast<size_t>(row)];
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
    term.word = ShownWord(row, t);
    if (term.word.empty() || !words.insert(term.word).second) continue;  // Two stems of one word.
    out.push_back(std::move(term));
  }
  return out;
}

float Recommender::LiteralWeight(int32_t unit, int32_t term) const {
  return Writes(unit, term) ? WeightOf(weights_[static_cast<size_t>(unit)], term) : 0.0f;
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
      const float u = LiteralWeight(m, t);
      if (u > 0.0f) shared.emplace_back(w * u, t);
    }
    std::sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::set<std::string> words;
    for (const auto& [s, t] : shared) {
      if (static_cast<int>(e.words.size()) >= options_.reason_terms) break;
      std::string w = ShownWord(m, t);
      if (!w.empty() && words.insert(w).second) e.words.push_back(std::move(w));
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
    const std::string word = absl::AsciiStrToLower(Readable(model_.vocabulary().term(t)));
    if (options_.boilerplate.count(word) > 0 || std::any_of(word.begin(), word.end(), ::isdigit)) {
      continue;
    }
    if (options_.parts_of_speech != nullptr && options_.parts_of_speech->Known(word) &&
        !options_.parts_of_speech->MayBeNoun(word) && domain_terms_.count(t) == 0) {
      continue;
    }
    if (!words.insert(word).second) continue;
    needs.terms.push_back(t);
    needs.weights.push_back(w);
    total += w;
  }
  for (float& w : needs.weights) w /= total > 0.0f ? total : 1.0f;
  return needs;
}

Recommender::Coverage Recommender::CoverageOf(absl::string_view cluster_id, const Needs& needs,
                                              absl::string_view except) const {
  Coverage cov;
  cov.degree.assign(needs.terms.size(), 0.0f);
  cov.unit.assign(needs.terms.size(), -1);
  std::vector<int32_t> units = Members(cluster_id);
  if (!except.empty()) {
    const std::vector<int32_t> shared = Members(except);
    units.erase(std::remove_if(units.begin(), units.end(),
                               [&](int32_t u) {
                                 return std::find(shared.begin(), shared.end(), u) != shared.end();
                               }),
                units.end());
  }
  auto rec = cluster_record_.find(cluster_id);
  if (rec != cluster_record_.end()) units.push_back(rec->second);
  const std::vector<float>& typical = model_.data().typical_weight;
  for (size_t i = 0; i < needs.terms.size(); ++i) {
    const int32_t t = needs.terms[i];
    const float norm = typical[static_cast<size_t>(t)];
    if (norm <= 0.0f) continue;
    for (int32_t u : units) {
      const float d = std::min(1.0f, LiteralWeight(u, t) / norm);
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
  return MakeConsortium(row, as_of, /*phrases=*/true);
}

PhraseRules Recommender::PhraseRulesFor(absl::string_view lang) const {
  const bool french = lang != "en";
  PhraseRules rules;
  rules.meaningful = [this, french](const PhraseToken& t) {
    if (t.stopword || t.stems.empty() || !IsContentWord(t.form)) return false;
    // A name ("Rhône Méditerranée Corse") is not part of a phrase.
    if (surface_ != nullptr && IsTitleCase(surface_->Best(t.stems.front()))) return false;
    // Nor a conjugated verb ("n'attendent", "cherche"); participles may be.
    if (french && options_.parts_of_speech != nullptr &&
        options_.parts_of_speech->IsInflectedVerb(absl::AsciiStrToLower(t.surface),
                                                  /*participles=*/false)) {
      return false;
    }
    return options_.boilerplate.count(absl::AsciiStrToLower(t.surface)) == 0;
  };
  if (french && options_.parts_of_speech != nullptr) {
    rules.may_start = [this](const PhraseToken& t) {
      const std::string word = absl::AsciiStrToLower(t.surface);
      return !options_.parts_of_speech->Known(word) || options_.parts_of_speech->MayBeNoun(word);
    };
  }
  return rules;
}

std::vector<std::string> Recommender::PhrasesOf(int32_t call_row, const Needs& needs) const {
  if (!options_.tokenize || needs.terms.empty()) return {};
  const ingest::Document& call = docs_[static_cast<size_t>(call_row)].record;
  const std::string lang = call.lang == "en" ? "en" : "fr";
  const PhraseRules rules = PhraseRulesFor(lang);
  std::vector<PhraseField> fields;
  for (absl::string_view text : {absl::string_view(call.title), absl::string_view(call.text)}) {
    fields.push_back({text, options_.tokenize(text, lang)});
  }
  std::vector<std::set<std::string>> anchors;
  for (int32_t t : needs.terms) {
    anchors.push_back(NeedAnchors(model_.vocabulary().term(t), lang, model_.glossary()));
  }
  return NeedPhrases(fields, anchors, rules);
}

Consortium Recommender::MakeConsortium(int32_t row, absl::string_view as_of, bool phrases,
                                       bool reasons) const {
  const ingest::Document& call = docs_[static_cast<size_t>(row)].record;
  Consortium out;
  out.call_id = call.id;
  out.title = call.title;
  out.funder = call.funder;
  out.deadline = call.deadline;
  out.lang = call.lang == "en" ? "en" : "fr";
  out.open = IsOpenOn(call, as_of);

  const std::vector<float> relevance = ClusterRelevance(row);
  std::vector<size_t> order(cluster_ids_.size());
  for (size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return relevance[a] > relevance[b]; });
  for (size_t c : order) out.ranking.push_back(cluster_ids_[c]);

  const float max_relevance = order.empty() ? 0.0f : relevance[order[0]];
  const Needs needs = NeedsOf(row);
  std::map<std::string, Coverage> coverage;
  auto full = [&](const std::string& c) -> const Coverage& {
    auto it = coverage.find(c);
    if (it == coverage.end()) it = coverage.emplace(c, CoverageOf(c, needs)).first;
    return it->second;
  };
  // Diversification (xQuAD, Santos, Macdonald and Ounis, WWW 2010) of the
  // first max_clusters places, among the 3 * max_clusters most relevant:
  //   (1 - lambda) rel(c) / rel_max + lambda sum_t w_t cov(c, t) prod_s (1 - cov(s, t)),
  // s the clusters placed before (their units shared with c left out).
  if (options_.diversity > 0.0f && !order.empty() && relevance[order[0]] > 0.0f) {
    const size_t places =
        std::min(order.size(), static_cast<size_t>(std::max(1, options_.max_clusters)));
    std::vector<size_t> pool(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                order.size(), 3 * places)));
    std::vector<size_t> placed;
    while (placed.size() < places && !pool.empty()) {
      size_t best_at = 0;
      float best_value = -1.0f;
      for (size_t k = 0; k < pool.size(); ++k) {
        const std::string& c = cluster_ids_[pool[k]];
        const Coverage& mine = full(c);
        std::vector<float> left(needs.terms.size(), 1.0f);
        for (size_t s : placed) {
          const Coverage theirs = CoverageOf(cluster_ids_[s], needs, c);
          for (size_t t = 0; t < left.size(); ++t) left[t] *= 1.0f - theirs.degree[t];
        }
        float novelty = 0.0f;
        for (size_t t = 0; t < left.size(); ++t)
          novelty += needs.weights[t] * mine.degree[t] * left[t];
        const float value = (1.0f - options_.diversity) * relevance[pool[k]] / relevance[order[0]] +
                            options_.diversity * novelty;
        if (value > best_value) {
          best_value = value;
          best_at = k;
        }
      }
      placed.push_back(pool[best_at]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(best_at));
    }
    std::vector<size_t> reordered = placed;
    for (size_t c : order) {
      if (std::find(placed.begin(), placed.end(), c) == placed.end()) reordered.push_back(c);
    }
    order = std::move(reordered);
    out.ranking.clear();
    for (size_t c : order) out.ranking.push_back(cluster_ids_[c]);
  }
  // Relevance first: the leader, then each of the next most relevant that
  // adds min_gain, counted against the chosen clusters' units it does not
  // share (a shared member counts for both); the clusters the call names
  // join whatever their place.
  const std::vector<bool> named = NamedClusters(row);
  std::vector<std::string> team;
  std::vector<float> gains;
  const size_t candidates =
      std::min(order.size(), static_cast<size_t>(std::max(1, options_.max_clusters)));
  bool closed = false;  // No further cluster joins but the named ones.
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& c = cluster_ids_[order[i]];
    const bool asked = named[order[i]];
    if (!asked && !team.empty() && relevance[order[i]] < options_.team_relevance * max_relevance) {
      closed = true;
    }
    if (!asked && (closed || i >= candidates)) continue;
    const Coverage& mine = full(c);
    std::vector<float> best(needs.terms.size(), 0.0f);
    for (const std::string& s : team) {
      const Coverage theirs = CoverageOf(s, needs, c);
      for (size_t t = 0; t < best.size(); ++t) best[t] = std::max(best[t], theirs.degree[t]);
    }
    float gain = 0.0f;
    for (size_t t = 0; t < best.size(); ++t) {
      gain += needs.weights[t] * std::max(0.0f, mine.degree[t] - best[t]);
    }
    if (!asked && !team.empty() && gain < options_.min_gain) continue;
    team.push_back(c);
    gains.push_back(gain);
  }
  for (size_t i = 0; i < team.size(); ++i) {
    ConsortiumCluster cc;
    cc.cluster_id = team[i];
    cc.name = ClusterName(team[i]);
    const size_t index = cluster_index_.at(team[i]);
    cc.score = relevance[index];
    cc.gain = gains[i];
    cc.named = named[index];
    out.clusters.push_back(std::move(cc));
  }
  if (!reasons) return out;

  // What each cluster brings: the needs it covers (as well as the best of the
  // team: a shared member credits both), and by whom.
  const Eigen::VectorXf& e = unit_[static_cast<size_t>(row)];
  const std::vector<std::string> phrase_of =
      phrases ? PhrasesOf(row, needs) : std::vector<std::string>();
  const bool english = out.lang == "en";
  for (size_t i = 0; i < needs.terms.size(); ++i) {
    Need need;
    const int32_t t = needs.terms[i];
    need.term = MakeTerm(t, needs.weights[i]);
    if (i < phrase_of.size()) need.term.phrase = phrase_of[i];
    float best = 0.0f;
    for (const std::string& c : team) best = std::max(best, full(c).degree[i]);
    need.coverage = best;
    out.coverage += needs.weights[i] * best;
    // Shown in the call's own word of substance (a call that writes the
    // stem only as a verb or an adjective does not ask for it); an English
    // call's own word is English: the French match is the covering unit's
    // word, when it is one (FrenchMatchIsReliable()), else none is shown.
    const std::string call_word = ShownWord(row, t);
    if (call_word.empty()) continue;
    const bool translated = english && Writes(row, t);
    need.term.word = english ? "" : call_word;  // English: the credited unit's word.
    if (english && !translated && need.term.phrase.empty()) continue;
    // Not covered in the units' own words (a covering unit writes the stem
    // only as another kind of word, or English and French words merely share
    // a stem): shown as not covered, while the coverage figure still counts it.
    bool credited = false;
    for (const ConsortiumCluster& cc : out.clusters) {
      const Coverage& cov = full(cc.cluster_id);
      if (best < options_.covered_threshold || cov.degree[i] < best - 1e-6f || cov.unit[i] < 0) {
        continue;
      }
      const std::string w = ShownWord(cov.unit[i], t);
      credited = credited || (!w.empty() &&
                              (!translated || FrenchMatchIsReliable(call_word, w, translations_)));
    }
    if (!credited) {
      if (english) need.term.word = call_word;  // The call's own word (or the glossary's).
      if (need.term.word.empty() && need.term.phrase.empty()) continue;
      if (std::none_of(out.uncovered.begin(), out.uncovered.end(), [&](const Term& u) {
            return u.word == need.term.word && (!u.word.empty() || u.phrase == need.term.phrase);
          })) {
        out.uncovered.push_back(need.term);
      }
      out.needs.push_back(std::move(need));
      continue;
    }
    for (ConsortiumCluster& cc : out.clusters) {
      const Coverage& cov = full(cc.cluster_id);
      if (cov.degree[i] < best - 1e-6f || cov.unit[i] < 0) continue;
      // Credited in the unit's own word of substance for the need.
      Term credit = need.term;
      credit.word = ShownWord(cov.unit[i], t);
      if (credit.word.empty()) continue;
      if (translated && !FrenchMatchIsReliable(call_word, credit.word, translations_)) continue;
      if (english && need.term.word.empty()) need.term.word = credit.word;
      if (need.cluster_id.empty()) {
        need.cluster_id = cc.cluster_id;
        need.member_id = docs_[static_cast<size_t>(cov.unit[i])].record.id;
      }
      if (std::none_of(cc.brings.begin(), cc.brings.end(),
                       [&](const Term& b) { return b.word == credit.word; })) {
        cc.brings.push_back(credit);
      }
      const ingest::Document& unit = docs_[static_cast<size_t>(cov.unit[i])].record;
      if (unit.kind != ingest::Kind::kMember) continue;
      auto it = std::find_if(cc.members.begin(), cc.members.end(),
                             [&](const MemberEvidence& m) { return m.id == unit.id; });
      if (it == cc.members.end()) {
        MemberEvidence m;
        m.id = unit.id;
        m.organisation = !unit.organisation.empty() ? unit.organisation : unit.title;
        m.score = unit_[static_cast<size_t>(cov.unit[i])].dot(e);
        cc.members.push_back(std::move(m));
        it = cc.members.end() - 1;
      }
      if (std::find(it->words.begin(), it->words.end(), credit.word) == it->words.end()) {
        it->words.push_back(credit.word);
      }
    }
    if (need.term.word.empty() && need.term.phrase.empty()) continue;
    out.needs.push_back(std::move(need));
  }
  // A phrase a cluster covers through one of its needs is not also listed as
  // not covered through another of its stems ("imaging" / "imagerie").
  out.uncovered.erase(
      std::remove_if(out.uncovered.begin(), out.uncovered.end(),
                     [&](const Term& u) {
                       return !u.phrase.empty() &&
                              std::any_of(out.needs.begin(), out.needs.end(), [&](const Need& n) {
                                return !n.cluster_id.empty() && n.term.phrase == u.phrase;
                              });
                     }),
      out.uncovered.end());
  return out;
}

absl::StatusOr<std::vector<CallMatch>> Recommender::CallsForCluster(absl::string_view cluster_id,
                                                                    absl::string_view as_of,
                                                                    bool include_closed) const {
  auto p = profiles_.find(cluster_id);
  if (p == profiles_.end()) {
    return absl::NotFoundError(absl::StrCat("no cluster \"", cluster_id, "\""));
  }
  const size_t self = cluster_index_.find(cluster_id)->second;
  std::vector<CallMatch> out;
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    if (rec.kind != ingest::Kind::kCall) continue;
    const bool open = IsOpenOn(rec, as_of);
    if (!open && !include_closed) continue;
    const std::vector<float> relevance = ClusterRelevance(static_cast<int32_t>(i));
    CallMatch m;
    m.call_id = rec.id;
    m.title = rec.title;
    m.funder = rec.funder;
    m.deadline = rec.deadline;
    m.open = open;
    m.score = relevance[self];
    m.cluster_rank = 1;
    for (size_t c = 0; c < relevance.size(); ++c) {
      if (relevance[c] > relevance[self] || (relevance[c] == relevance[self] && c < self)) {
        ++m.cluster_rank;
      }
    }
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

namespace {

// Ranks (1: best) of the entries of `scores` other than `self`, ties by index.
std::vector<float> RanksOf(const std::vector<float>& scores, size_t self) {
  std::vector<size_t> order;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (i != self) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  std::vector<float> rank(scores.size(), 0.0f);
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<float>(r + 1);
  return rank;
}

// Mutual ranks of a symmetric-or-not score matrix: sqrt(rank_a(b) * rank_b(a)).
std::vector<std::vector<float>> MutualRanks(const std::vector<std::vector<float>>& scores) {
  const size_t n = scores.size();
  std::vector<std::vector<float>> rank(n);
  for (size_t a = 0; a < n; ++a) rank[a] = RanksOf(scores[a], a);
  std::vector<std::vector<float>> out(n, std::vector<float>(n, 0.0f));
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      if (a != b) out[a][b] = std::sqrt(rank[a][b] * rank[b][a]);
    }
  }
  return out;
}

}  // namespace

std::vector<ConsortiumSeat> Recommender::ConsortiumSeats(int32_t row) const {
  std::vector<ConsortiumSeat> seats;
  if (stored_teams_) {
    if (const int32_t i = stored_relevance_[static_cast<size_t>(row)]; i >= 0) {
      const absl::Span<const ConsortiumSeat> s = state_->Seats(static_cast<size_t>(i));
      return std::vector<ConsortiumSeat>(s.begin(), s.end());
    }
  }
  const std::vector<float> relevance = ClusterRelevance(row);
  const std::vector<float> rank = RanksOf(relevance, relevance.size());  // None left out.
  const Consortium consortium = MakeConsortium(row, "", /*phrases=*/false, /*reasons=*/false);
  for (const ConsortiumCluster& cc : consortium.clusters) {
    const size_t c = cluster_index_.at(cc.cluster_id);
    seats.push_back({static_cast<uint32_t>(c), static_cast<int32_t>(rank[c]), relevance[c]});
  }
  return seats;
}

std::vector<float> Recommender::Relatedness(size_t x) const {
  if (stored_teams_) {
    const absl::Span<const float> r = state_->Relatedness(x);
    return std::vector<float>(r.begin(), r.end());
  }
  const size_t n = cluster_ids_.size();
  std::vector<float> out(n, 0.0f);
  const float a = options_.embedding_weight;
  for (size_t y = 0; y < n; ++y) {
    if (x == y) continue;
    const std::string& cx = cluster_ids_[x];
    const std::string& cy = cluster_ids_[y];
    const float dense = profiles_.at(cx).size() > 0 ? profiles_.at(cx).dot(profiles_.at(cy)) : 0.0f;
    const float lexical = Dot(sparse_profiles_.at(cx), sparse_profiles_.at(cy));
    out[y] = (1.0f - a) * lexical + a * dense;
  }
  return out;
}

const Consortium& Recommender::TeamConsortium(const CallTeams& teams, size_t k,
                                              absl::string_view as_of) const {
  const int32_t row = teams.calls[k];
  {
    std::lock_guard<std::mutex> lock(teams.consortia_mutex);
    auto it = teams.consortia.find(row);
    if (it != teams.consortia.end()) return *it->second;
  }
  auto consortium = std::make_unique<const Consortium>(MakeConsortium(row, as_of));
  std::lock_guard<std::mutex> lock(teams.consortia_mutex);
  return *teams.consortia.emplace(row, std::move(consortium)).first->second;
}

std::shared_ptr<const Recommender::CallTeams> Recommender::TeamsOn(absl::string_view as_of) const {
  {
    std::lock_guard<std::mutex> lock(teams_mutex_);
    auto it = teams_.find(as_of);
    if (it != teams_.end()) return it->second;
  }
  auto teams = std::make_shared<CallTeams>();
  const size_t n = cluster_ids_.size();
  for (size_t i = 0; i < docs_.size(); ++i) {
    const ingest::Document& rec = docs_[i].record;
    if (rec.kind != ingest::Kind::kCall) continue;
    const bool open = IsOpenOn(rec, as_of);
    const bool published = rec.opens.empty() ? rec.date.substr(0, 10) <= as_of : rec.opens <= as_of;
    if (open || (options_.closed_calls_as_evidence && published)) {
      teams->calls.push_back(static_cast<int32_t>(i));
      teams->open.push_back(open);
    }
  }
  teams->evidence.assign(n, std::vector<float>(n, 0.0f));
  teams->relatedness.resize(n);
  for (size_t x = 0; x < n; ++x) teams->relatedness[x] = Relatedness(x);
  for (int32_t row : teams->calls) {
    std::vector<ConsortiumSeat> team;
    for (const ConsortiumSeat& seat : ConsortiumSeats(row)) {
      if (seat.rank <= options_.team_rank) team.push_back(seat);
    }
    for (const ConsortiumSeat& x : team) {
      for (const ConsortiumSeat& y : team) {
        if (x.cluster != y.cluster) teams->evidence[x.cluster][y.cluster] += y.relevance;
      }
    }
    teams->team.push_back(std::move(team));
  }
  // Reciprocal rank fusion (k = 60) of the relatedness ranking and the
  // mutual ranking of the evidence (hubs come from there: a broad cluster is
  // in many consortia); a pair without shared calls gets nothing from the
  // evidence side.
  std::vector<std::vector<float>> related(n);
  for (size_t x = 0; x < n; ++x) related[x] = RanksOf(teams->relatedness[x], x);
  const std::vector<std::vector<float>> shared = MutualRanks(teams->evidence);
  teams->fused.assign(n, std::vector<float>(n, 0.0f));
  constexpr float kRrf = 60.0f;
  for (size_t x = 0; x < n; ++x) {
    for (size_t y = 0; y < n; ++y) {
      if (x == y) continue;
      float f = 1.0f / (kRrf + related[x][y]);
      if (teams->evidence[x][y] > 0.0f) f += 1.0f / (kRrf + shared[x][y]);
      teams->fused[x][y] = f;
    }
  }
  std::lock_guard<std::mutex> lock(teams_mutex_);
  return teams_.emplace(std::string(as_of), std::move(teams)).first->second;
}

std::vector<Term> Recommender::SharedProfileTerms(absl::string_view a, absl::string_view b) const {
  std::vector<int32_t> units = Members(b);
  auto rec = cluster_record_.find(b);
  if (rec != cluster_record_.end()) units.push_back(rec->second);
  const TermWeights& mine = sparse_profiles_.find(a)->second;
  std::vector<std::pair<float, int32_t>> scored;
  for (const auto& [t, w] : sparse_profiles_.find(b)->second) {
    if (!showable_[static_cast<size_t>(t)]) continue;
    const float m = WeightOf(mine, t);
    if (m <= 0.0f) continue;
    if (std::none_of(units.begin(), units.end(), [&](int32_t u) { return Writes(u, t); })) continue;
    scored.emplace_back(m * w, t);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<Term> out;
  std::set<std::string> words;
  for (const auto& [w, t] : scored) {
    if (static_cast<int>(out.size()) >= options_.reason_terms) break;
    Term term = MakeTerm(t, w);
    term.word.clear();  // In the words of b's first unit that writes it as a word of substance.
    for (int32_t u : units) {
      if (!Writes(u, t)) continue;
      term.word = ShownWord(u, t);
      if (!term.word.empty()) break;
    }
    if (!term.word.empty() && words.insert(term.word).second) out.push_back(std::move(term));
  }
  return out;
}

absl::StatusOr<std::vector<Partner>> Recommender::PartnersForCluster(
    absl::string_view cluster_id, absl::string_view as_of, const std::vector<ThemeSignal>& themes,
    size_t limit) const {
  auto p = profiles_.find(cluster_id);
  if (p == profiles_.end()) {
    return absl::NotFoundError(absl::StrCat("no cluster \"", cluster_id, "\""));
  }
  const Eigen::VectorXf& self = p->second;
  const size_t me = cluster_index_.find(cluster_id)->second;
  const std::shared_ptr<const CallTeams> teams = TeamsOn(as_of);
  // The partners shown, in the order below (cluster_ids_ is sorted): only
  // their reasons are formed.
  std::vector<size_t> shown;
  for (size_t other = 0; other < cluster_ids_.size(); ++other) {
    if (other != me) shown.push_back(other);
  }
  std::stable_sort(shown.begin(), shown.end(),
                   [&](size_t x, size_t y) { return teams->fused[me][x] > teams->fused[me][y]; });
  if (limit > 0 && shown.size() > limit) shown.resize(limit);
  std::vector<Partner> out;
  for (size_t other : shown) {
    const std::string& c = cluster_ids_[other];
    Partner partner;
    partner.cluster_id = c;
    partner.name = ClusterName(c);
    partner.relatedness = teams->relatedness[me][other];
    partner.evidence = teams->evidence[me][other];
    partner.score = teams->fused[me][other];
    std::map<std::string, float> term_scores;
    std::map<std::string, Term> term_of;
    std::map<std::string, MemberEvidence> members;
    for (size_t k = 0; k < teams->calls.size(); ++k) {
      const std::vector<ConsortiumSeat>& team = teams->team[k];
      auto mine = std::find_if(team.begin(), team.end(),
                               [&](const ConsortiumSeat& s) { return s.cluster == me; });
      auto seat = std::find_if(team.begin(), team.end(),
                               [&](const ConsortiumSeat& s) { return s.cluster == other; });
      if (mine == team.end() || seat == team.end()) continue;
      const Consortium& consortium = TeamConsortium(*teams, k, as_of);
      auto theirs = std::find_if(consortium.clusters.begin(), consortium.clusters.end(),
                                 [&](const ConsortiumCluster& cc) { return cc.cluster_id == c; });
      assert(theirs != consortium.clusters.end());
      PartnerCall pc;
      const ingest::Document& rec = docs_[static_cast<size_t>(teams->calls[k])].record;
      pc.call_id = rec.id;
      pc.title = rec.title;
      pc.deadline = rec.deadline;
      pc.open = teams->open[k];
      pc.relevance = mine->relevance;
      pc.partner_relevance = seat->relevance;
      pc.gain = theirs->gain;
      pc.brings = theirs->brings;
      for (const Term& t : pc.brings) {
        term_scores[t.word] += pc.relevance * t.weight;
        term_of.emplace(t.word, t);
      }
      for (const MemberEvidence& m : theirs->members) {
        auto [it, fresh] = members.emplace(m.id, m);
        if (!fresh) {
          it->second.score = std::max(it->second.score, m.score);
          for (const std::string& w : m.words) {
            if (std::find(it->second.words.begin(), it->second.words.end(), w) ==
                it->second.words.end()) {
              it->second.words.push_back(w);
            }
          }
        }
      }
      partner.calls.push_back(std::move(pc));
    }
    for (const ThemeSignal& theme : themes) {
      if (theme.centroid.size() != self.size()) continue;
      const float a = std::max(0.0f, self.dot(theme.centroid));
      const float b = std::max(0.0f, profiles_.at(c).dot(theme.centroid));
      if (a <= 0.0f || b <= 0.0f) continue;
      partner.themes.push_back({theme.id, theme.label, std::min(a, b), theme.z});
    }
    // Open calls first (what to answer now), then the closed ones (what they
    // would have answered together).
    std::sort(partner.calls.begin(), partner.calls.end(),
              [](const PartnerCall& x, const PartnerCall& y) {
                if (x.open != y.open) return x.open;
                const float sx = x.relevance * x.partner_relevance;
                const float sy = y.relevance * y.partner_relevance;
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
      Term t = term_of.at(w);
      t.weight = s;
      partner.terms.push_back(std::move(t));
    }
    if (partner.terms.empty()) partner.terms = SharedProfileTerms(cluster_id, c);
    std::vector<MemberEvidence> ranked_members;
    for (auto& [id, m] : members) ranked_members.push_back(std::move(m));
    std::sort(ranked_members.begin(), ranked_members.end(),
              [](const MemberEvidence& x, const MemberEvidence& y) {
                return x.words.size() != y.words.size() ? x.words.size() > y.words.size()
                                                        : x.score > y.score;
              });
    if (ranked_members.size() > static_cast<size_t>(options_.reason_members)) {
      ranked_members.resize(static_cast<size_t>(options_.reason_members));
    }
    partner.members = std::move(ranked_members);
    out.push_back(std::move(partner));
  }
  std::stable_sort(out.begin(), out.end(), [](const Partner& a, const Partner& b) {
    return a.score != b.score ? a.score > b.score : a.cluster_id < b.cluster_id;
  });
  return out;
}

}  // namespace meute::recommend
