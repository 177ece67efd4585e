#include "digest/digest_calendar.h"

#include <gtest/gtest.h>

namespace meute::digest {
namespace {

DayNumber Day(const char* ymd) {
  std::optional<DayNumber> d = ParseDay(ymd);
  EXPECT_TRUE(d.has_value()) << ymd;
  return d.value_or(0);
}

TEST(DigestCalendar, CivilRoundTripsOverFourCenturies) {
  for (DayNumber d = DaysFromCivil({1900, 1, 1}); d < DaysFromCivil({2300, 1, 1}); d += 13) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(FormatDay(Day("2024-02-29")), "2024-02-29");
}

TEST(DigestCalendar, ParseDayRejectsImpossibleDates) {
  EXPECT_FALSE(ParseDay("2026-02-29").has_value());
  EXPECT_FALSE(ParseDay("2026-13-01").has_value());
  EXPECT_FALSE(ParseDay("2026-1-01").has_value());
  EXPECT_FALSE(ParseDay("").has_value());
  EXPECT_TRUE(ParseDay("2024-02-29").has_value());
}

TEST(DigestCalendar, Week48Of2026StartsMondayNovember23) {
  absl::StatusOr<IsoWeek> week = ParseIsoWeek("2026-W48");
  ASSERT_TRUE(week.ok()) << week.status();
  EXPECT_EQ(FormatDay(IsoWeekMonday(*week)), "2026-11-23");
  EXPECT_EQ(IsoWeekday(IsoWeekMonday(*week)), 1);
  EXPECT_EQ(FormatIsoWeek(*week), "2026-W48");
  EXPECT_EQ(IsoWeekOf(Day("2026-11-29")), *week);
  EXPECT_EQ(IsoWeekOf(Day("2026-11-30")).week, 49);
}

TEST(DigestCalendar, WeekNumberingYearDiffersAtYearEnds) {
  // 2026 starts on a Thursday, so it has 53 weeks and 2027-01-01 is in 2026-W53.
  EXPECT_EQ(IsoWeekOf(Day("2027-01-01")), (IsoWeek{2026, 53}));
  EXPECT_EQ(FormatDay(IsoWeekMonday({2026, 1})), "2025-12-29");
  EXPECT_EQ(IsoWeekOf(Day("2025-12-29")), (IsoWeek{2026, 1}));
  EXPECT_TRUE(ParseIsoWeek("2026-W53").ok());
  EXPECT_FALSE(ParseIsoWeek("2025-W53").ok());
  EXPECT_TRUE(ParseIsoWeek("2020w53").ok());
}

TEST(DigestCalendar, ParseIsoWeekRejectsMalformedText) {
  for (const char* bad : {"", "2026", "2026-48", "2026-W4", "2026-W480", "26-W48", "2026-W00",
                          "2026-X48", "abcd-W10"}) {
    EXPECT_EQ(ParseIsoWeek(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(DigestCalendar, FrenchDates) {
  EXPECT_EQ(FrenchLongDate(Day("2026-11-23")), "lundi 23 novembre 2026");
  EXPECT_EQ(FrenchLongDate(Day("2027-02-01")), "lundi 1er février 2027");
  EXPECT_EQ(FrenchShortDate(Day("2026-12-04")), "4 déc. 2026");
  EXPECT_EQ(FrenchDayMonth(Day("2026-08-15")), "15 août");
}

TEST(DigestCalendar, ParisOffsetFollowsEuropeanSummerTime) {
  EXPECT_EQ(ParisUtcOffsetMinutes(Day("2026-03-28")), 60);
  EXPECT_EQ(ParisUtcOffsetMinutes(Day("2026-03-29")), 120);  // Last Sunday of March.
  EXPECT_EQ(ParisUtcOffsetMinutes(Day("2026-10-24")), 120);
  EXPECT_EQ(ParisUtcOffsetMinutes(Day("2026-10-25")), 60);  // Last Sunday of October.
  EXPECT_EQ(Rfc5322Date(Day("2026-11-23"), 7), "Mon, 23 Nov 2026 07:00:00 +0100");
  EXPECT_EQ(Rfc5322Date(Day("2026-06-01"), 9), "Mon, 1 Jun 2026 09:00:00 +0200");
}

}  // namespace
}  // namespace meute::digest
