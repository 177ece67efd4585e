// Fuzz target: the French/English analyzer on arbitrary bytes (invalid UTF-8,
// elisions, compounds, digit groups, URLs). Checks the contract of
// analyzer.h: offsets inside the input and surfaces equal to them, forms and
// stems valid UTF-8, stop words without stems.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"
#include "ingest/internal/fuzz_checks.h"
#include "ingest/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meute::ingest;
  if (size > 4096) return 0;
  static const Analyzer* analyzer = Analyzer::Create().value().release();
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  for (Language lang : {Language::kFrench, Language::kEnglish}) {
    const std::vector<Token> tokens = analyzer->Analyze(input, lang);
    for (const Token& t : tokens) {
      internal::FuzzCheck(t.byte_begin <= t.byte_end && t.byte_end <= size);
      internal::FuzzCheck(t.surface == input.substr(t.byte_begin, t.byte_end - t.byte_begin));
      internal::FuzzCheck(FindInvalidUtf8(t.form) == std::string::npos);
      if (t.stopword) internal::FuzzCheck(t.stems.empty());
      for (const std::string& s : t.stems) {
        internal::FuzzCheck(FindInvalidUtf8(s) == std::string::npos);
      }
    }
  }
  // Query-side helpers must not crash either.
  const std::string word(input.substr(0, 64));
  (void)analyzer->Normalize(word);
  (void)analyzer->Stem(word, Language::kFrench);
  return 0;
}
