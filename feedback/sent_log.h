// Which suggestion ids each digest held, as `meute digest` wrote or sent it,
// so that a reply can be checked against what managers actually received:
// `meute feedback import` refuses a reply whose id no digest held.
//
// Format (doc/formats.md): DB/meute.sent.jsonl, beside the answers, one JSON
// object per digest, appended under an exclusive flock() of the file itself:
//   {"week": "2026-W48", "date": "2026-11-23", "cluster": "mipyrail",
//    "ids": ["mipyrail/call/call-x", "mipyrail/partner/derbi", ...]}
// `date` is the digest's Monday. Lines are never rewritten.
//
// Thread safety: RecordSent() may run concurrently, in one process or
// several (the lock serialises writers).

#ifndef MEUTE_FEEDBACK_SENT_LOG_H_
#define MEUTE_FEEDBACK_SENT_LOG_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::feedback {

// DB/meute.sent.jsonl.
std::string SentLogPath(absl::string_view db_dir);

struct SentDigest {
  std::string week;
  std::string date;
  std::string cluster;
  std::vector<std::string> ids;  // Suggestion ids (SuggestionId::ToString()).
};

// Appends `digests` to the log at `path` (created if missing) in one write.
// The error of open/lock/write, naming the file.
absl::Status RecordSent(const std::string& path, const std::vector<SentDigest>& digests);

// Every id of the log at `path`; empty when it does not exist (no digest
// sent yet). kDataLoss naming FILE:LINE for a line that is not a digest.
absl::StatusOr<std::set<std::string>> LoadSentIds(const std::string& path);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_SENT_LOG_H_
