#include "ingest/diagnostic.h"

#include "absl/strings/str_cat.h"

namespace meute::ingest {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) absl::StrAppend(&out, ":", line);
  if (line > 0 && column > 0) absl::StrAppend(&out, ":", column);
  absl::StrAppend(&out, ": ", severity == Severity::kWarning ? "warning: " : "", message);
  return out;
}

}  // namespace meute::ingest
