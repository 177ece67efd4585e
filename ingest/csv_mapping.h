// Mapping files: how the columns of a CSV export (or the keys of a JSON API
// answer) become fields of the canonical record. A mapping is a small TOML
// file; corpora/mappings/README.md documents the format and ships real ones.
//
//   # corpora/mappings/aides-territoires-csv.toml
//   format = "csv"                    # optional: reader to use
//   [defaults]                        # constants for fields left empty
//   kind = "call"
//   source = "Aides-territoires"
//   [fields]                          # record field = where its value comes from
//   title = "Nom"
//   id = "Lien"
//   url = "Lien"
//   text = ["Descriptif"]             # several columns: joined by blank lines
//   deadline = "Date Clôture"         # dates in any form french_date.h reads
//   themes = { from = "Types d'aides", split = ";" }
//
// Top-level keys (all optional):
//   format          "csv", "json" or "jsonl"; default: the file's extension.
//   delimiter       CSV separator, one character; default: detected (';' ',' tab).
//   encoding        "auto" (UTF-8 when valid, else Windows-1252) or an ICU
//                   charset name such as "windows-1252" or "ISO-8859-15".
//   records         JSON: dotted path of the array of records in the document
//                   ("results", "ListeDispositifs"); default: the document if it
//                   is an array, else the document as one record.
//   list_separator  Separator inside one cell of a list field. Default: ";".
//   keep_unmapped   Keep columns no field uses as unknown fields. Default: true.
//   drop            Columns never kept as unknown fields.
// [fields] values: a column name; an array of column names; or a table with
//   from       the column name(s) (JSON: a dotted path; over an array of
//              objects it collects each element's value: "tags.title");
//   split      separator for list fields (default: list_separator);
//   html       true: the value is HTML, converted to plain text;
//   prefix     prepended to the value (to make ids unique across sources);
//   from_text  date and deadline only: when the columns give none, take the
//              date line of the text (date) or the date after "date limite",
//              "clôture", "jusqu'au"... (deadline).
// Record fields: id kind title text date lang url source name sectors city
// organisation clusters skills size funder programme opens deadline budget_eur
// themes. kind accepts call/news/member/cluster and the French appel,
// actualité, membre.
//
// Thread safety: plain values and free functions.

#ifndef MEUTE_INGEST_CSV_MAPPING_H_
#define MEUTE_INGEST_CSV_MAPPING_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::ingest {

struct FieldSource {
  std::vector<std::string> from;  // Column names or JSON dotted paths, in order.
  std::string split;              // Lists: separator; empty: the mapping's list_separator.
  bool html = false;              // The value is HTML.
  std::string prefix;             // Prepended to a non-empty value.
  bool from_text = false;         // date, deadline: fall back on the record's text.
};

struct Mapping {
  std::string format;  // "", "csv", "json" or "jsonl".
  char delimiter = 0;  // 0: detect.
  std::string encoding = "auto";
  std::string records;  // JSON dotted path; "" for the top level.
  std::string list_separator = ";";
  bool keep_unmapped = true;
  std::vector<std::string> drop;
  std::map<std::string, FieldSource> fields;  // Record field -> source.
  // Record field -> constant: one value, or the items of a list field.
  std::map<std::string, std::vector<std::string>> defaults;
};

// The record fields a mapping may fill (and a CSV header may name directly).
const std::vector<std::string>& RecordFieldNames();

// True for sectors, clusters, skills, themes.
bool IsListField(absl::string_view field);
// True for date, opens, deadline.
bool IsDateField(absl::string_view field);

// Parses the TOML text of a mapping; `file_name` labels errors.
// kInvalidArgument with "FILE:LINE:COLUMN: message" on a TOML syntax error, an
// unknown record field, an unknown key or a value of the wrong type.
absl::StatusOr<Mapping> ParseMapping(absl::string_view toml_text, absl::string_view file_name);

// Reads and parses the mapping file at `path`; kNotFound if it is missing.
absl::StatusOr<Mapping> LoadMapping(absl::string_view path);

// The mapping used for a CSV file without a mapping file: every column whose
// name (trimmed, lower case) is a record field fills that field.
Mapping IdentityMapping(const std::vector<std::string>& columns);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_CSV_MAPPING_H_
