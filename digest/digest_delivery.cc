#include "digest/digest_delivery.h"

#include <signal.h>
#include <sys/wait.h>

#include <cassert>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "base/file_util.h"
#include "base/status_macros.h"

namespace meute::digest {

absl::StatusOr<DigestFormat> ParseDigestFormat(absl::string_view name) {
  if (name == "md") return DigestFormat::kMarkdown;
  if (name == "html") return DigestFormat::kHtml;
  if (name == "eml") return DigestFormat::kEmail;
  if (name == "json") return DigestFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown digest format \"", name, "\" (md, html, eml or json)"));
}

absl::string_view DigestExtension(DigestFormat format) {
  switch (format) {
    case DigestFormat::kMarkdown:
      return "md";
    case DigestFormat::kEmail:
      return "eml";
    case DigestFormat::kJson:
      return "json";
    case DigestFormat::kHtml:
      break;
  }
  return "html";
}

absl::StatusOr<std::string> RenderDigest(const Digest& digest, DigestFormat format,
                                         const EmailOptions& email) {
  switch (format) {
    case DigestFormat::kMarkdown:
      return RenderDigestMarkdown(digest);
    case DigestFormat::kJson:
      return DigestToJson(digest);
    case DigestFormat::kEmail:
      return RenderDigestEmail(digest, email);
    case DigestFormat::kHtml:
      break;
  }
  return RenderDigestHtml(digest);
}

absl::StatusOr<IsoWeek> DigestWeek(absl::string_view text, absl::string_view today) {
  if (!text.empty()) return ParseIsoWeek(text);
  const std::optional<DayNumber> day = ParseDay(today);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", today, "\" is no YYYY-MM-DD date"));
  }
  return IsoWeekOf(*day);
}

absl::Status CreateOutputFolder(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create --out \"", dir, "\": ", error.message()));
  }
  return absl::OkStatus();
}

absl::Status PipeToCommand(const std::string& command, absl::string_view message) {
  std::FILE* pipe = ::popen(command.c_str(), "w");
  if (pipe == nullptr) {
    return absl::InternalError(absl::StrCat("cannot run sendmail command \"", command, "\""));
  }
  // After popen, so that the command does not inherit the ignored signal.
  struct sigaction ignore = {}, previous = {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  absl::Cleanup restore = [&previous] { ::sigaction(SIGPIPE, &previous, nullptr); };
  const std::string lf = absl::StrReplaceAll(message, {{"\r\n", "\n"}});
  size_t written = std::fwrite(lf.data(), 1, lf.size(), pipe);
  if (std::fflush(pipe) != 0) written = 0;
  const int status = ::pclose(pipe);
  // pclose() returns a wait status: say what people read in a shell.
  if (status == -1) {
    return absl::InternalError(
        absl::StrCat("sendmail command \"", command, "\" could not be waited for"));
  }
  if (WIFSIGNALED(status)) {
    return absl::InternalError(
        absl::StrCat("sendmail command \"", command, "\" was killed by signal ", WTERMSIG(status)));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("sendmail command \"", command,
                                            "\" exited with status ", WEXITSTATUS(status)));
  }
  if (written != lf.size()) {
    return absl::InternalError(
        absl::StrCat("sendmail command \"", command, "\" did not read the whole e-mail"));
  }
  return absl::OkStatus();
}

absl::StatusOr<DeliveryReport> DeliverDigests(const std::vector<std::string>& cluster_ids,
                                              const std::vector<absl::StatusOr<Digest>>& digests,
                                              const IsoWeek& week, const DeliveryOptions& options) {
  assert(digests.size() == cluster_ids.size());
  DeliveryReport report;
  for (size_t i = 0; i < cluster_ids.size(); ++i) {
    const std::string& cluster = cluster_ids[i];
    if (!digests[i].ok()) return digests[i].status();
    MEUTE_ASSIGN_OR_RETURN(const std::string bytes,
                           RenderDigest(*digests[i], options.format, options.email));
    if (!options.out_dir.empty()) {
      const std::string path = absl::StrCat(options.out_dir, "/", FormatIsoWeek(week), "-", cluster,
                                            ".", DigestExtension(options.format));
      if (absl::Status s = WriteFileAtomically(path, bytes); !s.ok()) {
        return Annotate(s, "writing the digest");
      }
      ++report.written;
    }
    if (!options.sendmail.empty()) {
      if (absl::Status s = PipeToCommand(options.sendmail, bytes); !s.ok()) {
        if (options.on_send_error) options.on_send_error(cluster, s);
        if (report.send_error.ok()) report.send_error = s;
        continue;
      }
      ++report.sent;
    }
  }
  return report;
}

std::string DeliverySummary(const IsoWeek& week, const DeliveryReport& report,
                            const DeliveryOptions& options, double seconds) {
  std::string line = absl::StrFormat("digest %s: %d %s written", FormatIsoWeek(week),
                                     report.written, report.written == 1 ? "digest" : "digests");
  if (!options.out_dir.empty()) absl::StrAppend(&line, " to ", options.out_dir);
  if (!options.sendmail.empty()) absl::StrAppend(&line, ", ", report.sent, " sent");
  absl::StrAppendFormat(&line, " in %.2f s\n", seconds);
  return line;
}

}  // namespace meute::digest
