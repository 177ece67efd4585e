#include "feedback/rerank.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace meute::feedback {
namespace {

using Sparse = std::map<int32_t, double>;

Sparse Unit(const recommend::TermWeights& w) {
  double norm = 0.0;
  for (const auto& [term, x] : w) norm += static_cast<double>(x) * x;
  Sparse out;
  if (norm <= 0.0) return out;
  norm = std::sqrt(norm);
  for (const auto& [term, x] : w) out[term] += x / norm;
  return out;
}

double Dot(const Sparse& a, const Sparse& b) {
  const Sparse& small = a.size() < b.size() ? a : b;
  const Sparse& large = a.size() < b.size() ? b : a;
  double sum = 0.0;
  for (const auto& [term, x] : small) {
    if (auto it = large.find(term); it != large.end()) sum += x * it->second;
  }
  return sum;
}

}  // namespace

FeedbackResult ApplyFeedback(absl::string_view cluster, SuggestionKind kind,
                             const std::vector<Candidate>& candidates,
                             const std::vector<Answer>& answers, const TermWeighting& weigh,
                             absl::string_view as_of, const FeedbackOptions& options) {
  std::map<std::string, const Answer*, std::less<>> mine;
  int positives = 0;
  int negatives = 0;
  for (const Answer& a : answers) {
    if (a.id.cluster != cluster || a.id.kind != kind) continue;
    if (Expired(a, as_of, options.expiry_days)) continue;  // Forgotten: no hiding, no shift.
    mine[a.id.target] = &a;
    (a.verdict == Verdict::kReject ? negatives : positives) += 1;
  }
  FeedbackResult result;
  // The answered items as unit vectors with their Rocchio coefficient.
  std::vector<std::pair<Sparse, double>> shifts;
  std::vector<const Answer*> shift_answers;
  if (weigh && options.weight != 0.0) {
    for (const auto& [target, a] : mine) {
      const double coef =
          a->verdict == Verdict::kReject ? -options.gamma / negatives : options.beta / positives;
      Sparse v = Unit(weigh(kind, target));
      if (v.empty()) continue;
      shifts.emplace_back(std::move(v), coef);
      shift_answers.push_back(a);
    }
  }
  std::vector<Reranked> kept;
  for (const Candidate& c : candidates) {
    auto it = mine.find(c.target);
    if (it != mine.end() && Hides(*it->second, as_of, options.expiry_days)) {
      result.hidden.push_back(*it->second);
      continue;
    }
    Reranked r;
    r.target = c.target;
    r.base_score = c.score;
    r.score = c.score;
    if (!shifts.empty()) {
      const Sparse v = Unit(weigh(kind, c.target));
      std::vector<double> parts(shifts.size());
      for (size_t i = 0; i < shifts.size(); ++i) {
        parts[i] = options.weight * shifts[i].second * Dot(v, shifts[i].first);
        r.score += parts[i];
      }
      // The answer that pushed most in the direction the score went.
      const double sign = r.score >= r.base_score ? 1.0 : -1.0;
      double best = 0.0;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (sign * parts[i] > best) {
          best = sign * parts[i];
          r.because = shift_answers[i];
        }
      }
    }
    kept.push_back(std::move(r));
  }
  std::vector<size_t> order(kept.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (!shifts.empty()) {  // Without answers the recommender's order stays, ties included.
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return kept[a].score > kept[b].score; });
  }
  for (size_t place = 0; place < order.size(); ++place) {
    Reranked r = std::move(kept[order[place]]);
    r.moved = static_cast<int>(order[place]) - static_cast<int>(place);
    // Moved by its own shift, not displaced by others'.
    const bool own = r.moved > 0 ? r.score > r.base_score : r.score < r.base_score;
    if (r.moved == 0 || !own) r.because = nullptr;
    result.kept.push_back(std::move(r));
  }
  return result;
}

}  // namespace meute::feedback
