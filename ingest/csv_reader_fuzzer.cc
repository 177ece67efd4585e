// Fuzz target: CSV reader, with and without a mapping (delimiter detection,
// quotes, charsets, CRLF).

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/internal/fuzz_checks.h"
#include "ingest/readers/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meute::ingest;
  if (size > 4096) return 0;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  ReaderOptions options;
  options.max_field_bytes = 256;
  internal::FuzzCheckResult(ParseCsv(input, "fuzz.csv", options), options.max_field_bytes);
  static const Mapping* mapping = [] {
    auto* m = new Mapping(*ParseMapping(R"(
[defaults]
kind = "call"
[fields]
title = "Nom"
text = ["Descriptif", "Objet"]
deadline = { from = "Date", from_text = true }
themes = { from = "Themes", split = "|" }
budget_eur = "Budget"
)",
                                        "fuzz.toml"));
    return m;
  }();
  internal::FuzzCheckResult(ParseCsv(input, "fuzz.csv", options, mapping), options.max_field_bytes);
  return 0;
}
