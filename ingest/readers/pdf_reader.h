// PDF documents, calls for projects above all, read with poppler-cpp: one
// record per file, kind `call` unless the mapping's defaults say otherwise.
//
// text:     the text of every page in reading order (raw order), lines joined,
//           words cut by a hyphen at a line end rejoined; stops at
//           max_field_bytes (a warning).
// title:    the document's Title, unless empty or a tool's placeholder
//           ("Microsoft Word - x.docx", "untitled"); else the first line.
// date:     a date line near the top, else the creation date.
// deadline: (calls) the date after "date limite", "clôture", "jusqu'au"...
// id:       the path of the file.
// Encrypted PDFs and files poppler cannot open are rejected with an error.
// Poppler's own error messages are silenced (never printed).
//
// Thread safety: free function (poppler documents are per call).

#ifndef MEUTE_INGEST_READERS_PDF_READER_H_
#define MEUTE_INGEST_READERS_PDF_READER_H_

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

ReadResult ParsePdf(absl::string_view content, absl::string_view file_name,
                    const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_PDF_READER_H_
