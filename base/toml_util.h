// TOML files (nightly configuration, record mappings) parsed by toml++ with
// errors reported as compilers do.
//
// Thread safety: pure function.

#ifndef MEUTE_BASE_TOML_UTIL_H_
#define MEUTE_BASE_TOML_UTIL_H_

#include <toml++/toml.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute {

// Parses `text`, read from `file_name`. A syntax error is kInvalidArgument
// "FILE:LINE:COLUMN: DESCRIPTION".
absl::StatusOr<toml::table> ParseToml(absl::string_view text, absl::string_view file_name);

}  // namespace meute

#endif  // MEUTE_BASE_TOML_UTIL_H_
