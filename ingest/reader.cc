#include "ingest/reader.h"

#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "ingest/language.h"
#include "ingest/readers/csv_reader.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/json_reader.h"
#include "ingest/readers/pdf_reader.h"
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
  for (Document& d : *docs) {
    if (!d.lang.empty()) continue;
    // The text decides; the title alone is often too short.
    d.lang = DetectLanguageCode(absl::StrCat(d.title, "\n", d.text));
  }
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
