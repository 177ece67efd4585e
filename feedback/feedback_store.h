// The answers of cluster managers to digest suggestions (accept, reject,
// already known), kept in a small JSON Lines file beside the database,
// DB/meute.feedback.jsonl (doc/formats.md), so that they survive rebuilds of
// the index and of the model (neither touches that file).
//
// Why a file and not SQLite or Xapian metadata: answers are a few hundred a
// year, people read and back them up as text, nlohmann/json is already a
// dependency, and Xapian's writer lock would make feedback wait for (or
// block) the nightly indexing. Every change takes an exclusive flock() on
// DB/meute.feedback.lock, re-reads the file, and replaces it atomically
// (temporary file, fsync, rename): two imports at once lose nothing, a crash
// leaves the old or the new file, never half a line.
//
// The file is a log: an answer is never removed; an undo is a line of its
// own naming the answer it cancels. The effective answer for a suggestion is
// its latest answer not undone (ActiveAnswers()).
//
// Thread safety: FeedbackStore methods may run concurrently, in one process
// or several (the lock serialises writers).

#ifndef MEUTE_FEEDBACK_FEEDBACK_STORE_H_
#define MEUTE_FEEDBACK_FEEDBACK_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "feedback/suggestion_id.h"

namespace meute::feedback {

// DO NOT CHANGE the names: the file stores them.
enum class Verdict { kAccept, kReject, kKnown };
absl::string_view VerdictName(Verdict verdict);  // "accept", "reject", "known".
// kInvalidArgument for other words than the three names.
absl::StatusOr<Verdict> ParseVerdict(absl::string_view word);

struct Answer {
  int64_t seq = 0;  // Given by the store, 1, 2, ... in the order stored.
  SuggestionId id;
  Verdict verdict = Verdict::kReject;
  std::string date;    // YYYY-MM-DD, when the manager answered.
  std::string author;  // Who answered (an e-mail address, a name).
  std::string reason;  // Free text, may be empty.
  std::string source;  // "cli", or FILE:LINE of the imported reply.
  // Set by Load(): the seq of the undo that cancelled it, 0 if in force.
  int64_t undone_by = 0;
};

// DB/meute.feedback.jsonl.
std::string FeedbackPath(absl::string_view db_dir);

struct AddResult {
  int added = 0;
  int duplicates = 0;  // Same id, verdict, date, author and reason already in force.
};

class FeedbackStore {
 public:
  // The store in file `path` (created on the first Add()).
  explicit FeedbackStore(std::string path);

  // Every answer, undone ones included (undone_by set), by seq. An absent
  // file is an empty store. kDataLoss naming FILE:LINE on a corrupt line.
  absl::StatusOr<std::vector<Answer>> Load() const;

  // Stores `answers` (their seq is ignored), all or none, skipping those
  // already in force. REQUIRES: each date is YYYY-MM-DD.
  absl::StatusOr<AddResult> Add(const std::vector<Answer>& answers);

  // Cancels the answer in force for `id`. Returns it; kNotFound if `id` has
  // none.
  absl::StatusOr<Answer> Undo(const SuggestionId& id, absl::string_view date,
                              absl::string_view author);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The answer in force for each suggestion as of `as_of` (YYYY-MM-DD): the
// latest answer dated on or before it that is not undone; by seq.
std::vector<Answer> ActiveAnswers(const std::vector<Answer>& answers, absl::string_view as_of);

// True when `answer` (reject or known) keeps its suggestion out of digests
// made on `as_of`: as_of lies before answer.date + expiry_days.
bool Hides(const Answer& answer, absl::string_view as_of, int expiry_days);
// True when that time is over: a reject or known answer of expiry_days or
// more before `as_of`. An expired answer is forgotten: it neither hides its
// suggestion nor moves others (rerank.h). Accepts never expire.
bool Expired(const Answer& answer, absl::string_view as_of, int expiry_days);

// One line per answer, by seq: "SEQ DATE VERDICT ID AUTHOR [undone by N] — REASON".
std::string FormatAnswers(const std::vector<Answer>& answers);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_FEEDBACK_STORE_H_
