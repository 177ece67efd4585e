// Early-return helpers for absl::Status and absl::StatusOr<T>.
//
// Abseil 20220623 (Debian 12) has no ABSL_RETURN_IF_ERROR, so the project keeps
// these two small macros here.

#ifndef MEUTE_BASE_STATUS_MACROS_H_
#define MEUTE_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

#define MEUTE_RETURN_IF_ERROR(expr)                                 \
  do {                                                              \
    if (absl::Status meute_status_ = (expr); !meute_status_.ok()) { \
      return meute_status_;                                         \
    }                                                               \
  } while (false)

// On error returns the status of `rexpr` (an absl::StatusOr<T>); otherwise
// moves its value into `lhs`. Expands to several statements: brace your ifs.
#define MEUTE_ASSIGN_OR_RETURN(lhs, rexpr) \
  MEUTE_ASSIGN_OR_RETURN_IMPL_(MEUTE_CONCAT_(meute_or_, __LINE__), lhs, rexpr)
#define MEUTE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = *std::move(tmp)
#define MEUTE_CONCAT_(a, b) MEUTE_CONCAT_INNER_(a, b)
#define MEUTE_CONCAT_INNER_(a, b) a##b

namespace meute {

// Returns `status` with `context` prepended to its message ("context: message"),
// keeping the code. OK stays OK.
inline absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace meute

#endif  // MEUTE_BASE_STATUS_MACROS_H_
