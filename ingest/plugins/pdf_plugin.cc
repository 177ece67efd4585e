// libmeute_pdf.so: PDF text extraction with poppler-cpp (pdf_plugin.h).

#include "ingest/plugins/pdf_plugin.h"

#include <climits>
#include <ctime>
#include <memory>
#include <string>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

namespace {

void SilencePoppler(const std::string& /*message*/, void* /*closure*/) {}

std::string Utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Poppler's error messages go nowhere, once the plugin is loaded.
const bool kSilenced = [] {
  poppler::set_debug_error_function(SilencePoppler, nullptr);
  return true;
}();

}  // namespace

extern "C" {

__attribute__((visibility("default"))) const char* meute_plugin_version() { return MEUTE_VERSION; }

__attribute__((visibility("default"))) int meute_pdf_extract_v1(const char* data, size_t size,
                                                                const MeutePdfSink* sink) {
  if (size > INT_MAX) return kMeutePdfDamaged;
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data, static_cast<int>(size)));
  if (doc == nullptr) return kMeutePdfDamaged;
  if (doc->is_locked()) return kMeutePdfLocked;
  const int pages = doc->pages();
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    int stop = 0;
    if (page == nullptr) {
      stop = sink->page(sink->context, i, 0, "", 0);
    } else {
      const std::string text = Utf8(page->text(poppler::rectf(), poppler::page::raw_order_layout));
      stop = sink->page(sink->context, i, 1, text.data(), text.size());
    }
    if (stop != 0) break;
  }
  const std::string title = Utf8(doc->get_title());
  const time_t created = doc->get_creation_date_t();
  sink->info(sink->context, pages, title.data(), title.size(), static_cast<long long>(created));
  return kMeutePdfOk;
}

}  // extern "C"
