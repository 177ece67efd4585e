// Dates as people and feeds write them, turned into the record's YYYY-MM-DD.
//
// Accepted forms (case and accents ignored, a leading weekday and "le" skipped):
//   French        "1er janvier 2016", "lundi 12 février 2026", "12 févr. 2026",
//                 "12 fevrier 2026", "1ᵉʳ mars 2026", "12/02/2026", "12-02-26",
//                 "12.02.2026" (numeric dates are day first, as in France)
//   RFC 822/1123  "Thu, 12 Feb 2026 10:00:00 +0100", "12 Feb 26 10:00 GMT" (RSS)
//   ISO 8601      "2026-02-12", "2026-02-12T10:00:00Z", "2026-02-12T10:00:00+02:00",
//                 "2026/02/12"
//   English       "February 12, 2026", "12 February 2026", "Feb. 12 2026"
// A time may follow the date ("…, 14h30", "… à 10:00", "T10:00Z"); it is
// ignored, and so is the time zone: the date is the day as the author wrote it,
// not converted to UTC. Two-digit years mean 1950–2049. The day must exist in
// the calendar ("31 février" is rejected).
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_INGEST_FRENCH_DATE_H_
#define MEUTE_INGEST_FRENCH_DATE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace meute::ingest {

// Returns the YYYY-MM-DD date that the whole of `text` spells in any accepted
// form (surrounding spaces and a trailing time allowed), or nullopt.
// Example: ParseDate("1er janvier 2016") == "2016-01-01".
std::optional<std::string> ParseDate(absl::string_view text);

// Like ParseDate() but only the date at the beginning of `text` is required:
// what follows it is ignored ("3 juillet 2016 . – Après plus de…").
// `consumed`, if not null, receives the byte length of the date read.
std::optional<std::string> ParseDatePrefix(absl::string_view text, size_t* consumed = nullptr);

// Returns the date of the first of the first `max_lines` non-empty lines of
// `text` that begins with a date (a news "dateline", optionally after
// "Publié le", "Mis à jour le", "Date :"), or nullopt.
std::optional<std::string> FindDateline(absl::string_view text, int max_lines = 15);

// Returns the first date that follows one of the deadline cues of a call for
// projects ("date limite", "clôture", "jusqu'au", "avant le", "deadline",
// "au plus tard le"...) within a few words, or nullopt.
// Example: "Dépôt des dossiers jusqu'au 15 mars 2026 à midi" -> "2026-03-15".
std::optional<std::string> FindDeadline(absl::string_view text);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_FRENCH_DATE_H_
