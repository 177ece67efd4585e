// The C interface of libmeute_pdf.so, the plugin that reads PDF files with
// poppler-cpp (ingest/internal/plugin.h says why it is a plugin). It only
// extracts; readers/pdf_reader.cc turns what it returns into a record.

#ifndef MEUTE_INGEST_PLUGINS_PDF_PLUGIN_H_
#define MEUTE_INGEST_PLUGINS_PDF_PLUGIN_H_

#include <cstddef>

extern "C" {

enum MeutePdfStatus { kMeutePdfOk = 0, kMeutePdfDamaged = 1, kMeutePdfLocked = 2 };

// Receives what the plugin reads from one PDF. Every string is UTF-8 and only
// valid during the call.
struct MeutePdfSink {
  void* context;
  // The text of page `index` (from 0) in raw order; `ok` is 0 if the page
  // could not be read. Returns nonzero to stop reading pages.
  int (*page)(void* context, int index, int ok, const char* text, size_t size);
  // The document's page count, Title and creation time (seconds since 1970;
  // 0 if none), once, after the pages.
  void (*info)(void* context, int pages, const char* title, size_t size, long long created);
};

// Reads the PDF in data[0, size): the pages, then the information.
// Returns a MeutePdfStatus; on an error `sink` receives nothing.
typedef int (*MeutePdfExtractFn)(const char* data, size_t size, const MeutePdfSink* sink);
#define MEUTE_PDF_EXTRACT_SYMBOL "meute_pdf_extract_v1"

}  // extern "C"

#endif  // MEUTE_INGEST_PLUGINS_PDF_PLUGIN_H_
