#include "ingest/reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"
#include "base/parallel.h"
#include "ingest/language.h"
#include "ingest/readers/csv_reader.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/json_reader.h"
#include "ingest/readers/pdf_reader.h"
#include "ingest/readers/reader_common.h"
#include "ingest/readers/rss_atom_reader.h"
#include "ingest/readers/text_reader.h"

namespace meute::ingest {
namespace {

// Canonical reader name for a format name or an extension; "" if unknown.
std::string ReaderFor(absl::string_view name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "jsonl" || n == "ndjson") return "jsonl";
  if (n == "json") return "json";
  if (n == "csv") return "csv";
  if (n == "tsv") return "tsv";
  if (n == "feed" || n == "rss" || n == "atom" || n == "xml") return "feed";
  if (n == "html" || n == "htm" || n == "xhtml") return "html";
  if (n == "text" || n == "txt") return "text";
  if (n == "markdown" || n == "md") return "markdown";
  if (n == "pdf") return "pdf";
  return "";
}

std::string Extension(absl::string_view path) {
  std::string ext = std::filesystem::path(std::string(path)).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  return absl::AsciiStrToLower(ext);
}

bool IsRegularFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

const std::vector<std::string>& SupportedExtensions() {
  static const auto* kExtensions =
      new std::vector<std::string>{"jsonl", "ndjson", "json", "csv", "tsv", "rss",      "atom",
                                   "xml",   "html",   "htm",  "txt", "md",  "markdown", "pdf"};
  return *kExtensions;
}

const std::vector<std::string>& SupportedFormats() {
  static const auto* kFormats = new std::vector<std::string>{
      "jsonl", "json", "csv", "tsv", "feed", "rss", "atom", "html", "text", "markdown", "pdf"};
  return *kFormats;
}

void FillMissingLanguages(std::vector<Document>* docs) {
  // Each record on its own (a fifth of reading a large file): on every core.
  ParallelFor(docs->size(), 512, [docs](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Document& d = (*docs)[i];
      if (!d.lang.empty()) continue;
      // The text decides; the title alone is often too short.
      d.lang = DetectLanguageCode(absl::StrCat(d.title, "\n", d.text));
    }
  });
}

absl::StatusOr<ReadResult> ParseContent(absl::string_view content, absl::string_view file_name,
                                        absl::string_view format, const ReaderOptions& options,
                                        const Mapping* mapping) {
  const std::string reader = ReaderFor(format);
  ReadResult result;
  if (reader == "jsonl") {
    result = mapping != nullptr ? ParseMappedJsonLines(content, file_name, *mapping, options)
                                : ParseJsonLines(content, file_name, options);
  } else if (reader == "json") {
    result = ParseJsonDocument(content, file_name, options, mapping);
  } else if (reader == "csv") {
    result = ParseCsv(content, file_name, options, mapping);
  } else if (reader == "tsv") {
    Mapping tab = mapping != nullptr ? *mapping : Mapping{};
    if (tab.delimiter == 0) tab.delimiter = '\t';
    result = ParseCsv(content, file_name, options, &tab);
  } else if (reader == "feed") {
    result = ParseFeed(content, file_name, options, mapping);
  } else if (reader == "html") {
    result = ParseHtmlPage(content, file_name, options, mapping);
  } else if (reader == "text") {
    result = ParsePlainText(content, file_name, options, mapping);
  } else if (reader == "markdown") {
    result = ParseMarkdown(content, file_name, options, mapping);
  } else if (reader == "pdf") {
    result = ParsePdf(content, file_name, options, mapping);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", file_name, "\": unknown format \"", format,
                     "\" (known: ", absl::StrJoin(SupportedFormats(), ", "), ")"));
  }
  FillMissingLanguages(&result.documents);
  return result;
}

namespace {

constexpr size_t kSniffBytes = 64 * 1024;

std::string Head(absl::string_view path) {
  std::ifstream f{std::string(path), std::ios::binary};
  std::string head(kSniffBytes, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(std::max<std::streamsize>(f.gcount(), 0)));
  return head;
}

bool IsDocumentationName(absl::string_view path) {
  std::string stem = std::filesystem::path(std::string(path)).filename().string();
  stem = absl::AsciiStrToLower(stem.substr(0, stem.find('.')));
  for (absl::string_view name : {"readme", "changelog", "changes", "history", "license", "licence",
                                 "copying", "notice", "authors", "contributors", "contributing",
                                 "install", "todo", "code_of_conduct", "security", "citation"}) {
    if (stem == name) return true;
  }
  return false;
}

// A JSON text whose top-level object starts with "$schema" or "$id".
bool IsJsonSchema(absl::string_view path, absl::string_view head) {
  if (absl::EndsWith(absl::AsciiStrToLower(std::string(path)), ".schema.json")) return true;
  if (absl::StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  head = absl::StripLeadingAsciiWhitespace(head);
  if (!absl::ConsumePrefix(&head, "{")) return false;
  head = absl::StripLeadingAsciiWhitespace(head);
  return absl::StartsWith(head, "\"$schema\"") || absl::StartsWith(head, "\"$id\"");
}

// A header (the first non-blank line) naming a title, text, name or
// organisation column, as the CSV reader maps columns without a mapping.
bool HasRecordColumns(absl::string_view head) {
  const std::string text = internal::NormalizeNewlines(head);
  const std::vector<internal::CsvRecord> records =
      internal::SplitCsv(text, internal::DetectDelimiter(text), kSniffBytes);
  for (const internal::CsvRecord& r : records) {
    if (r.fields.size() == 1 && absl::StripAsciiWhitespace(r.fields[0]).empty()) continue;
    const Mapping m = IdentityMapping(r.fields);
    for (const char* field : {"title", "text", "name", "organisation"}) {
      if (m.fields.count(field) > 0) return true;
    }
    return false;
  }
  return false;
}

// "" for prose; otherwise what kind of list the text is.
std::string ListKind(absl::string_view head) {
  int lines = 0, sentences = 0, rules = 0;
  for (absl::string_view line : absl::StrSplit(head, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    ++lines;
    auto words = [](absl::string_view piece) {
      return std::vector<absl::string_view>(
                 absl::StrSplit(piece, absl::ByAnyChar(" \t"), absl::SkipEmpty()))
          .size();
    };
    const char last = line.back();
    if (last == '.' || last == '!' || last == '?') ++sentences;
    if (absl::StrContains(line, "=>") || absl::StrContains(line, ",")) {
      // A rule "a, b => c": every term is a short phrase.
      std::string terms(line);
      absl::StrReplaceAll({{"=>", ","}}, &terms);
      for (absl::string_view term : absl::StrSplit(terms, ',')) {
        if (words(term) > 10) return "";
      }
      ++rules;
    } else if (words(line) > 8 || line.size() > 120) {
      return "";
    }
  }
  if (lines < 3 || sentences * 10 > lines) return "";
  return rules * 2 > lines ? "synonyms list" : "word list or table";
}

}  // namespace

std::string NotARecordSource(absl::string_view path) {
  if (IsDocumentationName(path)) return "documentation";
  const std::string ext = Extension(path);
  const std::string reader = ReaderFor(ext);
  if (reader == "json" || reader == "jsonl") {
    if (IsJsonSchema(path, Head(path))) return "JSON schema";
  } else if (reader == "csv" || reader == "tsv") {
    if (FindMappingFile(path).empty() && !HasRecordColumns(Head(path))) {
      return "no record columns";
    }
  } else if (reader == "text") {
    return ListKind(Head(path));
  }
  return "";
}

std::string FindMappingFile(absl::string_view path) {
  const std::string beside = absl::StrCat(path, ".mapping.toml");
  if (IsRegularFile(beside)) return beside;
  const std::filesystem::path folder = std::filesystem::path(std::string(path)).parent_path();
  const std::string shared = (folder / "meute-mapping.toml").string();
  if (IsRegularFile(shared)) return shared;
  return "";
}

absl::StatusOr<ReadResult> ReadFileWithMapping(absl::string_view path, absl::string_view format,
                                               absl::string_view mapping_path,
                                               const ReaderOptions& options) {
  std::optional<Mapping> mapping;
  if (!mapping_path.empty()) {
    absl::StatusOr<Mapping> m = LoadMapping(mapping_path);
    if (!m.ok()) {
      return absl::Status(m.status().code() == absl::StatusCode::kNotFound
                              ? absl::StatusCode::kNotFound
                              : absl::StatusCode::kInvalidArgument,
                          absl::StrCat("mapping file: ", m.status().message()));
    }
    mapping = *std::move(m);
  }
  std::string fmt = absl::AsciiStrToLower(format);
  if ((fmt.empty() || fmt == "auto") && mapping && !mapping->format.empty()) {
    fmt = mapping->format;
  }
  if (fmt.empty() || fmt == "auto") {
    fmt = Extension(path);
    if (ReaderFor(fmt).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", path, "\": unknown format \"", fmt,
                       "\" (known: ", absl::StrJoin(SupportedExtensions(), ", "), ")"));
    }
  } else if (ReaderFor(fmt).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", path, "\": unknown format \"", fmt,
                     "\" (known: ", absl::StrJoin(SupportedFormats(), ", "), ")"));
  }
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) return content.status();
  return ParseContent(*content, path, fmt, options, mapping ? &*mapping : nullptr);
}

absl::StatusOr<ReadResult> ReadFile(absl::string_view path, absl::string_view format,
                                    const ReaderOptions& options) {
  return ReadFileWithMapping(path, format, FindMappingFile(path), options);
}

}  // namespace meute::ingest
