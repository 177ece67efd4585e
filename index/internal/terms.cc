#include "index/internal/terms.h"

#include <utility>
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

std::string KindFromAlias(const ingest::Analyzer& analyzer, absl::string_view text) {
  static constexpr std::pair<const char*, const char*> kKinds[] = {
      {"call", "call"},       {"calls", "call"},       {"appel", "call"},
      {"appels", "call"},     {"aap", "call"},         {"member", "member"},
      {"members", "member"},  {"membre", "member"},    {"membres", "member"},
      {"adherent", "member"}, {"adherents", "member"}, {"news", "news"},
      {"actualite", "news"},  {"actualites", "news"},  {"actu", "news"},
      {"cluster", "cluster"}, {"clusters", "cluster"}, {"pole", "cluster"},
      {"poles", "cluster"},
  };
  const std::string v = NormalizeValue(analyzer, text);
  for (const auto& [alias, kind] : kKinds) {
    if (v == alias) return kind;
  }
  return "";
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
