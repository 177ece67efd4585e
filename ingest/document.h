// The canonical Meute record: one cluster, member, call for projects or news
// item, whatever format it was read from (see corpora/record.schema.json).
//
// Thread safety: plain value types.

#ifndef MEUTE_INGEST_DOCUMENT_H_
#define MEUTE_INGEST_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::ingest {

// DO NOT CHANGE the spelling returned by KindName(): it is stored in indexes.
enum class Kind { kCluster, kMember, kCall, kNews };

// Returns "cluster", "member", "call" or "news".
absl::string_view KindName(Kind kind);
// Parses a kind name (exact, lower case); nullopt if unknown.
std::optional<Kind> ParseKind(absl::string_view name);

// Organisation sizes allowed for members.
inline constexpr const char* kMemberSizes[] = {"TPE", "PME", "ETI", "GE", "laboratoire"};

struct Document {
  // Every kind.
  std::string id;  // Unique, non-empty, no control characters.
  Kind kind = Kind::kNews;
  std::string title;  // Non-empty.
  std::string text;
  std::string date;  // YYYY-MM-DD (a real calendar date) or empty.
  std::string lang;  // "fr", "en", or empty when unknown (to be detected).
  std::string url;
  std::string source;

  // cluster
  std::string name;
  std::vector<std::string> sectors;
  std::string city;  // cluster and member

  // member
  std::string organisation;
  std::vector<std::string> clusters;  // Cluster ids.
  std::vector<std::string> skills;
  std::string size;  // One of kMemberSizes or empty.

  // call
  std::string funder;
  std::string programme;
  std::string opens;     // YYYY-MM-DD or empty.
  std::string deadline;  // YYYY-MM-DD or empty.
  std::optional<double> budget_eur;
  std::vector<std::string> themes;

  // Fields this schema does not know, kept verbatim as a JSON object text
  // ("{}" when none). They are stored and shown, never interpreted.
  std::string extra_json = "{}";

  // If this record is a near-duplicate of another one, that record's id.
  std::string duplicate_of;
};

// Serialises `doc` to one line of canonical JSON (no trailing newline): known
// fields in schema order, empty fields omitted, then the unknown fields.
std::string ToJson(const Document& doc);

// Parses what ToJson() wrote (the document data stored in an index).
// kInvalidArgument if `json` is not such an object. No validation beyond types:
// for user input use the JSON Lines reader, which reports field by field.
absl::StatusOr<Document> FromJson(absl::string_view json);

// Returns true if `date` is YYYY-MM-DD and a real calendar date.
bool IsValidDate(absl::string_view date);

// Days since 1970-01-01 of a valid YYYY-MM-DD date; nullopt otherwise.
std::optional<int64_t> DayNumber(absl::string_view date);

// The YYYY-MM-DD date `day` days after 1970-01-01 (proleptic Gregorian).
std::string DateOfDay(int64_t day);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_DOCUMENT_H_
