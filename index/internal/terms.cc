#include "index/internal/terms.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "index/schema.h"

namespace meute::index::internal {

std::string NormalizeValue(const ingest::Analyzer& analyzer, absl::string_view value) {
  std::string out;
  for (const ingest::Token& t : analyzer.Analyze(value, ingest::Language::kFrench)) {
    if (t.joined || t.form.empty()) continue;
    if (out.size() + t.form.size() + 1 > kMaxTermBytes) break;
    if (!out.empty()) out.push_back(' ');
    out += t.form;
  }
  return out;
}

bool IsSpellingWord(absl::string_view form) {
  if (form.size() < 3 || form.size() > 40) return false;
  for (char c : form) {
    if (absl::ascii_isdigit(c) || c == '@' || c == '/' || c == '.' || c == ':' || c == '_') {
      return false;
    }
  }
  return true;
}

}  // namespace meute::index::internal
