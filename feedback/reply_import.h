// Reads the answers of cluster managers from what reaches Meute without
// anyone typing a command:
// - replies to digest e-mails, as an mbox file or a Maildir folder (cur/ and
//   new/): the Subject carries the verb and the id that the digest's link
//   put there ("Re: meute reject mipyrail/partner/automotech"), From the
//   author, Date the date, and the first line of the body that is not quoted
//   (">") nor blank, if any, the reason;
// - a form's export, as CSV (a header line naming the columns id, answer,
//   author, date and reason; reason optional) or JSON Lines (objects with
//   those keys). `answer` is accept, reject, known or undo.
//
// Every reply that cannot be read is reported as FILE:LINE: message and the
// others are still returned; whether the id names a real suggestion is
// checked by the caller (ValidateSuggestion()).
//
// Thread safety: pure functions.

#ifndef MEUTE_FEEDBACK_REPLY_IMPORT_H_
#define MEUTE_FEEDBACK_REPLY_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "feedback/feedback_store.h"

namespace meute::feedback {

struct Reply {
  Answer answer;      // answer.source = "FILE:LINE" (the message's first line).
  bool undo = false;  // "undo": cancel the answer in force for answer.id.
};

struct ImportResult {
  std::vector<Reply> replies;
  std::vector<std::string> errors;  // "FILE:LINE: message", one per refused reply.
};

// Reads `path`: a folder is a Maildir; *.csv CSV; *.jsonl / *.ndjson JSON
// Lines; anything else an mbox. kNotFound if `path` does not exist.
absl::StatusOr<ImportResult> ReadReplies(const std::string& path);

// Reads text already loaded from `path` in the given format.
ImportResult ReadMbox(const std::string& path, absl::string_view text);
ImportResult ReadCsv(const std::string& path, absl::string_view text);
ImportResult ReadJsonLines(const std::string& path, absl::string_view text);

// The answer a message's subject gives: the word accept, reject, known or
// undo followed by a suggestion id. kInvalidArgument otherwise.
absl::StatusOr<Reply> ParseReplySubject(absl::string_view subject);

// YYYY-MM-DD of an RFC 5322 Date header ("Mon, 7 Dec 2026 10:00:00 +0100"),
// or kInvalidArgument.
absl::StatusOr<std::string> MailDate(absl::string_view header);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_REPLY_IMPORT_H_
