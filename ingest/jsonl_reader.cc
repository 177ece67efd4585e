#include "ingest/jsonl_reader.h"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/parallel.h"
#include "ingest/internal/json_record.h"
#include "ingest/utf8.h"

namespace meute::ingest {

namespace {

// What one line gives, worked out on any thread; ParseJsonLines() then
// reports it in line order (the unknown-field warnings name each field once
// per file, so they are decided there).
struct LineOutcome {
  int line_no = 0;
  struct Note {
    int column;
    Severity severity;
    std::string message;
  };
  std::vector<Note> notes;  // Before the record's own problems.
  bool parsed = false;      // An object: `unknown`, `problems`, `ok` and `doc` are set.
  std::vector<std::string> unknown;
  std::vector<internal::FieldProblem> problems;
  bool ok = false;
};

void ParseLine(absl::string_view text, const ReaderOptions& options, LineOutcome* out,
               Document* doc) {
  std::string line(text);
  if (RepairUtf8(&line) > 0) {
    out->notes.push_back({0, Severity::kWarning, "invalid UTF-8 replaced by U+FFFD"});
  }
  // nlohmann's parser takes a NUL for the end of the text: what follows
  // would be ignored without a word.
  if (const size_t nul = line.find('\0'); nul != std::string::npos) {
    out->notes.push_back(
        {static_cast<int>(nul) + 1, Severity::kError,
         "invalid JSON: NUL byte (U+0000 must be written \\u0000 in a JSON string)"});
    return;
  }
  if (internal::JsonNestingDepth(line, options.max_depth) > options.max_depth) {
    out->notes.push_back({0, Severity::kError,
                          absl::StrCat("JSON nested deeper than ", options.max_depth, " levels")});
    return;
  }
  nlohmann::json obj;
  try {
    obj = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    out->notes.push_back({static_cast<int>(e.byte), Severity::kError, internal::ParseErrorText(e)});
    return;
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error: a number too large for a double ("1e999999").
    out->notes.push_back(
        {0, Severity::kError, absl::StrCat("invalid JSON: ", internal::ExceptionText(e))});
    return;
  }
  if (!obj.is_object()) {
    out->notes.push_back(
        {1, Severity::kError, absl::StrCat("expected a JSON object, got ", obj.type_name())});
    return;
  }
  out->parsed = true;
  out->unknown = internal::UnknownFields::Candidates(obj);
  out->ok = internal::DocumentFromJsonObject(obj, options.max_field_bytes, doc, &out->problems,
                                             options.default_kind);
}

}  // namespace

ReadResult ParseJsonLines(absl::string_view content, absl::string_view file_name,
                          const ReaderOptions& options) {
  ReadResult result;
  result.stats.file = std::string(file_name);
  auto report = [&](int line, int column, Severity severity, std::string message) {
    result.diagnostics.push_back(
        {std::string(file_name), line, column, severity, EscapeInvalidUtf8(message)});
    if (severity == Severity::kWarning) ++result.stats.warnings;
  };

  // The non-blank lines, then each parsed on its own (most of reading a
  // large file): on every core.
  std::vector<std::pair<int, absl::string_view>> lines;
  size_t start = 0;
  int line_no = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 BOM.
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == absl::string_view::npos) end = content.size();
    absl::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == absl::string_view::npos) continue;
    lines.emplace_back(line_no, line);
  }
  // The records are parsed into the result's own array, then the rejected
  // ones are squeezed out (no second array of records).
  std::vector<LineOutcome> outcomes(lines.size());
  result.documents.resize(lines.size());
  ParallelFor(lines.size(), 256, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      outcomes[i].line_no = lines[i].first;
      ParseLine(lines[i].second, options, &outcomes[i], &result.documents[i]);
    }
  });

  internal::UnknownFields unknown_fields;
  size_t kept = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    LineOutcome& o = outcomes[i];
    ++result.stats.read;
    for (LineOutcome::Note& n : o.notes)
      report(o.line_no, n.column, n.severity, std::move(n.message));
    if (!o.parsed) {
      ++result.stats.rejected;
      continue;
    }
    std::vector<internal::FieldProblem> problems = unknown_fields.CheckKeys(o.unknown);
    for (internal::FieldProblem& p : o.problems) problems.push_back(std::move(p));
    for (internal::FieldProblem& p : problems) {
      report(o.line_no, 0, p.fatal ? Severity::kError : Severity::kWarning, std::move(p.message));
    }
    if (!o.ok) {
      ++result.stats.rejected;
      continue;
    }
    ++result.stats.accepted;
    if (kept != i) result.documents[kept] = std::move(result.documents[i]);
    ++kept;
  }
  result.documents.resize(kept);
  return result;
}

absl::StatusOr<ReadResult> ReadJsonLinesFile(absl::string_view path, const ReaderOptions& options) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) return content.status();
  return ParseJsonLines(*content, path, options);
}

}  // namespace meute::ingest
