#include "ingest/readers/json_reader.h"

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ingest/internal/json_record.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace internal {
namespace {

using json = nlohmann::json;

// Line and column of byte `offset` in `text`.
std::pair<int, int> LineColumn(absl::string_view text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Reports the problems of one record and, if it is valid, keeps it. Without a
// mapping, `unknown` names the fields that are no record field, once a file.
void Finish(const json& obj, const Mapping* mapping, int line, ResultBuilder* out,
            std::set<std::string>* used_ids, UnknownFields* unknown) {
  Document doc;
  std::vector<FieldProblem> problems;
  bool ok;
  if (!obj.is_object()) {
    out->Reject(line, 0, absl::StrCat("expected a JSON object, got ", obj.type_name()));
    return;
  }
  if (mapping != nullptr) {
    ok = MapRecord(obj, *mapping, out->options().default_kind, &doc, &problems);
  } else {
    if (unknown != nullptr) problems = unknown->Check(obj);
    ok = DocumentFromJsonObject(obj, out->options().max_field_bytes, &doc, &problems,
                                out->options().default_kind);
  }
  bool rejected = false;
  for (FieldProblem& p : problems) {
    if (p.fatal && !rejected) {
      out->Reject(line, 0, std::move(p.message));
      rejected = true;
    } else if (p.fatal) {
      out->RecordError(line, 0, std::move(p.message));
    } else {
      out->Warning(line, 0, std::move(p.message));
    }
  }
  if (!ok) return;
  if (doc.id.empty()) doc.id = UniqueId(FallbackId(doc, out->file()), used_ids);
  out->Accept(std::move(doc), line);
}

}  // namespace

std::vector<int> ArrayElementLines(absl::string_view text, absl::string_view path) {
  const std::vector<std::string> want =
      path.empty() ? std::vector<std::string>{} : absl::StrSplit(path, '.');
  struct Frame {
    bool array;
    std::string key;    // Objects: the last key read.
    bool expect_value;  // Arrays: the next non-space token starts an element.
  };
  std::vector<Frame> stack;
  std::vector<int> lines;
  int line = 1;
  std::string last_string;
  bool have_string = false;
  // True if the array on top of the stack is the one at `path`.
  auto at_target = [&] {
    if (stack.empty() || !stack.back().array) return false;
    std::vector<std::string> keys;
    for (size_t i = 0; i + 1 < stack.size(); ++i) {
      if (stack[i].array) return false;  // Arrays inside arrays are not addressed.
      keys.push_back(stack[i].key);
    }
    return keys == want;
  };
  bool target_now = false;
  auto element_start = [&] {
    if (!stack.empty() && stack.back().array && stack.back().expect_value) {
      stack.back().expect_value = false;
      if (target_now) lines.push_back(line);
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '"') {
      element_start();
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        if (text[i] == '\n') ++line;
        s += text[i];
      }
      last_string = std::move(s);
      have_string = true;
      continue;
    }
    if (c == ':') {
      if (!stack.empty() && !stack.back().array && have_string) stack.back().key = last_string;
      have_string = false;
      continue;
    }
    have_string = false;
    if (c == '{' || c == '[') {
      element_start();
      stack.push_back({c == '[', "", c == '['});
      target_now = at_target();
      if (stack.size() > 512) return lines;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      target_now = at_target();
    } else if (c == ',') {
      if (!stack.empty() && stack.back().array) stack.back().expect_value = true;
    } else {
      element_start();
    }
  }
  return lines;
}

}  // namespace internal

ReadResult ParseJsonDocument(absl::string_view content, absl::string_view file_name,
                             const ReaderOptions& options, const Mapping* mapping) {
  internal::ResultBuilder out(file_name, options);
  internal::DecodedText decoded = internal::DecodeText(content);
  if (decoded.converted) {
    out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  for (int line : decoded.repaired_lines) {
    out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  const std::string& text = decoded.text;
  // Records sit one or two levels below the top: allow that on top of the
  // per-record limit.
  const int limit = options.max_depth + 4;
  if (internal::JsonNestingDepth(text, limit) > limit) {
    out.Error(0, 0, absl::StrCat("JSON nested deeper than ", limit, " levels; file skipped"));
    return std::move(out).Finish();
  }
  // nlohmann's parser takes a NUL for the end of the text: what follows
  // would be ignored without a word.
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    auto [line, column] = internal::LineColumn(text, nul);
    out.Error(line, column,
              "invalid JSON: NUL byte (U+0000 must be written \\u0000 in a JSON string); file "
              "skipped");
    return std::move(out).Finish();
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, column] = internal::LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    out.Error(line, column, absl::StrCat(internal::ParseErrorText(e), "; file skipped"));
    return std::move(out).Finish();
  } catch (const nlohmann::json::exception& e) {
    // Numbers too large for a double ("1e999999") are out_of_range errors.
    out.Error(0, 0, absl::StrCat("invalid JSON: ", internal::ExceptionText(e), "; file skipped"));
    return std::move(out).Finish();
  }
  const std::string path = mapping != nullptr ? mapping->records : "";
  const nlohmann::json* records = &doc;
  if (!path.empty()) {
    for (absl::string_view part : absl::StrSplit(path, '.')) {
      if (!records->is_object() || !records->contains(std::string(part))) {
        out.Error(0, 0, absl::StrCat("no \"", path, "\" in the document (mapping key records)"));
        return std::move(out).Finish();
      }
      records = &(*records)[std::string(part)];
    }
  }
  std::set<std::string> used_ids;
  internal::UnknownFields unknown;
  if (records->is_array()) {
    const std::vector<int> lines = internal::ArrayElementLines(text, path);
    for (size_t i = 0; i < records->size(); ++i) {
      const int line = i < lines.size() ? lines[i] : 0;
      internal::Finish((*records)[i], mapping, line, &out, &used_ids, &unknown);
    }
  } else if (path.empty() && records->is_object()) {
    const size_t brace = text.find('{');
    internal::Finish(*records, mapping, internal::LineColumn(text, brace).first, &out, &used_ids,
                     &unknown);
  } else {
    out.Error(0, 0,
              absl::StrCat("expected an array of records or one record object, got ",
                           records->type_name()));
  }
  return std::move(out).Finish();
}

ReadResult ParseMappedJsonLines(absl::string_view content, absl::string_view file_name,
                                const Mapping& mapping, const ReaderOptions& options) {
  internal::ResultBuilder out(file_name, options);
  internal::DecodedText decoded = internal::DecodeText(content);
  if (decoded.converted) {
    out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  for (int line : decoded.repaired_lines) {
    out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  const std::string& text = decoded.text;
  std::set<std::string> used_ids;
  size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    absl::string_view line = absl::string_view(text).substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == absl::string_view::npos) continue;
    if (const size_t nul = line.find('\0'); nul != absl::string_view::npos) {
      out.Reject(line_no, static_cast<int>(nul) + 1,
                 "invalid JSON: NUL byte (U+0000 must be written \\u0000 in a JSON string)");
      continue;
    }
    if (internal::JsonNestingDepth(line, options.max_depth) > options.max_depth) {
      out.Reject(line_no, 0,
                 absl::StrCat("JSON nested deeper than ", options.max_depth, " levels"));
      continue;
    }
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      out.Reject(line_no, static_cast<int>(e.byte), internal::ParseErrorText(e));
      continue;
    } catch (const nlohmann::json::exception& e) {
      out.Reject(line_no, 0, absl::StrCat("invalid JSON: ", internal::ExceptionText(e)));
      continue;
    }
    internal::Finish(obj, &mapping, line_no, &out, &used_ids, nullptr);
  }
  return std::move(out).Finish();
}

}  // namespace meute::ingest
