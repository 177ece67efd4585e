// The feedback configuration, a TOML file (by default DB/meute.feedback.toml,
// beside the answers; absent = defaults):
//
//   [feedback]
//   expiry_days = 180          # days a rejected / known suggestion is hidden
//   mailto = "veille@x.org"    # address of the digest's answer links
//   url_template = "https://forms.x.org/answer?id={id}&answer={answer}"
//   rocchio_weight = 0.5       # FeedbackOptions::weight
//
// Thread safety: pure functions.

#ifndef MEUTE_FEEDBACK_FEEDBACK_CONFIG_H_
#define MEUTE_FEEDBACK_FEEDBACK_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "feedback/rerank.h"

namespace meute::feedback {

struct FeedbackConfig {
  FeedbackOptions options;
  std::string mailto;        // Empty: the caller's default (the digest's From address).
  std::string url_template;  // Empty: mailto links only.
};

// DB/meute.feedback.toml.
std::string FeedbackConfigPath(absl::string_view db_dir);

// Reads `path`; an absent file gives the defaults. kInvalidArgument naming
// FILE:LINE on a syntax error, an unknown key, a value of the wrong type, a
// negative expiry or a url_template that is not http(s).
absl::StatusOr<FeedbackConfig> ReadFeedbackConfig(const std::string& path);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_FEEDBACK_CONFIG_H_
