#include "ingest/diagnostic.h"

#include "absl/strings/str_cat.h"
#include "ingest/utf8.h"

namespace meute::ingest {

std::string Diagnostic::ToString() const {
  // Valid UTF-8 whatever the input held: a log collector or a JSON consumer
  // reads this line (invalid bytes are written "\xFF").
  std::string out = EscapeInvalidUtf8(file);
  if (line > 0) absl::StrAppend(&out, ":", line);
  if (line > 0 && column > 0) absl::StrAppend(&out, ":", column);
  absl::StrAppend(&out, ": ", severity == Severity::kWarning ? "warning: " : "",
                  EscapeInvalidUtf8(message));
  return out;
}

}  // namespace meute::ingest
