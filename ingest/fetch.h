// Fetches a feed or page over http(s) for the nightly run, politely: a
// conditional GET (ETag / If-Modified-Since), time limits, bounded retries
// with exponential back-off, a size cap. Only http and https are allowed, also
// after redirects. This is the only network code in Meute: the readers parse
// bytes and never open connections.
//
// Thread safety: FetchUrl() may be called from several threads.

#ifndef MEUTE_INGEST_FETCH_H_
#define MEUTE_INGEST_FETCH_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::ingest {

struct FetchOptions {
  // Whole transfer limit. Default: 30 s.
  long timeout_ms = 30000;
  // Connection limit. Default: 10 s.
  long connect_timeout_ms = 10000;
  // Extra attempts after a network error, a 5xx or a 429. Default: 3.
  int max_retries = 3;
  // First back-off; doubles at each retry. Default: 500 ms.
  long retry_backoff_ms = 500;
  // Larger bodies are refused (kResourceExhausted). Default: 64 MiB.
  size_t max_bytes = size_t{64} << 20;
  std::string user_agent = "meute-nightly/0.1 (+https://meute.example.org)";
};

// Validators of the last successful fetch, kept by the caller between runs.
struct FetchValidators {
  std::string etag;
  std::string last_modified;
};

struct FetchResult {
  bool not_modified = false;  // 304: the body is empty, use the previous copy.
  long http_status = 0;
  std::string body;
  std::string content_type;
  FetchValidators validators;  // From this response (or the previous ones on 304).
  int attempts = 0;
};

// GETs `url`. kInvalidArgument for a URL that is not http(s); kNotFound for
// 404/410; kPermissionDenied for 401/403; kDeadlineExceeded on timeouts and
// kUnavailable on other network errors or 5xx after the retries;
// kResourceExhausted when the body exceeds max_bytes.
absl::StatusOr<FetchResult> FetchUrl(absl::string_view url, const FetchValidators& previous,
                                     const FetchOptions& options = {});

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_FETCH_H_
