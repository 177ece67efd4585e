#include "ingest/readers/csv_reader.h"

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace internal {
namespace {

// A quoted field may span lines, but not without limit: past this many lines
// it is taken as a stray quote, so one bad quote costs one record, not the
// rest of the file.
constexpr int kMaxLinesPerRecord = 2000;

}  // namespace

char DetectDelimiter(absl::string_view text) {
  size_t counts[4] = {0, 0, 0, 0};
  const char kCandidates[4] = {';', ',', '\t', '|'};
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (!quoted) {
      for (int k = 0; k < 4; ++k) {
        if (c == kCandidates[k]) ++counts[k];
      }
    }
  }
  int best = 1;  // ',' by default.
  for (int k = 0; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kCandidates[best];
}

std::vector<CsvRecord> SplitCsv(absl::string_view text, char delimiter, size_t max_field_bytes) {
  std::vector<CsvRecord> records;
  size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    CsvRecord rec;
    rec.line = line;
    const size_t start = pos;
    const int start_line = line;
    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;
    bool after_quote = false;
    bool done = false;
    size_t i = pos;
    for (; i < text.size() && !done; ++i) {
      const char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          // Line ends inside quotes are the field's own bytes (CRLF stays
          // CRLF); a lone CR counts as a line, as outside.
          if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++line;
            if (line - start_line > kMaxLinesPerRecord) break;
          }
          if (field.size() <= max_field_bytes) field += c;
        }
        continue;
      }
      if (c == delimiter) {
        rec.fields.push_back(std::move(field));
        field.clear();
        was_quoted = after_quote = false;
      } else if (c == '\n' || c == '\r') {
        // A record ends at LF, CRLF or a lone CR.
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++line;
        done = true;
      } else if (c == '"' && field.empty() && !was_quoted) {
        in_quotes = was_quoted = true;
      } else {
        if (after_quote && line > start_line) {
          // A quoted field spanning lines and followed by more text: the
          // opening quote was a stray one that swallowed the next lines.
          in_quotes = true;
          break;
        }
        if (after_quote && rec.warning.empty()) {
          rec.warning =
              absl::StrCat("field ", rec.fields.size() + 1, ": text after the closing quote kept");
        }
        if (field.size() <= max_field_bytes) field += c;
      }
    }
    if (in_quotes) {
      // Unterminated: report it and resume on the line after the start.
      rec.error = absl::StrCat("field ", rec.fields.size() + 1,
                               ": quoted field not closed (stray quote?); record skipped");
      rec.fields.clear();
      records.push_back(std::move(rec));
      size_t next = text.find_first_of("\r\n", start);
      if (next == absl::string_view::npos) break;
      if (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ++next;
      pos = next + 1;
      line = start_line + 1;
      continue;
    }
    rec.fields.push_back(std::move(field));
    records.push_back(std::move(rec));
    pos = i;
  }
  return records;
}

}  // namespace internal

ReadResult ParseCsv(absl::string_view content, absl::string_view file_name,
                    const ReaderOptions& options, const Mapping* mapping) {
  using internal::CsvRecord;
  internal::ResultBuilder out(file_name, options);
  const std::string encoding = mapping != nullptr ? mapping->encoding : "auto";
  std::string text;
  if (encoding.empty() || absl::EqualsIgnoreCase(encoding, "auto")) {
    internal::DecodedText decoded = internal::DecodeText(content);
    if (decoded.converted) {
      out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
    }
    int shown = 0;
    for (int line : decoded.repaired_lines) {
      if (++shown > 20) {
        out.Warning(0, 0,
                    absl::StrCat("invalid UTF-8 on ", decoded.repaired_lines.size() - 20,
                                 " more lines replaced by U+FFFD"));
        break;
      }
      out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
    }
    text = std::move(decoded.text);  // Line ends are SplitCsv()'s: CRLF kept inside quotes.
  } else {
    std::string converted;
    if (!internal::ConvertToUtf8(content, encoding, &converted)) {
      out.Error(0, 0, absl::StrCat("unknown encoding \"", encoding, "\" in the mapping"));
      return std::move(out).Finish();
    }
    if (converted.substr(0, 3) == "\xEF\xBB\xBF") converted.erase(0, 3);
    text = std::move(converted);
  }

  const char delimiter = mapping != nullptr && mapping->delimiter != 0
                             ? mapping->delimiter
                             : internal::DetectDelimiter(text);
  std::vector<CsvRecord> records = internal::SplitCsv(text, delimiter, options.max_field_bytes);
  // Skip blank lines before the header.
  size_t first = 0;
  while (first < records.size() && records[first].error.empty() &&
         records[first].fields.size() == 1 &&
         absl::StripAsciiWhitespace(records[first].fields[0]).empty()) {
    ++first;
  }
  if (first >= records.size()) {
    out.Error(0, 0, "no header line: the file is empty");
    return std::move(out).Finish();
  }
  if (!records[first].error.empty()) {
    out.Error(records[first].line, 0, absl::StrCat("header: ", records[first].error));
    return std::move(out).Finish();
  }
  std::vector<std::string> header;
  std::set<std::string> seen;
  for (size_t c = 0; c < records[first].fields.size(); ++c) {
    std::string name(absl::StripAsciiWhitespace(records[first].fields[c]));
    if (name.empty()) name = absl::StrCat("column ", c + 1);
    if (!seen.insert(name).second) {
      out.Warning(records[first].line, 0,
                  absl::StrCat("column \"", name, "\" appears twice; the second is \"", name, " (",
                               c + 1, ")\""));
      name = absl::StrCat(name, " (", c + 1, ")");
    }
    header.push_back(std::move(name));
  }
  // A mapping without [fields] (only defaults, encoding...) keeps the columns
  // named like record fields.
  Mapping map = mapping != nullptr ? *mapping : Mapping{};
  if (map.fields.empty()) map.fields = IdentityMapping(header).fields;
  for (const auto& [field, src] : map.fields) {
    for (const std::string& column : src.from) {
      if (seen.count(column) == 0) {
        out.Warning(0, 0,
                    absl::StrCat("mapping: column \"", column, "\" (for field \"", field,
                                 "\") is not in the header"));
      }
    }
  }

  std::set<std::string> used_ids;
  for (size_t r = first + 1; r < records.size(); ++r) {
    CsvRecord& rec = records[r];
    if (!rec.error.empty()) {
      out.Reject(rec.line, 0, rec.error);
      continue;
    }
    if (rec.fields.size() == 1 && absl::StripAsciiWhitespace(rec.fields[0]).empty()) continue;
    if (!rec.warning.empty()) out.Warning(rec.line, 0, rec.warning);
    if (rec.fields.size() != header.size()) {
      out.Warning(
          rec.line, 0,
          absl::StrCat(rec.fields.size(), " fields where the header has ", header.size(),
                       rec.fields.size() > header.size() ? ": extra fields kept as \"column N\""
                                                         : ": missing fields left empty"));
    }
    nlohmann::json row = nlohmann::json::object();
    for (size_t c = 0; c < rec.fields.size(); ++c) {
      const std::string key = c < header.size() ? header[c] : absl::StrCat("column ", c + 1);
      row[key] = std::move(rec.fields[c]);
    }
    Document doc;
    std::vector<internal::FieldProblem> problems;
    const bool ok = internal::MapRecord(row, map, options.default_kind, &doc, &problems);
    bool fatal_reported = false;
    for (internal::FieldProblem& p : problems) {
      if (p.fatal && !fatal_reported) {
        out.Reject(rec.line, 0, std::move(p.message));
        fatal_reported = true;
      } else if (p.fatal) {
        out.RecordError(rec.line, 0, std::move(p.message));
      } else {
        out.Warning(rec.line, 0, std::move(p.message));
      }
    }
    if (!ok) continue;
    if (doc.id.empty())
      doc.id = internal::UniqueId(internal::FallbackId(doc, file_name), &used_ids);
    out.Accept(std::move(doc), rec.line);
  }
  return std::move(out).Finish();
}

}  // namespace meute::ingest
