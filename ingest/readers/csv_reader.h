// CSV (RFC 4180) as CRM and spreadsheet exports write it: quoted fields with
// embedded separators, quotes ("") and newlines; ';', ',' or tab separators
// (detected from the header line); UTF-8 (with or without BOM) or Windows-1252
// (detected: input that is not valid UTF-8 is converted with ICU); CRLF.
//
// The first record is the header. A mapping file (ingest/csv_mapping.h) says
// which column fills which record field; without one (or without [fields]),
// columns named like record fields ("id", "kind", "title", "themes"...) fill
// them. Other columns
// are kept as unknown fields. A record that cannot be read (an unterminated
// quote, no kind) is reported and skipped; reading goes on at the next line.
// Records without an id get a stable one (ingest/readers/reader_common.h).
//
// Thread safety: free function.

#ifndef MEUTE_INGEST_READERS_CSV_READER_H_
#define MEUTE_INGEST_READERS_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest {

// Parses the CSV bytes `content`; `file_name` labels diagnostics and makes
// generated ids. `mapping` may be null.
ReadResult ParseCsv(absl::string_view content, absl::string_view file_name,
                    const ReaderOptions& options = {}, const Mapping* mapping = nullptr);

namespace internal {

// Splits CSV text (UTF-8; records end at LF, CRLF or a lone CR, while line
// ends inside a quoted field are kept as written) into records of fields.
// Exposed for tests. Each record has the 1-based line it starts on; a record with an
// unterminated quoted field is returned with `error` set, and parsing resumes
// on the line after its start.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;    // Non-empty: the record could not be read.
  std::string warning;  // A recovered oddity (text after a closing quote).
};
std::vector<CsvRecord> SplitCsv(absl::string_view text, char delimiter, size_t max_field_bytes);

// The separator of the first line of `text` (outside quotes): the most
// frequent of ';', ',', '\t' and '|'; ',' when none occurs.
char DetectDelimiter(absl::string_view text);

}  // namespace internal
}  // namespace meute::ingest

#endif  // MEUTE_INGEST_READERS_CSV_READER_H_
