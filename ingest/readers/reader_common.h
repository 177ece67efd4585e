// Pieces every reader of ingest/readers/ shares: charset detection and
// conversion, the builder that validates, repairs and counts records, and
// small text helpers.
//
// Thread safety: free functions; a ResultBuilder belongs to one reader call.

#ifndef MEUTE_INGEST_READERS_READER_COMMON_H_
#define MEUTE_INGEST_READERS_READER_COMMON_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ingest/diagnostic.h"
#include "ingest/document.h"
#include "ingest/jsonl_reader.h"

namespace meute::ingest::internal {

struct DecodedText {
  std::string text;                 // UTF-8, without BOM; line ends as in the input.
  std::string encoding;             // "UTF-8", "UTF-16LE", "windows-1252", ...
  std::vector<int> repaired_lines;  // 1-based lines where invalid UTF-8 became U+FFFD.
  bool converted = false;           // true if the input was not UTF-8.
};

// Decodes `bytes` to UTF-8. A BOM (UTF-8, UTF-16LE/BE) wins; then valid UTF-8
// is taken as is; then `declared` (a charset name from the file itself, such as
// an XML declaration or an HTML meta, "" if none) if ICU knows it and it is not
// UTF-8; then input that is mostly valid UTF-8 is repaired (U+FFFD) and
// anything else is read as Windows-1252, the charset of French Excel and CRM
// exports. Never fails.
DecodedText DecodeText(absl::string_view bytes, absl::string_view declared = "");

// Converts `bytes` from the charset `charset` (an ICU converter name) to UTF-8.
// Returns false if ICU does not know the charset.
bool ConvertToUtf8(absl::string_view bytes, absl::string_view charset, std::string* out);

// Replaces CRLF and lone CR by LF.
std::string NormalizeNewlines(absl::string_view s);

// Collapses runs of white space (ASCII, no-break and other Unicode spaces)
// into one space and trims both ends.
std::string CollapseWhitespace(absl::string_view s);

// A short title made from the start of `text`: its first non-empty line, cut
// at a word boundary near `max_bytes` (with "…").
std::string TitleFromText(absl::string_view text, size_t max_bytes = 120);

// 16 lower-case hex digits of a stable 64-bit hash (FNV-1a) of `s`.
// DO NOT CHANGE: generated record ids depend on it.
std::string StableHash(absl::string_view s);

// "fr-FR", "en_GB", "FR" -> "fr", "en", "fr"; "" when not a language tag.
std::string NormalizeLanguageTag(absl::string_view tag);

// The file name of `path` without folders and extension ("a/b/c.html" -> "c").
std::string FileStem(absl::string_view path);

// Collects records and diagnostics of one file, with the checks and repairs
// all readers share, and counts them in ReadStats.
class ResultBuilder {
 public:
  ResultBuilder(absl::string_view file_name, const ReaderOptions& options);

  const std::string& file() const { return result_.stats.file; }
  const ReaderOptions& options() const { return options_; }

  // A warning about the file or a record that is kept.
  void Warning(int line, int column, std::string message);
  // An error about the file, not one record (a file that cannot be parsed at
  // all, or only in part): counted in ReadStats::file_errors.
  void Error(int line, int column, std::string message);
  // A further error about a record already rejected with Reject().
  void RecordError(int line, int column, std::string message);
  // A record that was seen but could not be read: counts as read and rejected.
  void Reject(int line, int column, std::string message);

  // Checks and keeps `doc`, read at `line`: repairs invalid UTF-8 and cuts
  // fields longer than max_field_bytes in every string field (one warning per
  // field); takes a missing title from the text (a warning); drops a date that
  // is not a real YYYY-MM-DD (a warning); warns about an id already seen in
  // this file. Rejects (returns false) a record with no id, an id with
  // control characters, or neither title nor text.
  bool Accept(Document doc, int line);

  // Number of records accepted so far.
  size_t accepted() const { return result_.documents.size(); }

  ReadResult Finish() &&;

 private:
  void Cap(int line, absl::string_view field, std::string* value);

  ReaderOptions options_;
  ReadResult result_;
  std::map<std::string, int> id_lines_;  // Id -> line where first seen.
};

// An id for a record whose input gives none: its url if it has one, else
// "<file stem>:<hash of title, date and text>", so that it stays the same when
// the file is read again (even reordered).
std::string FallbackId(const Document& doc, absl::string_view file_name);

// Returns `base`, or `base` + "-2", "-3", ... so that it is not in `used`,
// and adds the result to `used`.
std::string UniqueId(const std::string& base, std::set<std::string>* used);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_READERS_READER_COMMON_H_
