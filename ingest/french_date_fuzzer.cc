// Fuzz target: date parsing and language detection on arbitrary bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "ingest/document.h"
#include "ingest/french_date.h"
#include "ingest/internal/fuzz_checks.h"
#include "ingest/language.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meute::ingest;
  if (size > 4096) return 0;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  auto valid = [](const std::optional<std::string>& d) {
    internal::FuzzCheck(!d || IsValidDate(*d));
  };
  valid(ParseDate(input));
  size_t consumed = 0;
  std::optional<std::string> prefix = ParseDatePrefix(input, &consumed);
  valid(prefix);
  internal::FuzzCheck(!prefix || (consumed > 0 && consumed <= input.size()));
  valid(FindDateline(input));
  valid(FindDeadline(input));
  const LanguageGuess g = DetectLanguage(input);
  internal::FuzzCheck(g.code.empty() || g.code == "fr" || g.code == "en");
  return 0;
}
