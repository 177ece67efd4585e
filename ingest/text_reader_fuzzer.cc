// Fuzz target: plain text and Markdown readers (front matter, markup).

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "ingest/internal/fuzz_checks.h"
#include "ingest/readers/text_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meute::ingest;
  if (size > 4096) return 0;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  ReaderOptions options;
  options.max_field_bytes = 512;
  internal::FuzzCheckResult(ParsePlainText(input, "fuzz.txt", options), options.max_field_bytes);
  internal::FuzzCheckResult(ParseMarkdown(input, "fuzz.md", options), options.max_field_bytes);
  return 0;
}
