// Feedback applied to a digest's evidence: a DigestEvidence that wraps
// another and passes the partners and calls it ranks through
// feedback::ApplyFeedback() (rejected and already-known suggestions hidden
// until they expire, Rocchio re-ranking on the answers of the cluster),
// hides buyer items the cluster answered "reject" or "known" (until they
// expire, as partners and calls), says why a
// suggestion moved (DigestCall::feedback_note, DigestPartner::feedback_note)
// and lists what it hid (FeedbackNotes()). A cluster without answers gets
// exactly the wrapped evidence's answers.
//
// Thread safety: as the wrapped evidence (the answers are immutable).

#ifndef MEUTE_DIGEST_DIGEST_FEEDBACK_H_
#define MEUTE_DIGEST_DIGEST_FEEDBACK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/recommender.h"

#include "digest/digest_assemble.h"
#include "feedback/feedback_store.h"
#include "feedback/rerank.h"

namespace meute::digest {

class FeedbackEvidence : public DigestEvidence {
 public:
  // `base` and `corpus` (for names) must outlive this object; `answers` are
  // every stored answer (FeedbackStore::Load()): those in force on the day
  // each digest is made are used.
  FeedbackEvidence(const DigestEvidence& base, const DigestCorpus& corpus,
                   std::vector<feedback::Answer> answers, feedback::TermWeighting weigh,
                   feedback::FeedbackOptions options);

  absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view cluster_id,
                                                   absl::string_view as_of) const override;
  RecordMatch Match(absl::string_view record_id, absl::string_view cluster_id) const override;
  absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view call_id,
                                                 absl::string_view as_of) const override;
  absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view cluster_id,
                                                         absl::string_view as_of) const override;
  std::vector<ThemeEvidence> Themes(absl::string_view as_of) const override;
  std::optional<BuyerEvidence> BuyerFor(const ingest::Document& news, absl::string_view cluster_id,
                                        absl::string_view as_of) const override;
  std::vector<DigestFeedbackNote> FeedbackNotes(absl::string_view cluster_id,
                                                absl::string_view as_of) const override;

 private:
  std::string Name(feedback::SuggestionKind kind, absl::string_view target) const;
  std::string MovedNote(const feedback::Reranked& r) const;

  const DigestEvidence& base_;
  const DigestCorpus& corpus_;
  std::vector<feedback::Answer> answers_;
  feedback::TermWeighting weigh_;
  feedback::FeedbackOptions options_;
};

struct DigestFeedback {
  std::unique_ptr<FeedbackEvidence> evidence;
  DigestFeedbackLinks links;  // For DigestOptions::feedback_links.
};

// FeedbackEvidence over `base` with the answers stored beside the database
// at `db_dir` (feedback::FeedbackPath()), the term weighting of `rec` and the
// configuration at `config_path` ("" = feedback::FeedbackConfigPath(db_dir));
// the links' mailto defaults to the address of `from` (the digest's From).
// Errors as FeedbackStore::Load() and ReadFeedbackConfig().
absl::StatusOr<DigestFeedback> OpenDigestFeedback(
    const DigestEvidence& base, const DigestCorpus& corpus, const recommend::Recommender& rec,
    const std::string& db_dir, const std::string& config_path, absl::string_view from);

// The address of an RFC 5322 mailbox: "Meute <meute@x.org>" -> "meute@x.org".
std::string MailboxAddress(absl::string_view mailbox);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_FEEDBACK_H_
