// Plain text and Markdown files, one record per file, with optional front
// matter for the record's fields:
//
//   ---                                 (YAML-like: key: value, [a, b] or
//   kind: call                           "- item" lists, quotes optional)
//   title: Appel à projets Hydrogène
//   deadline: 15 mars 2026
//   themes: [hydrogène, mobilité]
//   ---
//   # Appel à projets Hydrogène
//   Texte…
//
// or TOML between "+++" lines. Keys named like record fields fill them (a
// mapping file may rename others); other keys are kept as unknown fields.
// Without front matter: title is the first Markdown heading, else the first
// line; date is a date line near the top ("3 juillet 2016 . –", "Publié le
// …"); kind is news (or the mapping's default). Markdown markup is removed
// from the text (headings, emphasis, links -> their text, images, code
// fences, tables, HTML tags). Id: front matter id, else url, else the path.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_READERS_TEXT_READER_H_
#define MEUTE_INGEST_READERS_TEXT_READER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

ReadResult ParsePlainText(absl::string_view content, absl::string_view file_name,
                          const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

ReadResult ParseMarkdown(absl::string_view content, absl::string_view file_name,
                         const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

namespace internal {
// Markdown to plain text, line by line. Exposed for tests.
std::string MarkdownToText(absl::string_view markdown);
}  // namespace internal

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_TEXT_READER_H_
