// Where rendered digests go: files named WEEK-CLUSTER.EXT in a folder,
// replaced atomically, and e-mails piped to a local mail command
// (`sendmail -t -i` or anything that reads a message on its standard input).
//
// Thread safety: DeliverDigests() changes the process's SIGPIPE disposition
// while it writes to the mail command: run one at a time.

#ifndef MEUTE_DIGEST_DIGEST_DELIVERY_H_
#define MEUTE_DIGEST_DIGEST_DELIVERY_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "digest/digest_render.h"

namespace meute::digest {

enum class DigestFormat { kMarkdown, kHtml, kEmail, kJson };

// "md", "html", "eml" or "json" -> the format; kInvalidArgument otherwise.
absl::StatusOr<DigestFormat> ParseDigestFormat(absl::string_view name);

// The file name extension of `format` (its name for ParseDigestFormat()).
absl::string_view DigestExtension(DigestFormat format);

// The digest rendered in `format` (digest_render.h); `email` is used only for
// kEmail, whose errors are those of RenderDigestEmail().
absl::StatusOr<std::string> RenderDigest(const Digest& digest, DigestFormat format,
                                         const EmailOptions& email = {});

// The week a digest is asked for: `text` ("2026-W48", see ParseIsoWeek()), or
// when it is empty the week that holds `today` (YYYY-MM-DD).
// kInvalidArgument if `text` is no ISO week or `today` no date.
absl::StatusOr<IsoWeek> DigestWeek(absl::string_view text, absl::string_view today);

// Creates the folder `dir` and its parents if missing. kInvalidArgument,
// naming --out, if that fails.
absl::Status CreateOutputFolder(const std::string& dir);

// Pipes `message` to `command` (run by /bin/sh), with LF line ends as local
// mail commands expect. kInternal if the command cannot start, stops reading
// early or exits non-zero. SIGPIPE is ignored while writing, so a command that
// exits without reading is an error, not the death of the process.
absl::Status PipeToCommand(const std::string& command, absl::string_view message);

struct DeliveryOptions {
  DigestFormat format = DigestFormat::kHtml;
  EmailOptions email;
  // Folder of the files, WEEK-CLUSTER.EXT; empty: no files. Default: empty.
  std::string out_dir;
  // Shell command each digest is piped to (PipeToCommand()); empty: none.
  // Default: empty.
  std::string sendmail;
  // Called for each digest the command refused; the others are still sent.
  // Default: none.
  std::function<void(absl::string_view cluster_id, const absl::Status& status)> on_send_error;
};

struct DeliveryReport {
  int written = 0;          // Files written.
  int sent = 0;             // Messages the command accepted.
  absl::Status send_error;  // The first refused message's error; OK if none.
};

// The line `meute digest` prints when done: "digest 2026-W48: 16 digests
// written to OUT, 16 sent in 1.23 s\n" (the parts of `options` in use).
std::string DeliverySummary(const IsoWeek& week, const DeliveryReport& report,
                            const DeliveryOptions& options, double seconds);

// Renders digests[i] (the digest of cluster_ids[i] for `week`) and delivers
// it as `options` say, in order. Returns the first error of a digest (as
// assembled), of its rendering or of writing its file (annotated "writing
// the digest"), and stops there; a refused message does not stop the others
// (DeliveryReport::send_error). REQUIRES: digests.size() == cluster_ids.size().
absl::StatusOr<DeliveryReport> DeliverDigests(const std::vector<std::string>& cluster_ids,
                                              const std::vector<absl::StatusOr<Digest>>& digests,
                                              const IsoWeek& week, const DeliveryOptions& options);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_DELIVERY_H_
