// libmeute_fetch.so: one HTTP(S) GET with libcurl (fetch_plugin.h).

#include "ingest/plugins/fetch_plugin.h"

#include <curl/curl.h>

#include <cctype>
#include <mutex>
#include <string>

namespace {

struct Transfer {
  const MeuteFetchSink* sink = nullptr;
  size_t received = 0;
  size_t max_bytes = 0;
  bool too_big = false;
  std::string etag;
  std::string last_modified;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t->received + bytes > t->max_bytes) {
    t->too_big = true;
    return 0;  // Aborts the transfer.
  }
  t->received += bytes;
  t->sink->body(t->sink->context, data, bytes);
  return bytes;
}

std::string Trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = Trim(line.substr(colon + 1));
    if (name == "etag") t->etag = value;
    if (name == "last-modified") t->last_modified = value;
  } else if (line.compare(0, 5, "HTTP/") == 0) {
    // A new response (after a redirect): forget the old one's validators.
    t->etag.clear();
    t->last_modified.clear();
  }
  return size * n;
}

curl_slist* Header(curl_slist* list, const char* name, const char* value) {
  if (value == nullptr || *value == '\0') return list;
  return curl_slist_append(list, (std::string(name) + ": " + value).c_str());
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) const char* meute_plugin_version() { return MEUTE_VERSION; }

__attribute__((visibility("default"))) int meute_fetch_once_v1(const MeuteFetchRequest* request,
                                                               const MeuteFetchSink* sink) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return kMeuteFetchInternal;
  Transfer t;
  t.sink = sink;
  t.max_bytes = request->max_bytes;
  curl_slist* headers = Header(nullptr, "If-None-Match", request->etag);
  headers = Header(headers, "If-Modified-Since", request->last_modified);
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request->url);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request->timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request->connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, request->user_agent);
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
  const std::string content_type = type != nullptr ? type : "";
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  const char* message =
      code == CURLE_OK ? "" : (error[0] != '\0' ? error : curl_easy_strerror(code));
  sink->done(sink->context, status, content_type.c_str(), t.etag.c_str(), t.last_modified.c_str(),
             message);
  if (t.too_big) return kMeuteFetchTooBig;
  if (code == CURLE_OK) return kMeuteFetchDone;
  if (code == CURLE_OPERATION_TIMEDOUT) return kMeuteFetchTimeout;
  if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) return kMeuteFetchBadUrl;
  return kMeuteFetchNetwork;
}

}  // extern "C"
