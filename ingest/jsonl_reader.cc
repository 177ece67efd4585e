#include "ingest/jsonl_reader.h"

#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "ingest/internal/json_record.h"
#include "ingest/utf8.h"

namespace meute::ingest {

ReadResult ParseJsonLines(absl::string_view content, absl::string_view file_name,
                          const ReaderOptions& options) {
  ReadResult result;
  result.stats.file = std::string(file_name);
  auto report = [&](int line, int column, Severity severity, std::string message) {
    result.diagnostics.push_back(
        {std::string(file_name), line, column, severity, EscapeInvalidUtf8(message)});
    if (severity == Severity::kWarning) ++result.stats.warnings;
  };

  internal::UnknownFields unknown_fields;
  size_t start = 0;
  int line_no = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 BOM.
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == absl::string_view::npos) end = content.size();
    std::string line(content.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;

    ++result.stats.read;
    if (RepairUtf8(&line) > 0) {
      report(line_no, 0, Severity::kWarning, "invalid UTF-8 replaced by U+FFFD");
    }
    // nlohmann's parser takes a NUL for the end of the text: what follows
    // would be ignored without a word.
    if (const size_t nul = line.find('\0'); nul != std::string::npos) {
      report(line_no, static_cast<int>(nul) + 1, Severity::kError,
             "invalid JSON: NUL byte (U+0000 must be written \\u0000 in a JSON string)");
      ++result.stats.rejected;
      continue;
    }
    if (internal::JsonNestingDepth(line, options.max_depth) > options.max_depth) {
      report(line_no, 0, Severity::kError,
             absl::StrCat("JSON nested deeper than ", options.max_depth, " levels"));
      ++result.stats.rejected;
      continue;
    }
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      report(line_no, static_cast<int>(e.byte), Severity::kError, internal::ParseErrorText(e));
      ++result.stats.rejected;
      continue;
    } catch (const nlohmann::json::exception& e) {
      // Not a syntax error: a number too large for a double ("1e999999").
      report(line_no, 0, Severity::kError,
             absl::StrCat("invalid JSON: ", internal::ExceptionText(e)));
      ++result.stats.rejected;
      continue;
    }
    if (!obj.is_object()) {
      report(line_no, 1, Severity::kError,
             absl::StrCat("expected a JSON object, got ", obj.type_name()));
      ++result.stats.rejected;
      continue;
    }
    Document doc;
    std::vector<internal::FieldProblem> problems = unknown_fields.Check(obj);
    const bool ok = internal::DocumentFromJsonObject(obj, options.max_field_bytes, &doc, &problems,
                                                     options.default_kind);
    for (internal::FieldProblem& p : problems) {
      report(line_no, 0, p.fatal ? Severity::kError : Severity::kWarning, std::move(p.message));
    }
    if (!ok) {
      ++result.stats.rejected;
      continue;
    }
    ++result.stats.accepted;
    result.documents.push_back(std::move(doc));
  }
  return result;
}

absl::StatusOr<ReadResult> ReadJsonLinesFile(absl::string_view path, const ReaderOptions& options) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) return content.status();
  return ParseJsonLines(*content, path, options);
}

}  // namespace meute::ingest
