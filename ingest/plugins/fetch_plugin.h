// The C interface of libmeute_fetch.so, the plugin that makes one HTTP(S) GET
// with libcurl (ingest/internal/plugin.h says why it is a plugin). Retries,
// back-off and the mapping to absl::Status stay in ingest/fetch.cc; the plugin
// links neither Abseil nor anything of Meute.

#ifndef MEUTE_INGEST_PLUGINS_FETCH_PLUGIN_H_
#define MEUTE_INGEST_PLUGINS_FETCH_PLUGIN_H_

#include <cstddef>

extern "C" {

struct MeuteFetchRequest {
  const char* url;
  const char* etag;           // "" for none: sent as If-None-Match.
  const char* last_modified;  // "" for none: sent as If-Modified-Since.
  const char* user_agent;
  long timeout_ms;
  long connect_timeout_ms;
  size_t max_bytes;
};

enum MeuteFetchOutcome {
  kMeuteFetchDone = 0,      // A response came (any HTTP status).
  kMeuteFetchTooBig = 1,    // The body passed max_bytes: the transfer stopped.
  kMeuteFetchTimeout = 2,   // A time limit passed.
  kMeuteFetchBadUrl = 3,    // Malformed URL or a protocol other than http(s).
  kMeuteFetchNetwork = 4,   // Any other transfer error (DNS, connection, TLS...).
  kMeuteFetchInternal = 5,  // libcurl could not start.
};

// Receives the response. Strings are only valid during the call.
struct MeuteFetchSink {
  void* context;
  void (*body)(void* context, const char* data, size_t size);  // Chunks, in order.
  // Once, at the end: the HTTP status, Content-Type, the validators of the
  // last response (after redirects) and, on an error, libcurl's message.
  void (*done)(void* context, long http_status, const char* content_type, const char* etag,
               const char* last_modified, const char* error);
};

// One GET of request->url, following up to 5 redirects, http(s) only.
// Returns a MeuteFetchOutcome; `done` is called in every case but
// kMeuteFetchInternal.
typedef int (*MeuteFetchOnceFn)(const MeuteFetchRequest* request, const MeuteFetchSink* sink);
#define MEUTE_FETCH_ONCE_SYMBOL "meute_fetch_once_v1"

}  // extern "C"

#endif  // MEUTE_INGEST_PLUGINS_FETCH_PLUGIN_H_
