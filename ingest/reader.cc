#include "ingest/reader.h"

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace meute::ingest {

const std::vector<std::string>& SupportedExtensions() {
  static const auto* kExtensions = new std::vector<std::string>{"jsonl", "ndjson"};
  return *kExtensions;
}

absl::StatusOr<ReadResult> ReadFile(absl::string_view path, absl::string_view format,
                                    const ReaderOptions& options) {
  std::string fmt = absl::AsciiStrToLower(format);
  if (fmt.empty() || fmt == "auto") {
    fmt = std::filesystem::path(std::string(path)).extension().string();
    if (!fmt.empty()) fmt.erase(0, 1);
    absl::AsciiStrToLower(&fmt);
  }
  if (fmt == "jsonl" || fmt == "ndjson") return ReadJsonLinesFile(path, options);
  return absl::InvalidArgumentError(
      absl::StrCat("\"", path, "\": unknown format \"", fmt,
                   "\" (known: ", absl::StrJoin(SupportedExtensions(), ", "), ")"));
}

}  // namespace meute::ingest
