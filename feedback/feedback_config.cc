#include "feedback/feedback_config.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/toml_util.h"

namespace meute::feedback {

std::string FeedbackConfigPath(absl::string_view db_dir) {
  return absl::StrCat(db_dir, "/meute.feedback.toml");
}

absl::StatusOr<FeedbackConfig> ReadFeedbackConfig(const std::string& path) {
  FeedbackConfig config;
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (absl::IsNotFound(text.status())) return config;
  if (!text.ok()) return text.status();
  absl::StatusOr<toml::table> table = ParseToml(*text, path);
  if (!table.ok()) return table.status();
  auto bad = [&](const toml::node& node, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", node.source().begin.line, ": ", why));
  };
  for (const auto& [section, node] : *table) {
    const std::string name(section.str());
    if (name != "feedback" || !node.is_table()) {
      return bad(node, absl::StrCat("unknown section \"", name, "\" (only [feedback])"));
    }
    for (const auto& [key, value] : *node.as_table()) {
      const std::string k(key.str());
      if (k == "expiry_days") {
        const std::optional<int64_t> v = value.value<int64_t>();
        if (!v || *v < 0 || *v > 100000) return bad(value, "expiry_days: a number of days >= 0");
        config.options.expiry_days = static_cast<int>(*v);
      } else if (k == "rocchio_weight") {
        const std::optional<double> v = value.value<double>();
        if (!v || *v < 0 || *v > 1) return bad(value, "rocchio_weight: a number in 0..1");
        config.options.weight = *v;
      } else if (k == "mailto" || k == "url_template") {
        const std::optional<std::string> v = value.value<std::string>();
        if (!v) return bad(value, absl::StrCat(k, ": a string"));
        if (k == "url_template" && !absl::StartsWith(*v, "https://") &&
            !absl::StartsWith(*v, "http://")) {
          return bad(value, "url_template: an http(s) URL");
        }
        (k == "mailto" ? config.mailto : config.url_template) = *v;
      } else {
        return bad(value, absl::StrCat("unknown key \"", k,
                                       "\" (expiry_days, mailto, url_template, rocchio_weight)"));
      }
    }
  }
  return config;
}

}  // namespace meute::feedback
