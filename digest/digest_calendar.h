// Calendar arithmetic for the weekly digests: civil dates as day numbers, ISO
// 8601 weeks, French date wording and the Europe/Paris UTC offset.
//
// A digest is made for an ISO week; its "today" is the Monday of that week, so
// the same week and database always give the same digest.
//
// Thread safety: pure functions.

#ifndef MEUTE_DIGEST_DIGEST_CALENDAR_H_
#define MEUTE_DIGEST_DIGEST_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::digest {

// Days since 1970-01-01 (proleptic Gregorian calendar); negative before.
using DayNumber = int64_t;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

DayNumber DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(DayNumber days);

// "2026-11-23" -> its day number; nullopt unless YYYY-MM-DD is a real date.
std::optional<DayNumber> ParseDay(absl::string_view yyyy_mm_dd);
// Day number -> "YYYY-MM-DD".
std::string FormatDay(DayNumber days);

// 1 = Monday ... 7 = Sunday (ISO 8601).
int IsoWeekday(DayNumber days);

struct IsoWeek {
  int year = 1970;  // The ISO week-numbering year (may differ from the civil year).
  int week = 1;     // 1..52 or 53.
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

// Parses "2026-W48" (also "2026W48" and lower-case "w"). kInvalidArgument if
// the text is malformed or the year has no such week (W53 exists only in long
// years).
absl::StatusOr<IsoWeek> ParseIsoWeek(absl::string_view text);
// "2026-W48" (week on two digits).
std::string FormatIsoWeek(const IsoWeek& week);
// The Monday of `week`.
DayNumber IsoWeekMonday(const IsoWeek& week);
// The ISO week that contains `days`.
IsoWeek IsoWeekOf(DayNumber days);

// "lundi 23 novembre 2026".
std::string FrenchLongDate(DayNumber days);
// "23 nov. 2026" (abbreviated month, as French newspapers write it).
std::string FrenchShortDate(DayNumber days);
// "23 nov." (no year).
std::string FrenchDayMonth(DayNumber days);

// The UTC offset of Europe/Paris at local noon of `days`, in minutes: +60 in
// winter, +120 in summer (EU rule: from the last Sunday of March to the last
// Sunday of October).
int ParisUtcOffsetMinutes(DayNumber days);

// RFC 5322 date-time for `days` at local `hour`:00 in Europe/Paris, e.g.
// "Mon, 23 Nov 2026 07:00:00 +0100". REQUIRES: 0 <= hour < 24.
std::string Rfc5322Date(DayNumber days, int hour);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_CALENDAR_H_
