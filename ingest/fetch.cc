// FetchUrl(): the retries, back-off and status codes. Each attempt is one GET
// by the plugin libmeute_fetch.so (plugins/fetch_plugin.h), so that only the
// commands that fetch map libcurl and its TLS, Kerberos and LDAP libraries.

#include "ingest/fetch.h"

#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ingest/internal/plugin.h"
#include "ingest/plugins/fetch_plugin.h"

namespace meute::ingest {
namespace {

// One attempt's response, as the plugin hands it back.
struct Response {
  std::string body;
  long http_status = 0;
  std::string content_type;
  FetchValidators validators;
  std::string error;
};

void OnBody(void* context, const char* data, size_t size) {
  static_cast<Response*>(context)->body.append(data, size);
}

void OnDone(void* context, long http_status, const char* content_type, const char* etag,
            const char* last_modified, const char* error) {
  auto* r = static_cast<Response*>(context);
  r->http_status = http_status;
  r->content_type = content_type;
  r->validators.etag = etag;
  r->validators.last_modified = last_modified;
  r->error = error;
}

}  // namespace

absl::StatusOr<FetchResult> FetchUrl(absl::string_view url, const FetchValidators& previous,
                                     const FetchOptions& options) {
  const std::string lower = absl::AsciiStrToLower(url);
  if (!absl::StartsWith(lower, "http://") && !absl::StartsWith(lower, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat("\"", url, "\": only http and https URLs"));
  }
  const std::string u(url);
  const std::string what = absl::StrCat("fetching ", u);
  absl::StatusOr<void*> symbol =
      internal::PluginSymbol("libmeute_fetch.so", MEUTE_FETCH_ONCE_SYMBOL);
  if (!symbol.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(what, ": ", symbol.status().message()));
  }
  const auto fetch_once = reinterpret_cast<MeuteFetchOnceFn>(*symbol);
  const MeuteFetchRequest request{u.c_str(),
                                  previous.etag.c_str(),
                                  previous.last_modified.c_str(),
                                  options.user_agent.c_str(),
                                  options.timeout_ms,
                                  options.connect_timeout_ms,
                                  options.max_bytes};
  FetchResult result;
  long backoff = options.retry_backoff_ms;
  absl::Status last = absl::UnavailableError("not attempted");
  for (int attempt = 0; attempt <= options.max_retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
      backoff *= 2;
    }
    result.attempts = attempt + 1;
    Response response;
    const MeuteFetchSink sink{&response, OnBody, OnDone};
    const int outcome = fetch_once(&request, &sink);
    result.content_type = response.content_type;
    switch (outcome) {
      case kMeuteFetchDone:
        break;
      case kMeuteFetchTooBig:
        return absl::ResourceExhaustedError(
            absl::StrCat(what, ": larger than ", options.max_bytes, " bytes"));
      case kMeuteFetchBadUrl:
        return absl::InvalidArgumentError(absl::StrCat(what, ": ", response.error));
      case kMeuteFetchTimeout:
        last = absl::DeadlineExceededError(absl::StrCat(what, ": ", response.error));
        continue;
      case kMeuteFetchNetwork:
        last = absl::UnavailableError(absl::StrCat(what, ": ", response.error));
        continue;
      default:
        return absl::InternalError(absl::StrCat(what, ": curl_easy_init failed"));
    }
    const long status = response.http_status;
    result.http_status = status;
    if (status == 304) {
      result.not_modified = true;
      result.validators = previous;
      return result;
    }
    if (status >= 200 && status < 300) {
      result.body = std::move(response.body);
      result.validators = std::move(response.validators);
      return result;
    }
    const std::string msg = absl::StrCat(what, ": HTTP ", status);
    if (status == 429 || status >= 500) {
      last = absl::UnavailableError(msg);
      continue;
    }
    if (status == 404 || status == 410) return absl::NotFoundError(msg);
    if (status == 401 || status == 403) return absl::PermissionDeniedError(msg);
    return absl::FailedPreconditionError(msg);
  }
  return absl::Status(last.code(),
                      absl::StrCat(last.message(), " (after ", result.attempts, " attempts)"));
}

}  // namespace meute::ingest
