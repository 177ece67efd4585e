#include "base/toml_util.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace meute {

absl::StatusOr<toml::table> ParseToml(absl::string_view text, absl::string_view file_name) {
  try {
    return toml::parse(std::string_view(text.data(), text.size()),
                       std::string_view(file_name.data(), file_name.size()));
  } catch (const toml::parse_error& e) {
    const toml::source_position& at = e.source().begin;
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ":", at.line, ":", at.column, ": ", std::string(e.description())));
  }
}

}  // namespace meute
