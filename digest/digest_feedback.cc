#include "digest/digest_feedback.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "digest/digest_calendar.h"
#include "feedback/feedback_config.h"
#include "feedback/recommender_feedback.h"

namespace meute::digest {
namespace {

using feedback::Answer;
using feedback::SuggestionKind;
using feedback::Verdict;

std::string ShortDate(absl::string_view ymd) {
  const std::optional<DayNumber> day = ParseDay(ymd);
  return day ? FrenchShortDate(*day) : std::string(ymd);
}

}  // namespace

FeedbackEvidence::FeedbackEvidence(const DigestEvidence& base, const DigestCorpus& corpus,
                                   std::vector<Answer> answers, feedback::TermWeighting weigh,
                                   feedback::FeedbackOptions options)
    : base_(base),
      corpus_(corpus),
      answers_(std::move(answers)),
      weigh_(std::move(weigh)),
      options_(options) {}

std::string FeedbackEvidence::Name(SuggestionKind kind, absl::string_view target) const {
  if (kind == SuggestionKind::kPartner) return corpus_.ClusterName(target);
  const ingest::Document* doc = corpus_.Find(target);
  return doc != nullptr && !doc->title.empty() ? doc->title : std::string(target);
}

std::string FeedbackEvidence::MovedNote(const feedback::Reranked& r) const {
  if (r.moved == 0 || r.because == nullptr) return "";
  const std::string name = Name(r.because->id.kind, r.because->id.target);
  const bool positive = r.because->verdict != Verdict::kReject;
  if (r.because->id.target == r.target) {
    return absl::StrCat("remonté : vous l’avez retenu le ", ShortDate(r.because->date));
  }
  if (r.moved > 0 && positive) {
    return absl::StrCat("remonté : proche de « ", name, " », que vous avez retenu le ",
                        ShortDate(r.because->date));
  }
  if (r.moved < 0 && !positive) {
    return absl::StrCat("descendu : proche de « ", name, " », que vous avez écarté le ",
                        ShortDate(r.because->date));
  }
  return absl::StrCat(r.moved > 0 ? "remonté" : "descendu", " depuis votre réponse sur « ", name,
                      " » du ", ShortDate(r.because->date));
}

namespace {

// `items` (each with an id and a score) in the order `apply` gives their
// candidates, without those it hides, each with its new score (clamped to
// [0, 1]) and the note `note` writes for it.
template <typename T, typename IdOf, typename Apply, typename Note>
std::vector<T> Reranked(std::vector<T> items, IdOf id_of, Apply apply, Note note) {
  std::vector<feedback::Candidate> candidates;
  std::map<std::string, T, std::less<>> by_id;
  for (T& item : items) {
    candidates.push_back({id_of(item), item.score});
    by_id[id_of(item)] = std::move(item);
  }
  const feedback::FeedbackResult result = apply(candidates);
  std::vector<T> out;
  for (const feedback::Reranked& r : result.kept) {
    T item = std::move(by_id[r.target]);
    item.score = std::clamp(r.score, 0.0, 1.0);
    item.feedback_note = note(r);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<RankedCall>> FeedbackEvidence::CallsFor(absl::string_view cluster_id,
                                                                   absl::string_view as_of) const {
  absl::StatusOr<std::vector<RankedCall>> calls = base_.CallsFor(cluster_id, as_of);
  if (!calls.ok()) return calls;
  const std::vector<Answer> active = feedback::ActiveAnswers(answers_, as_of);
  return Reranked(
      *std::move(calls), [](const RankedCall& c) { return c.call_id; },
      [&](const std::vector<feedback::Candidate>& candidates) {
        return feedback::ApplyFeedback(cluster_id, SuggestionKind::kCall, candidates, active,
                                       weigh_, as_of, options_);
      },
      [this](const feedback::Reranked& r) { return MovedNote(r); });
}

RecordMatch FeedbackEvidence::Match(absl::string_view record_id,
                                    absl::string_view cluster_id) const {
  return base_.Match(record_id, cluster_id);
}

std::optional<BuyerEvidence> FeedbackEvidence::BuyerFor(const ingest::Document& news,
                                                        absl::string_view cluster_id,
                                                        absl::string_view as_of) const {
  std::optional<BuyerEvidence> b = base_.BuyerFor(news, cluster_id, as_of);
  if (!b) return b;
  const feedback::SuggestionId id{std::string(cluster_id), SuggestionKind::kBuyer, news.id};
  // As for partners and calls: the answer in force on `as_of` hides its item
  // while it has not expired.
  for (const Answer& a : feedback::ActiveAnswers(answers_, as_of)) {
    if (a.id == id && feedback::Hides(a, as_of, options_.expiry_days)) {
      b->members.clear();
      b->cluster_rank = 0;
      b->score = 0.0;
    }
  }
  return b;
}

absl::StatusOr<DigestConsortium> FeedbackEvidence::ConsortiumFor(absl::string_view call_id,
                                                                 absl::string_view as_of) const {
  return base_.ConsortiumFor(call_id, as_of);
}

absl::StatusOr<std::vector<DigestPartner>> FeedbackEvidence::PartnersFor(
    absl::string_view cluster_id, absl::string_view as_of) const {
  absl::StatusOr<std::vector<DigestPartner>> partners = base_.PartnersFor(cluster_id, as_of);
  if (!partners.ok()) return partners;
  const std::vector<Answer> active = feedback::ActiveAnswers(answers_, as_of);
  return Reranked(
      *std::move(partners), [](const DigestPartner& p) { return p.cluster.id; },
      [&](const std::vector<feedback::Candidate>& candidates) {
        return feedback::ApplyFeedback(cluster_id, SuggestionKind::kPartner, candidates, active,
                                       weigh_, as_of, options_);
      },
      [this](const feedback::Reranked& r) { return MovedNote(r); });
}

std::vector<ThemeEvidence> FeedbackEvidence::Themes(absl::string_view as_of) const {
  return base_.Themes(as_of);
}

std::vector<DigestFeedbackNote> FeedbackEvidence::FeedbackNotes(absl::string_view cluster_id,
                                                                absl::string_view as_of) const {
  std::vector<DigestFeedbackNote> out;
  for (const Answer& a : feedback::ActiveAnswers(answers_, as_of)) {
    if (a.id.cluster != cluster_id || !feedback::Hides(a, as_of, options_.expiry_days)) continue;
    const std::optional<DayNumber> day = ParseDay(a.date);
    const std::string until = day ? FrenchShortDate(*day + options_.expiry_days) : std::string();
    out.push_back(
        {a.id.ToString(), absl::StrCat("« ", Name(a.id.kind, a.id.target), " » n’est plus suggéré ",
                                       a.verdict == Verdict::kKnown ? "(déjà connu, dites-vous le "
                                                                    : "depuis votre refus du ",
                                       ShortDate(a.date), a.verdict == Verdict::kKnown ? ")" : "",
                                       until.empty() ? "" : absl::StrCat(", jusqu’au ", until))});
  }
  return out;
}

absl::StatusOr<DigestFeedback> OpenDigestFeedback(
    const DigestEvidence& base, const DigestCorpus& corpus, const recommend::Recommender& rec,
    const std::string& db_dir, const std::string& config_path, absl::string_view from) {
  absl::StatusOr<feedback::FeedbackConfig> config = feedback::ReadFeedbackConfig(
      config_path.empty() ? feedback::FeedbackConfigPath(db_dir) : config_path);
  if (!config.ok()) return config.status();
  absl::StatusOr<std::vector<Answer>> answers =
      feedback::FeedbackStore(feedback::FeedbackPath(db_dir)).Load();
  if (!answers.ok()) return answers.status();
  DigestFeedback out;
  out.evidence = std::make_unique<FeedbackEvidence>(
      base, corpus, *std::move(answers), feedback::RecommenderWeighting(rec), config->options);
  out.links.mailto = config->mailto.empty() ? MailboxAddress(from) : config->mailto;
  out.links.url_template = config->url_template;
  return out;
}

std::string MailboxAddress(absl::string_view mailbox) {
  const size_t open = mailbox.rfind('<');
  const size_t close = mailbox.rfind('>');
  if (open != absl::string_view::npos && close != absl::string_view::npos && open < close) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return std::string(absl::StripAsciiWhitespace(mailbox));
}

}  // namespace meute::digest
