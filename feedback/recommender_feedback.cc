#include "feedback/recommender_feedback.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "recommend/model.h"

namespace meute::feedback {
namespace {

bool IsCluster(const recommend::Recommender& rec, absl::string_view id) {
  const std::vector<std::string>& ids = rec.cluster_ids();
  return std::binary_search(ids.begin(), ids.end(), id,
                            [](absl::string_view a, absl::string_view b) { return a < b; });
}

}  // namespace

absl::Status ValidateSuggestion(const recommend::Recommender& rec, const SuggestionId& id) {
  if (!IsCluster(rec, id.cluster)) {
    return absl::NotFoundError(
        absl::StrCat("unknown cluster \"", id.cluster, "\" in ", id.ToString()));
  }
  auto unknown = [&](absl::string_view what) {
    return absl::NotFoundError(absl::StrCat("unknown ", what, " \"", id.target, "\" in ",
                                            id.ToString(), ": no digest suggests it"));
  };
  switch (id.kind) {
    case SuggestionKind::kPartner:
      if (!IsCluster(rec, id.target) || id.target == id.cluster) return unknown("partner cluster");
      return absl::OkStatus();
    case SuggestionKind::kCall:
    case SuggestionKind::kBuyer: {
      const int32_t row = rec.Find(id.target);
      const ingest::Kind want =
          id.kind == SuggestionKind::kCall ? ingest::Kind::kCall : ingest::Kind::kNews;
      if (row < 0 || rec.docs()[static_cast<size_t>(row)].record.kind != want) {
        return unknown(id.kind == SuggestionKind::kCall ? "call" : "news item");
      }
      return absl::OkStatus();
    }
  }
  return unknown("target");
}

TermWeighting RecommenderWeighting(const recommend::Recommender& rec) {
  return [&rec](SuggestionKind kind, absl::string_view target) -> recommend::TermWeights {
    if (kind != SuggestionKind::kPartner) {
      const int32_t row = rec.Find(target);
      return row < 0 ? recommend::TermWeights() : rec.Weights(row);
    }
    const int32_t row = rec.Find(target);
    const bool is_record =
        row >= 0 && rec.docs()[static_cast<size_t>(row)].record.kind == ingest::Kind::kCluster;
    std::vector<recommend::TermWeights> members;
    for (int32_t m : rec.Members(target)) members.push_back(rec.Weights(m));
    return recommend::SparseClusterProfile(is_record ? rec.Weights(row) : recommend::TermWeights(),
                                           members, rec.model().data().options.description_weight);
  };
}

absl::StatusOr<StoreReport> StoreReplies(const recommend::Recommender& rec, FeedbackStore& store,
                                         ImportResult imported, const std::set<std::string>* sent) {
  StoreReport report;
  report.errors = std::move(imported.errors);
  std::vector<Answer> answers;
  std::vector<const Reply*> undos;
  for (const Reply& r : imported.replies) {
    if (absl::Status s = ValidateSuggestion(rec, r.answer.id); !s.ok()) {
      report.errors.push_back(absl::StrCat(r.answer.source, ": ", s.message()));
    } else if (sent != nullptr && !sent->count(r.answer.id.ToString())) {
      report.errors.push_back(
          absl::StrCat(r.answer.source, ": ", r.answer.id.ToString(), " was in no digest sent"));
    } else if (r.undo) {
      undos.push_back(&r);
    } else {
      answers.push_back(r.answer);
    }
  }
  absl::StatusOr<AddResult> added = store.Add(answers);
  if (!added.ok()) return added.status();
  report.added = added->added;
  report.duplicates = added->duplicates;
  for (const Reply* r : undos) {
    absl::StatusOr<Answer> undone = store.Undo(r->answer.id, r->answer.date, r->answer.author);
    if (absl::IsNotFound(undone.status())) {
      report.errors.push_back(absl::StrCat(r->answer.source, ": ", undone.status().message()));
    } else if (!undone.ok()) {
      return undone.status();
    } else {
      ++report.undone;
    }
  }
  return report;
}

}  // namespace meute::feedback
