#include "digest/digest_calendar.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meute::digest {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

DayNumber FloorDiv(DayNumber a, DayNumber b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

constexpr const char* kMonthsLong[] = {"janvier",   "février", "mars",     "avril",
                                       "mai",       "juin",    "juillet",  "août",
                                       "septembre", "octobre", "novembre", "décembre"};
constexpr const char* kMonthsShort[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                        "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
constexpr const char* kWeekdays[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                     "vendredi", "samedi", "dimanche"};

// Day number of the last Sunday of `month` in `year`.
DayNumber LastSunday(int year, int month) {
  const DayNumber last = DaysFromCivil({year, month, DaysInMonth(year, month)});
  return last - (IsoWeekday(last) % 7);
}

}  // namespace

// Howard Hinnant's days_from_civil.
DayNumber DaysFromCivil(const CivilDate& date) {
  const int y = date.year - (date.month <= 2 ? 1 : 0);
  const DayNumber era = FloorDiv(y, 400);
  const DayNumber yoe = y - era * 400;
  const int mp = (date.month + 9) % 12;
  const DayNumber doy = (153 * mp + 2) / 5 + date.day - 1;
  const DayNumber doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(DayNumber days) {
  days += 719468;
  const DayNumber era = FloorDiv(days, 146097);
  const DayNumber doe = days - era * 146097;
  const DayNumber yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const DayNumber doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const DayNumber mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
  return {y, m, d};
}

std::optional<DayNumber> ParseDay(absl::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(s.substr(0, 4), &y) || !absl::SimpleAtoi(s.substr(5, 2), &m) ||
      !absl::SimpleAtoi(s.substr(8, 2), &d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil({y, m, d});
}

std::string FormatDay(DayNumber days) {
  const CivilDate c = CivilFromDays(days);
  return absl::StrFormat("%04d-%02d-%02d", c.year, c.month, c.day);
}

int IsoWeekday(DayNumber days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(((days + 3) % 7 + 7) % 7) + 1;
}

IsoWeek IsoWeekOf(DayNumber days) {
  const DayNumber thursday = days - (IsoWeekday(days) - 1) + 3;
  const int year = CivilFromDays(thursday).year;
  const DayNumber jan1 = DaysFromCivil({year, 1, 1});
  return {year, static_cast<int>((thursday - jan1) / 7) + 1};
}

DayNumber IsoWeekMonday(const IsoWeek& week) {
  const DayNumber jan4 = DaysFromCivil({week.year, 1, 4});
  const DayNumber week1_monday = jan4 - (IsoWeekday(jan4) - 1);
  return week1_monday + 7 * static_cast<DayNumber>(week.week - 1);
}

absl::StatusOr<IsoWeek> ParseIsoWeek(absl::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("week \"", text, "\" is not an ISO week such as 2026-W48"));
  };
  absl::string_view s = text;
  if (s.size() < 7) return bad();
  absl::string_view year_part = s.substr(0, 4);
  s.remove_prefix(4);
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  if (s.empty() || (s[0] != 'W' && s[0] != 'w')) return bad();
  s.remove_prefix(1);
  if (s.size() != 2) return bad();
  for (char c : year_part) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return bad();
  }
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return bad();
  }
  IsoWeek week;
  if (!absl::SimpleAtoi(year_part, &week.year) || !absl::SimpleAtoi(s, &week.week)) return bad();
  // Dec 28 always lies in the last ISO week of its year.
  const int weeks_in_year = IsoWeekOf(DaysFromCivil({week.year, 12, 28})).week;
  if (week.week < 1 || week.week > weeks_in_year) {
    return absl::InvalidArgumentError(absl::StrCat(
        "week \"", text, "\" does not exist: ", week.year, " has ", weeks_in_year, " weeks"));
  }
  return week;
}

std::string FormatIsoWeek(const IsoWeek& week) {
  return absl::StrFormat("%04d-W%02d", week.year, week.week);
}

std::string FrenchLongDate(DayNumber days) {
  const CivilDate c = CivilFromDays(days);
  return absl::StrCat(kWeekdays[IsoWeekday(days) - 1], " ",
                      c.day == 1 ? "1er" : absl::StrCat(c.day), " ", kMonthsLong[c.month - 1], " ",
                      c.year);
}

std::string FrenchShortDate(DayNumber days) {
  const CivilDate c = CivilFromDays(days);
  return absl::StrCat(c.day, " ", kMonthsShort[c.month - 1], " ", c.year);
}

std::string FrenchDayMonth(DayNumber days) {
  const CivilDate c = CivilFromDays(days);
  return absl::StrCat(c.day, " ", kMonthsShort[c.month - 1]);
}

int ParisUtcOffsetMinutes(DayNumber days) {
  const int year = CivilFromDays(days).year;
  // The switch happens at 01:00 UTC on those Sundays; at local noon the
  // Sunday itself already has the new offset.
  return days >= LastSunday(year, 3) && days < LastSunday(year, 10) ? 120 : 60;
}

std::string Rfc5322Date(DayNumber days, int hour) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilDate c = CivilFromDays(days);
  const int offset = ParisUtcOffsetMinutes(days);
  return absl::StrFormat("%s, %d %s %04d %02d:00:00 +%02d%02d", kDays[IsoWeekday(days) - 1], c.day,
                         kMonths[c.month - 1], c.year, hour, offset / 60, offset % 60);
}

}  // namespace meute::digest
