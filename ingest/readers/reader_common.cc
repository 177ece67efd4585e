#include "ingest/readers/reader_common.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/internal/json_record.h"
#include "ingest/utf8.h"

namespace meute::ingest::internal {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

bool IsUtf8Name(absl::string_view charset) {
  std::string c = absl::AsciiStrToLower(charset);
  return c == "utf-8" || c == "utf8";
}

// Counts valid multi-byte sequences and invalid subsequences of `s`.
void CountUtf8(absl::string_view s, size_t* multibyte, size_t* invalid) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      ++*invalid;
    } else if (i - start > 1) {
      ++*multibyte;
    }
  }
}

// Repairs `text` line by line, recording which lines changed.
void RepairByLine(std::string* text, std::vector<int>* lines) {
  std::string out;
  out.reserve(text->size() + 64);
  size_t pos = 0;
  int line = 0;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    end = end == std::string::npos ? text->size() : end + 1;
    ++line;
    std::string piece = text->substr(pos, end - pos);
    if (RepairUtf8(&piece) > 0) lines->push_back(line);
    out += piece;
    pos = end;
  }
  *text = std::move(out);
}

bool IsUnicodeSpace(uint32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

bool ConvertToUtf8(absl::string_view bytes, absl::string_view charset, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(
      ucnv_open(std::string(charset).c_str(), &status));
  if (U_FAILURE(status) || conv == nullptr) return false;
  // Pivot through UTF-16 in chunks so memory stays proportional to the input.
  std::u16string utf16(bytes.size() + 1, u'\0');
  const char* src = bytes.data();
  UChar* dst = reinterpret_cast<UChar*>(utf16.data());
  ucnv_toUnicode(conv.get(), &dst, dst + utf16.size(), &src, bytes.data() + bytes.size(), nullptr,
                 /*flush=*/true, &status);
  if (U_FAILURE(status)) return false;
  const int32_t units = static_cast<int32_t>(dst - reinterpret_cast<UChar*>(utf16.data()));
  out->clear();
  out->reserve(static_cast<size_t>(units) + static_cast<size_t>(units) / 2);
  const UChar* u = reinterpret_cast<const UChar*>(utf16.data());
  int32_t i = 0;
  while (i < units) {
    UChar32 c;
    U16_NEXT(u, i, units, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;
    char buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
    if (!error) out->append(buf, static_cast<size_t>(len));
  }
  return true;
}

DecodedText DecodeText(absl::string_view bytes, absl::string_view declared) {
  DecodedText d;
  auto convert = [&](absl::string_view body, absl::string_view charset) {
    if (ConvertToUtf8(body, charset, &d.text)) {
      d.encoding = std::string(charset);
      d.converted = true;
      return true;
    }
    return false;
  };
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  } else if (bytes.substr(0, 2) == "\xFF\xFE" && convert(bytes.substr(2), "UTF-16LE")) {
    return d;
  } else if (bytes.substr(0, 2) == "\xFE\xFF" && convert(bytes.substr(2), "UTF-16BE")) {
    return d;
  }
  size_t multibyte = 0, invalid = 0;
  CountUtf8(bytes, &multibyte, &invalid);
  if (invalid == 0) {
    d.text = std::string(bytes);
    d.encoding = "UTF-8";
    return d;
  }
  if (!declared.empty() && !IsUtf8Name(declared) && convert(bytes, declared)) return d;
  // A few broken bytes in a UTF-8 file are repaired; a file that is mostly
  // single high bytes is an 8-bit charset, Windows-1252 in practice.
  // A valid multi-byte sequence is rare in 8-bit text ("Ã©" is mojibake).
  if (multibyte > 0 && multibyte >= invalid) {
    d.text = std::string(bytes);
    d.encoding = "UTF-8";
    RepairByLine(&d.text, &d.repaired_lines);
    return d;
  }
  if (convert(bytes, "windows-1252")) return d;
  d.text = std::string(bytes);
  d.encoding = "UTF-8";
  RepairByLine(&d.text, &d.repaired_lines);
  return d;
}

std::string NormalizeNewlines(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string CollapseWhitespace(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 1;
    uint32_t cp = b;
    if (b >= 0xC2 && b < 0xE0 && i + 1 < s.size()) {
      len = 2;
      cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    } else if (b >= 0xE0 && b < 0xF0 && i + 2 < s.size()) {
      len = 3;
      cp = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    }
    const bool space =
        (b < 0x80 && (absl::ascii_isspace(b) || b == 0)) || (len > 1 && IsUnicodeSpace(cp));
    if (space) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(s.data() + i, len);
    }
    i += len;
  }
  return out;
}

std::string TitleFromText(absl::string_view text, size_t max_bytes) {
  std::string line;
  size_t pos = 0;
  while (pos < text.size() && line.empty()) {
    size_t end = text.find('\n', pos);
    if (end == absl::string_view::npos) end = text.size();
    line = CollapseWhitespace(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (line.size() <= max_bytes) return line;
  std::string cut = line;
  TruncateUtf8(&cut, max_bytes);
  const size_t space = cut.rfind(' ');
  if (space != std::string::npos && space > max_bytes / 2) cut.resize(space);
  while (!cut.empty() && (cut.back() == ',' || cut.back() == ' ' || cut.back() == ';')) {
    cut.pop_back();
  }
  return cut + "\xE2\x80\xA6";  // "…"
}

std::string StableHash(absl::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return absl::StrFormat("%016x", h);
}

std::string NormalizeLanguageTag(absl::string_view tag) {
  std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(tag));
  t = t.substr(0, t.find_first_of("-_"));
  if (t.size() < 2 || t.size() > 3 ||
      t.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
    return "";
  }
  return t;
}

std::string FileStem(absl::string_view path) {
  size_t slash = path.find_last_of("/\\");
  absl::string_view name = slash == absl::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot != absl::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

ResultBuilder::ResultBuilder(absl::string_view file_name, const ReaderOptions& options)
    : options_(options) {
  result_.stats.file = std::string(file_name);
}

void ResultBuilder::Warning(int line, int column, std::string message) {
  result_.diagnostics.push_back(
      {file(), line, column, Severity::kWarning, EscapeInvalidUtf8(message)});
  ++result_.stats.warnings;
}

void ResultBuilder::Error(int line, int column, std::string message) {
  RecordError(line, column, std::move(message));
  ++result_.stats.file_errors;
}

void ResultBuilder::RecordError(int line, int column, std::string message) {
  result_.diagnostics.push_back(
      {file(), line, column, Severity::kError, EscapeInvalidUtf8(message)});
}

void ResultBuilder::Reject(int line, int column, std::string message) {
  RecordError(line, column, std::move(message));
  ++result_.stats.read;
  ++result_.stats.rejected;
}

void ResultBuilder::Cap(int line, absl::string_view field, std::string* value) {
  if (RepairUtf8(value) > 0) {
    Warning(line, 0, absl::StrCat("field \"", field, "\": invalid UTF-8 replaced by U+FFFD"));
  }
  // Control characters (NUL, form feeds, escapes) are no text: dropped.
  const size_t before = value->size();
  value->erase(std::remove_if(value->begin(), value->end(),
                              [](char c) {
                                const auto u = static_cast<unsigned char>(c);
                                return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F;
                              }),
               value->end());
  if (value->size() != before) {
    Warning(line, 0, absl::StrCat("field \"", field, "\": control characters removed"));
  }
  if (value->size() > options_.max_field_bytes && TruncateUtf8(value, options_.max_field_bytes)) {
    Warning(line, 0,
            absl::StrCat("field \"", field, "\": longer than ", options_.max_field_bytes,
                         " bytes, truncated"));
  }
}

bool ResultBuilder::Accept(Document doc, int line) {
  struct Field {
    const char* name;
    std::string* value;
  };
  const Field fields[] = {
      {"id", &doc.id},
      {"title", &doc.title},
      {"text", &doc.text},
      {"date", &doc.date},
      {"lang", &doc.lang},
      {"url", &doc.url},
      {"source", &doc.source},
      {"name", &doc.name},
      {"city", &doc.city},
      {"organisation", &doc.organisation},
      {"size", &doc.size},
      {"funder", &doc.funder},
      {"programme", &doc.programme},
      {"opens", &doc.opens},
      {"deadline", &doc.deadline},
      {"duplicate_of", &doc.duplicate_of},
  };
  for (const Field& f : fields) Cap(line, f.name, f.value);
  struct ListField {
    const char* name;
    std::vector<std::string>* values;
  };
  const ListField lists[] = {{"sectors", &doc.sectors},
                             {"clusters", &doc.clusters},
                             {"skills", &doc.skills},
                             {"themes", &doc.themes}};
  for (const ListField& f : lists) {
    for (std::string& v : *f.values) Cap(line, f.name, &v);
  }
  if (doc.extra_json.size() > options_.max_field_bytes) {
    Warning(
        line, 0,
        absl::StrCat("unknown fields longer than ", options_.max_field_bytes, " bytes, dropped"));
    doc.extra_json = "{}";
  }
  for (auto [name, value] : {std::pair<const char*, std::string*>{"date", &doc.date},
                             {"opens", &doc.opens},
                             {"deadline", &doc.deadline}}) {
    if (!value->empty() && !IsValidDate(*value)) {
      Warning(
          line, 0,
          absl::StrCat("field \"", name, "\": expected YYYY-MM-DD, got \"", *value, "\", dropped"));
      value->clear();
    }
  }
  if (IsBlank(doc.title)) {
    doc.title = !IsBlank(doc.name)           ? doc.name
                : !IsBlank(doc.organisation) ? doc.organisation
                                             : TitleFromText(doc.text);
    if (IsBlank(doc.title) && !IsBlank(doc.id)) {
      Reject(line, 0, "record has neither title nor text");
      return false;
    }
    if (IsBlank(doc.name) && IsBlank(doc.organisation)) {
      Warning(line, 0, "field \"title\": missing, taken from the text");
    }
  }
  std::vector<FieldProblem> problems;
  if (!CheckRecordRules(doc, &problems)) {
    Reject(line, 0, std::move(problems.front().message));
    for (size_t i = 1; i < problems.size(); ++i) {
      RecordError(line, 0, std::move(problems[i].message));
    }
    return false;
  }
  ++result_.stats.read;
  auto [it, inserted] = id_lines_.emplace(doc.id, line);
  if (!inserted) {
    Warning(line, 0, absl::StrCat("id \"", doc.id, "\" repeated (first at line ", it->second, ")"));
    ++result_.stats.duplicates;
  }
  ++result_.stats.accepted;
  result_.documents.push_back(std::move(doc));
  return true;
}

ReadResult ResultBuilder::Finish() && { return std::move(result_); }

std::string FallbackId(const Document& doc, absl::string_view file_name) {
  if (!doc.url.empty()) return doc.url;
  return absl::StrCat(FileStem(file_name), ":",
                      StableHash(absl::StrCat(doc.title, "\n", doc.date, "\n", doc.text)));
}

std::string UniqueId(const std::string& base, std::set<std::string>* used) {
  std::string id = base;
  for (int n = 2; !used->insert(id).second; ++n) id = absl::StrCat(base, "-", n);
  return id;
}

}  // namespace meute::ingest::internal
