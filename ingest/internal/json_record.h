// Conversion between nlohmann::json objects and Document, with field-by-field
// problems, shared by the JSON Lines reader, the stored-data decoder and the
// readers that map other JSON shapes onto the record.

#ifndef MEUTE_INGEST_INTERNAL_JSON_RECORD_H_
#define MEUTE_INGEST_INTERNAL_JSON_RECORD_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/string_view.h"

#include "ingest/document.h"

namespace meute::ingest::internal {

struct FieldProblem {
  bool fatal = true;    // false: a warning, the record is kept.
  std::string message;  // 'field "date": expected YYYY-MM-DD, got "31/02/2026"'.
};

// Fills `doc` from the JSON object `obj`. Unknown fields go to extra_json.
// Strings longer than `max_field_bytes` are cut at a character boundary (a
// warning). Returns false if any problem is fatal (the record must be skipped);
// every problem found is appended to `problems`, not just the first.
// A record without a kind gets `default_kind`, if set.
bool DocumentFromJsonObject(const nlohmann::json& obj, size_t max_field_bytes, Document* doc,
                            std::vector<FieldProblem>* problems,
                            std::optional<Kind> default_kind = std::nullopt);

// The rules every record obeys, whatever reader made it (doc/formats.md,
// "Validation"), checked once the reader has filled `doc`: the id is not blank
// (IsBlank: only white space, NBSP included) and has no control characters;
// the title is not blank; a call's deadline does not precede its opening date.
// Appends one fatal problem per broken rule; returns true if there was none.
bool CheckRecordRules(const Document& doc, std::vector<FieldProblem>* problems);

// The fields of a file's records that are no record field ("body" where
// "text" was meant), each named once per file: such a field is stored with
// the record (extra_json) but neither indexed nor analysed, which a user
// feeding another tool's export should hear about.
class UnknownFields {
 public:
  // One warning per field of `obj` that is no record field and that no
  // earlier record of this file had: 'field "body" is not a record field:
  // stored, not indexed (...)', naming the record field meant when one is a
  // typo away ("titel"), else how to map it.
  std::vector<FieldProblem> Check(const nlohmann::json& obj);

  // Check() in two halves, so that records parsed in parallel are checked in
  // order: the keys of `obj` that are no record field (any thread), then the
  // warnings for those no earlier record had (in record order).
  static std::vector<std::string> Candidates(const nlohmann::json& obj);
  std::vector<FieldProblem> CheckKeys(const std::vector<std::string>& keys);

 private:
  std::set<std::string> seen_;
};

// Deepest nesting of arrays and objects in `json`, stopping once `limit` is
// passed; scans iteratively, so any depth is safe (nlohmann's parser recurses).
int JsonNestingDepth(absl::string_view json, int limit);

// "invalid JSON: " and nlohmann's message without its prefix and position
// ("[json.exception.parse_error.101] parse error at line 1, column 7: "),
// which the diagnostic prints itself.
std::string ParseErrorText(const nlohmann::json::parse_error& e);

// nlohmann's other errors ("[json.exception.out_of_range.406] number overflow
// parsing '1e999999'") without the bracketed id.
std::string ExceptionText(const nlohmann::json::exception& e);

// Ordered JSON of `doc`, as ToJson() prints it.
nlohmann::ordered_json DocumentToJsonObject(const Document& doc);

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
// Returns true if it cut.
bool TruncateUtf8(std::string* s, size_t max_bytes);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_INTERNAL_JSON_RECORD_H_
