// TOML files (nightly configuration, record mappings) parsed by toml++ with
// errors reported as compilers do.
//
// Thread safety: pure function.

#ifndef MEUTE_BASE_TOML_UTIL_H_
#define MEUTE_BASE_TOML_UTIL_H_

// toml++ 3.3 asserts on some malformed input that it then reports as a
// parse error in release builds (random bytes reach `parse_key()`'s
// assertion); its asserts are left out in every build so that Debug and
// sanitizer builds parse as release builds do.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_assert(true)
#endif
#include <toml++/toml.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute {

// Parses `text`, read from `file_name`. A syntax error is kInvalidArgument
// "FILE:LINE:COLUMN: DESCRIPTION".
absl::StatusOr<toml::table> ParseToml(absl::string_view text, absl::string_view file_name);

}  // namespace meute

#endif  // MEUTE_BASE_TOML_UTIL_H_
