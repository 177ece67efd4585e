#include "ingest/fetch.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace meute::ingest {
namespace {

struct Transfer {
  std::string body;
  size_t max_bytes = 0;
  bool too_big = false;
  FetchValidators validators;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t->body.size() + bytes > t->max_bytes) {
    t->too_big = true;
    return 0;  // Aborts the transfer.
  }
  t->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  absl::string_view line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    const std::string name = absl::AsciiStrToLower(line.substr(0, colon));
    const std::string value(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    if (name == "etag") t->validators.etag = value;
    if (name == "last-modified") t->validators.last_modified = value;
  } else if (absl::StartsWith(line, "HTTP/")) {
    t->validators = {};  // A new response (after a redirect): forget the old one's.
  }
  return size * n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

absl::StatusOr<FetchResult> FetchUrl(absl::string_view url, const FetchValidators& previous,
                                     const FetchOptions& options) {
  const std::string lower = absl::AsciiStrToLower(url);
  if (!absl::StartsWith(lower, "http://") && !absl::StartsWith(lower, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat("\"", url, "\": only http and https URLs"));
  }
  GlobalInit();
  const std::string u(url);
  FetchResult result;
  long backoff = options.retry_backoff_ms;
  absl::Status last = absl::UnavailableError("not attempted");
  for (int attempt = 0; attempt <= options.max_retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
      backoff *= 2;
    }
    result.attempts = attempt + 1;
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
    Transfer t;
    t.max_bytes = options.max_bytes;
    curl_slist* headers = nullptr;
    if (!previous.etag.empty()) {
      headers = curl_slist_append(headers, absl::StrCat("If-None-Match: ", previous.etag).c_str());
    }
    if (!previous.last_modified.empty()) {
      headers = curl_slist_append(
          headers, absl::StrCat("If-Modified-Since: ", previous.last_modified).c_str());
    }
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, u.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    result.content_type = type != nullptr ? type : "";
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    const std::string what = absl::StrCat("fetching ", u);
    if (t.too_big) {
      return absl::ResourceExhaustedError(
          absl::StrCat(what, ": larger than ", options.max_bytes, " bytes"));
    }
    if (code != CURLE_OK) {
      const std::string msg = absl::StrCat(what, ": ", error[0] ? error : curl_easy_strerror(code));
      last = code == CURLE_OPERATION_TIMEDOUT ? absl::DeadlineExceededError(msg)
                                              : absl::UnavailableError(msg);
      if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) {
        return absl::InvalidArgumentError(msg);
      }
      continue;
    }
    result.http_status = status;
    if (status == 304) {
      result.not_modified = true;
      result.validators = previous;
      return result;
    }
    if (status >= 200 && status < 300) {
      result.body = std::move(t.body);
      result.validators = std::move(t.validators);
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
