// One entry point for every input format: picks the reader by --format or by
// the file's extension, and returns canonical records plus diagnostics.
//
//   format        extensions        reader
//   jsonl         .jsonl .ndjson    ingest/jsonl_reader.h (mapped: readers/json_reader.h)
//   json          .json             readers/json_reader.h
//   csv, tsv      .csv .tsv         readers/csv_reader.h
//   feed (rss, atom, xml)  .rss .atom .xml   readers/rss_atom_reader.h
//   html          .html .htm        readers/html_reader.h
//   text          .txt              readers/text_reader.h
//   markdown (md) .md .markdown     readers/text_reader.h
//   pdf           .pdf              readers/pdf_reader.h
//
// A mapping file (ingest/csv_mapping.h) adapts CSV columns and JSON keys to
// the record and gives defaults (kind, source...) to every format. ReadFile()
// uses "<file>.mapping.toml" beside the file if it exists, else
// "meute-mapping.toml" in its folder; ReadFileWithMapping() takes one
// explicitly. Records read without `lang` get it from DetectLanguage() when
// the text is clear enough.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_INGEST_READER_H_
#define MEUTE_INGEST_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Extensions (lower case, no dot) that folders are scanned for.
const std::vector<std::string>& SupportedExtensions();

// Names accepted for `format` (besides "" and "auto").
const std::vector<std::string>& SupportedFormats();

// Reads `path` with the reader named by `format` ("jsonl", ...), or chosen by
// the extension when `format` is empty or "auto". kInvalidArgument for an
// unknown format or extension, or a broken mapping file; kNotFound /
// kPermissionDenied if unreadable. Problems inside the file are diagnostics,
// never errors.
absl::StatusOr<ReadResult> ReadFile(absl::string_view path, absl::string_view format = "",
                                    const ReaderOptions& options = {});

// As ReadFile(), with the mapping file at `mapping_path` ("" : none, not even
// the one beside the file). The mapping's `format` is used when `format` is
// empty or "auto".
absl::StatusOr<ReadResult> ReadFileWithMapping(absl::string_view path, absl::string_view format,
                                               absl::string_view mapping_path,
                                               const ReaderOptions& options = {});

// Why a file found while walking a folder is not a record source, or "" if it
// is one. Decided by name and content, never by a list of files:
//   "documentation"      README, CHANGELOG, LICENSE, CONTRIBUTING... (any extension);
//   "JSON schema"        *.schema.json, or a JSON object whose first key is
//                        "$schema" or "$id";
//   "no record columns"  a CSV/TSV without a mapping file whose header has no
//                        title, text, name or organisation column;
//   "synonyms list", "word list or table"  a .txt file of short lines with no
//                        sentence (rules "a, b => c", one term per line,
//                        whitespace-separated columns), not prose.
// A file named explicitly is always read: this applies to folder walks only.
std::string NotARecordSource(absl::string_view path);

// The mapping file ReadFile() uses for `path`, or "" if there is none.
std::string FindMappingFile(absl::string_view path);

// Parses `content` already in memory with the reader for `format` (a name
// from SupportedFormats() or an extension); `file_name` labels diagnostics
// and makes ids. Fills missing languages like ReadFile(). kInvalidArgument for
// an unknown format.
absl::StatusOr<ReadResult> ParseContent(absl::string_view content, absl::string_view file_name,
                                        absl::string_view format, const ReaderOptions& options = {},
                                        const Mapping* mapping = nullptr);

// Sets `lang` of the records that have none to the language detected in their
// title and text, when detection is confident; leaves it empty otherwise.
void FillMissingLanguages(std::vector<Document>* docs);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READER_H_
